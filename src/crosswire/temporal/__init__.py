"""The parts of temporal expression resolution: grammar (``patterns``), word lists
(``lexicon``), calendar arithmetic (``calendar``), number words (``numbers``), clause tense
(``tense``), per-text anchors (``discourse``) and the resolvers (``resolve``, ``anaphora``).
The entry point is ``crosswire.temporal.expressions.find_temporal_expressions``."""
