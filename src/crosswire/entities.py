"""Entities: named-entity mentions grouped across articles.

For now a group is one surface form (normalised spacing, the possessive 's dropped) with one
spaCy label; merging spelling variants, surnames and titles into canonical entities is the next
step of this stage.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Sequence

from crosswire.model import EntityGroup, Mention, normalise_text, stable_id


def surface_key(text: str) -> str:
    """The form mentions are grouped by: spacing normalised, a trailing possessive removed."""
    text = normalise_text(text)
    return re.sub(r"['’]s$", "", text).strip()


def group_mentions(mentions: Sequence[Mention]) -> tuple[EntityGroup, ...]:
    """One group per (surface form, label), most-mentioned first, then by name."""
    articles: dict[tuple[str, str], set[str]] = defaultdict(set)
    counts: dict[tuple[str, str], int] = defaultdict(int)
    for mention in mentions:
        key = (surface_key(mention.text), mention.label)
        if not key[0]:
            continue
        articles[key].add(mention.article_id)
        counts[key] += 1
    groups = [EntityGroup(stable_id("e", label, name), name, label, tuple(sorted(articles[(name, label)])),
                          counts[(name, label)])
              for name, label in articles]
    groups.sort(key=lambda g: (-len(g.article_ids), -g.mention_count, g.name, g.type))
    return tuple(groups)
