"""One home for the text helpers every stage shares.

- ``normalise``: the normalised text ids are made from, loose keys, ASCII folding;
- ``tokens``: word tokenisers (one character-class pattern) and the polarity/stance tokens;
- ``stems``: the conflict/entity suffix stripper and the stance model's short stems;
- ``stopwords``: the stance, claim and title stopword lists;
- ``names``: name keys for entity resolution and for story clustering;
- ``paragraphs``: paragraph spans and texts;
- ``datelines``: the strict (attribution, summaries) and loose (provenance) dateline finders.

Where two stages need different behaviour, the module says why once; this package imports
nothing else of crosswire, so any stage may use it.
"""
