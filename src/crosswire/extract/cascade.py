"""Which of trafilatura's two extractions of a page to keep: precision mode, default mode, or
precision mode with the paragraphs default mode found inside it.

Precision mode (``favor_precision=True``) is our first choice: on the extraction benchmark it
keeps fewer related-story lists and captions. It also fails in two ways default mode does not:
it can return a fragment, such as a reprint notice alone, where the page holds a whole article,
and it drops short paragraphs inside the article (a subheading, a one-sentence paragraph). The
decision below is made on the texts after furniture cleaning, the text the analysis will see.

Tuned on the tuning half of the extraction benchmark (``crosswire.evaluation.extraction``,
``page_part``); figures on the check half are in the comments and the README.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

from crosswire.extract.clean import clean_text
from crosswire.text.paragraphs import paragraphs

#: Fewer words than this after cleaning is not an article (``article.MIN_WORDS``): the page would
#: be refused, so the default extraction can only help.
SHORT_WORDS = 15
#: Precision text is boilerplate-like when furniture rules removed at least this share of its
#: words. On the tuning half the largest share on a real article is 0.13 (check half: 0.13).
BOILERPLATE_SHARE = 0.5
#: Precision mode lost body text when the default text is at least this many times longer. On the
#: benchmark no page needs it: where precision mode is right, default mode adds at most 1.26x
#: the words on the tuning half (1.64x on the check half, a page with a long related-story list);
#: 2x leaves room for such lists and catches precision mode keeping under half of the article.
LENGTH_RATIO = 2.0
#: A line counts as a link when link texts of the page cover at least this share of its
#: characters (the link-density signal of boilerplate detectors: a teaser for another story).
LINK_SHARE = 0.5


@dataclass(frozen=True)
class Choice:
    """The text kept and how it was chosen (stored nowhere; for evaluation and debugging)."""

    text: str
    how: str


def choose_text(
    precise: str, default: str, link_texts: Callable[[], list[str]] | None = None
) -> Choice:
    """The better of the two extractions of one page (both raw, headlines already stripped).

    1. Default mode wins when it has more words after cleaning and the precision text is short
       (under ``SHORT_WORDS``), boilerplate-like (``BOILERPLATE_SHARE`` of it removed as
       furniture) or under ``1 / LENGTH_RATIO`` of the default text.
    2. Otherwise precision mode is kept, and a paragraph default mode has *between* two
       paragraphs both modes kept is put back in its place, unless it is a link (a teaser):
       precision mode's losses inside the article are short real paragraphs, while what default
       mode adds around it is related lists and comments. On the tuning half (69 pages) this
       raises recall 0.9783 -> 0.9799 with precision unchanged (F1 0.9713 -> 0.9723); on the
       check half (51 pages) it changes no page (F1 0.9846). Rule 1 fires on no benchmark page:
       it is there for the held-out failure where precision mode kept only a reprint notice.

    ``link_texts`` gives the texts of the page's links; it is called only when a paragraph may
    be put back (parsing the page again is the costly part).
    """
    precise_clean, removed, _ = clean_text(precise)
    default_clean, _, _ = clean_text(default)
    precise_words = len(precise_clean.split())
    default_words = len(default_clean.split())
    if default_words > precise_words:
        removed_words = sum(len(line.text.split()) for line in removed)
        if precise_words < SHORT_WORDS:
            return Choice(default, f"default: precision text has {precise_words} words")
        if removed_words >= BOILERPLATE_SHARE * (removed_words + precise_words):
            return Choice(default, "default: precision text is mostly furniture")
        if default_words >= LENGTH_RATIO * precise_words:
            return Choice(
                default,
                f"default: precision text {precise_words} words, default {default_words}",
            )
    return put_back_inner_paragraphs(precise, default, link_texts)


def put_back_inner_paragraphs(
    precise: str, default: str, link_texts: Callable[[], list[str]] | None = None
) -> Choice:
    """Precision text with the non-link paragraphs that default mode has between two paragraphs
    both modes kept, in default mode's order. Precision text as it is when the two disagree on
    what they share (different blocks of the page)."""
    precise_lines = paragraphs(precise)
    default_lines = paragraphs(default)
    kept = set(precise_lines)
    shared = [i for i, line in enumerate(default_lines) if line in kept]
    if len(shared) < 2 or len({default_lines[i] for i in shared}) < len(kept):
        return Choice(precise, "precision")
    inner = [line for line in default_lines[shared[0] + 1 : shared[-1]] if line not in kept]
    if not inner:
        return Choice(precise, "precision")
    links = _link_set(link_texts() if link_texts else [])
    put_back = {line for line in inner if not is_link_line(line, links)}
    if not put_back:
        return Choice(precise, "precision")
    merged: list[str] = []
    for line in default_lines[shared[0] : shared[-1] + 1]:
        if line in kept or line in put_back:
            merged.append(line)
    # Precision paragraphs outside the shared span (before the first, after the last) stay.
    first, last = default_lines[shared[0]], default_lines[shared[-1]]
    head = precise_lines[: precise_lines.index(first)]
    tail = precise_lines[len(precise_lines) - precise_lines[::-1].index(last) :]
    text = "\n".join([*head, *merged, *tail])
    return Choice(text, f"precision + {len(put_back)} paragraphs from default")


def _link_set(texts: list[str]) -> list[str]:
    return sorted({_squash(text) for text in texts if len(_squash(text)) > 3})


def is_link_line(line: str, links: list[str]) -> bool:
    """Whether link texts cover at least ``LINK_SHARE`` of the line's characters."""
    line = _squash(line)
    covered = sum(len(link) for link in links if link in line)
    return bool(line) and covered >= LINK_SHARE * len(line)


def _squash(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()
