"""Decoding check on real news text: the article bodies of the extraction benchmark (gold main
text of 120 pages), written out the two ways a file goes wrong, and read back by
``ingest.decode``.

- Legacy: each body that Windows-1252 can encode and that has a non-ASCII character, encoded
  in Windows-1252 (the most common legacy code page for Western news). Counted right when it
  reads back exactly.
- Damaged: each body in UTF-8 with one to three stray bytes (0x80-0xFF, seeded by the page id)
  put in at random places (a bad copy, a cut). Counted right when it reads back as UTF-8 with
  only those bytes replaced by U+FFFD.

The halves are the extraction benchmark's (by a hash of the page id); no rule was tuned on the
check half.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from pathlib import Path

from crosswire.evaluation.extraction import load_benchmark, page_part
from crosswire.ingest.decode import decode

#: Bodies shorter than this are left out: a few words say nothing about an encoding.
MIN_CHARS = 200


@dataclass(frozen=True)
class DecodingScore:
    legacy_right: int
    legacy: int
    damaged_right: int
    damaged: int

    @property
    def legacy_exact(self) -> float:
        return self.legacy_right / self.legacy if self.legacy else 0.0

    @property
    def damaged_as_utf8(self) -> float:
        return self.damaged_right / self.damaged if self.damaged else 0.0


def with_stray_bytes(page_id: str, body: str) -> bytes:
    """The body in UTF-8 with one to three stray high bytes, the same ones on every run."""
    rnd = random.Random(page_id)
    data = bytearray(body.encode("utf-8"))
    for _ in range(rnd.randint(1, 3)):
        data.insert(rnd.randrange(len(data)), rnd.randrange(0x80, 0x100))
    return bytes(data)


def evaluate(directory: Path) -> dict[str, DecodingScore]:
    """Scores for the parts "all", "tuning" and "check"."""
    counts = {part: [0, 0, 0, 0] for part in ("all", "tuning", "check")}
    for page_id, record in sorted(load_benchmark(directory).items()):
        body = record.get("articleBody") or ""
        if len(body) < MIN_CHARS:
            continue
        tallies = [counts["all"], counts[page_part(page_id)]]
        try:
            legacy = body.encode("cp1252")
        except UnicodeEncodeError:
            legacy = b""
        if legacy and not legacy.isascii():
            text, _ = decode(page_id, legacy)
            for tally in tallies:
                tally[0] += text == body
                tally[1] += 1
        text, _ = decode(page_id, with_stray_bytes(page_id, body))
        for tally in tallies:
            tally[2] += text is not None and text.replace("\ufffd", "") == body
            tally[3] += 1
    return {part: DecodingScore(*tally) for part, tally in counts.items()}


def main(directory: str) -> None:
    for part, score in evaluate(Path(directory)).items():
        print(
            f"{part:6} Windows-1252 bodies read exactly {score.legacy_right}/{score.legacy} "
            f"({score.legacy_exact:.4f}); bodies with stray bytes read as damaged UTF-8 "
            f"{score.damaged_right}/{score.damaged} ({score.damaged_as_utf8:.4f})"
        )


if __name__ == "__main__":
    import sys

    main(sys.argv[1])
