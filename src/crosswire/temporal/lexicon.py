"""Words the temporal grammar is built from: calendar names, number words and verb forms.

Kept apart from the grammar so the patterns read as phrases and the word lists can grow without
touching them.
"""

from __future__ import annotations

MONTHS = {
    "january": 1,
    "jan": 1,
    "february": 2,
    "feb": 2,
    "march": 3,
    "mar": 3,
    "april": 4,
    "apr": 4,
    "may": 5,
    "june": 6,
    "jun": 6,
    "july": 7,
    "jul": 7,
    "august": 8,
    "aug": 8,
    "september": 9,
    "sept": 9,
    "sep": 9,
    "october": 10,
    "oct": 10,
    "november": 11,
    "nov": 11,
    "december": 12,
    "dec": 12,
}
WEEKDAYS = {
    "monday": 0,
    "tuesday": 1,
    "wednesday": 2,
    "thursday": 3,
    "friday": 4,
    "saturday": 5,
    "sunday": 6,
}
SEASONS = {"spring": "SP", "summer": "SU", "fall": "FA", "autumn": "FA", "winter": "WI"}
SEASON_OF_MONTH = {
    12: "WI",
    1: "WI",
    2: "WI",
    3: "SP",
    4: "SP",
    5: "SP",
    6: "SU",
    7: "SU",
    8: "SU",
    9: "FA",
    10: "FA",
    11: "FA",
}
SEASON_ORDER = ("WI", "SP", "SU", "FA")

TENS_PLURAL = {
    "twenties": 2,
    "thirties": 3,
    "forties": 4,
    "fifties": 5,
    "sixties": 6,
    "seventies": 7,
    "eighties": 8,
    "nineties": 9,
}
ORDINAL_UNITS = {
    "first": 1,
    "second": 2,
    "third": 3,
    "fourth": 4,
    "fifth": 5,
    "sixth": 6,
    "seventh": 7,
    "eighth": 8,
    "ninth": 9,
    "tenth": 10,
    "eleventh": 11,
    "twelfth": 12,
    "thirteenth": 13,
    "fourteenth": 14,
    "fifteenth": 15,
    "sixteenth": 16,
    "seventeenth": 17,
    "eighteenth": 18,
    "nineteenth": 19,
    "twentieth": 20,
    "thirtieth": 30,
}
QUARTER_ORDINALS = {
    "first": 1,
    "1st": 1,
    "second": 2,
    "2nd": 2,
    "third": 3,
    "3rd": 3,
    "fourth": 4,
    "4th": 4,
}
VAGUE_COUNTS = ("several", "a few", "few", "some", "many", "a couple of", "a number of")

# Past-tense forms that do not end in -ed (the common irregular verbs of news reporting).
IRREGULAR_PAST = frozenset(
    """
was were had did said made took came went got gave told found left became began brought bought
sold paid held kept lost met ran rose fell saw sent spent stood thought won wrote spoke broke
chose drew drove fought flew grew hid hung knew led lent meant rang rode sank shook shot slid
sought struck swore taught threw understood woke wore withdrew sat felt heard built dealt fled
bore arose slept stole stuck swung tore wept undertook overcame oversaw overtook forgot froze
ate became sped sprang stank strove upheld withheld foresaw mistook outran rebuilt resold
""".split()
)
# Words ending in -ed that are not verbs in the past.
NOT_PAST_ED = frozenset(
    """
need needs speed seed feed bed red shed hundred indeed bred creed deed greed weed breed steed
proceed exceed succeed embed tweed reed heed naked wicked sacred rugged ragged kindred
""".split()
)
BE_PRESENT = frozenset({"is", "are", "am", "'s", "'re"})
BE_PAST = frozenset({"was", "were"})
HAVE_PRESENT = frozenset({"has", "have", "'ve"})
PRESENT_VERBS = frozenset(
    """
is are am does do says tells remains seems appears believes thinks wants knows hopes expects
needs continues faces stands holds lives works owns
""".split()
)
FUTURE_AUXILIARIES = frozenset({"will", "'ll", "shall", "wo", "won't", "gonna"})
# Participles that after a present "be" point forward: "is scheduled Monday", "is due in May".
FUTURE_PARTICIPLES = frozenset(
    {
        "scheduled",
        "expected",
        "slated",
        "set",
        "due",
        "planned",
        "supposed",
        "poised",
        "likely",
        "going",
        "about",
    }
)
ADVERBS_BETWEEN = frozenset(
    {
        "not",
        "n't",
        "also",
        "still",
        "already",
        "just",
        "now",
        "never",
        "only",
        "even",
        "then",
        "reportedly",
        "probably",
        "likely",
        "been",
        "being",
    }
)
