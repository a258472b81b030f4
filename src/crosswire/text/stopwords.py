"""Stopwords: the words a stage skips when it compares what texts are about.

Three lists, kept apart on purpose because each is tied to the results it feeds:

- ``STOPWORDS``: English function words and news filler ("says", "new", "via"), but not the
  negators "no", "nor", "not", which carry a report's stance. Stance's content terms; the
  shipped stance model was trained on features made with exactly this list, so change it only
  together with a retrained model (``bench/stance_train.py``).
- ``CLAIM_STOPWORDS``: a short list of articles, prepositions, auxiliaries, reporting verbs and
  the negators "not" and "no": what conflicts skip when they look for the words a denial
  negates and a claim states (the negator is how a denial differs, not what it is about).
- ``TITLE_STOPWORDS``: the words at which a title read backwards from a name stops ("said the
  port chief Raghavan" → "port chief"): articles, conjunctions, prepositions, possessives and
  reporting verbs.
"""

from __future__ import annotations

STOPWORDS = frozenset(
    """
a about above after again against all am an and any are as at be because been before being
below between both but by can could did do does doing down during each few for from further had
has have having he her here hers herself him himself his how i if in into is it its itself just
me more most my myself now of off on once only or other our ours out over own same she should so
some such than that the their theirs them themselves then there these they this those through to
too under until up very was we were what when where which while who whom why will with would you
your yours yourself yourselves says said say new one two also after just like get gets got via
""".split()
)

CLAIM_STOPWORDS = frozenset(
    """the a an and or of to in on at by for with from that this it its is was were
be been has have had will would said says say told also after before than as not no""".split()
)

TITLE_STOPWORDS = frozenset(
    {
        "the",
        "a",
        "an",
        "and",
        "or",
        "of",
        "said",
        "says",
        "told",
        "by",
        "with",
        "to",
        "for",
        "in",
        "on",
        "at",
        "as",
        "its",
        "his",
        "her",
        "their",
    }
)
