"""The parts of quote and attribution finding; ``crosswire.attribution.quotes`` puts them together.

- ``marks``: quotation marks read from the text (no model);
- ``verbs``: the word lists (speech, thought and object-content verbs, listener verbs,
  documents, topic prepositions);
- ``subjects``: who a cue belongs to: its subject, or the name the parser attached elsewhere;
- ``cues``: speech and thought verbs, "according to", quote-framing verbs, and their
  complements;
- ``speakers``: datelines, pronoun and title resolution, genders read from the article;
- ``context``: one article's parse, quotes and mentions, and the speaker of a cue's subject;
- ``linking``: which cue or signature a quote belongs to.
"""
