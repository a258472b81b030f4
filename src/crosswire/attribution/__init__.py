"""The parts of quote and attribution finding; ``crosswire.attribution.quotes`` puts them together.

- ``marks``: quotation marks read from the text (no model);
- ``paragraphs``: the spaCy component that starts a sentence at every paragraph;
- ``cues``: speech and thought verbs, "according to", and their subjects and complements;
- ``speakers``: datelines, pronoun and title resolution, genders read from the article;
- ``context``: one article's parse, quotes and mentions, and the speaker of a cue's subject;
- ``linking``: which cue or signature a quote belongs to.
"""
