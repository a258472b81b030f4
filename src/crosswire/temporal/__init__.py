"""The parts of temporal expression resolution: grammar (``patterns``), word lists
(``lexicon``), calendar arithmetic (``calendar``), number words (``numbers``), clause tense
(``tense``), per-text anchors (``discourse``), what the resolvers share (``choice``) and the
resolvers: calendar names (``resolve``), quarters, periods and halves (``periods``), and
expressions counted from publication or an earlier date (``anaphora``).
The entry point is ``crosswire.temporal.expressions.find_temporal_expressions``."""
