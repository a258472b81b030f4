"""Bytes → text: UTF-8 first, else the charset an HTML page declares or a detector finds, with a
warning; binary and empty content refused with a reason."""

from __future__ import annotations

import re

from crosswire.ingest.limits import SUPPORTED
from crosswire.records import InputProblem

#: Latin-script single-byte code pages that detectors confuse with each other on short texts.
_LATIN_FAMILY = {
    "cp1250",
    "cp1252",
    "cp1254",
    "latin_1",
    "iso8859_1",
    "iso8859_2",
    "iso8859_9",
    "iso8859_15",
    "mac_roman",
    "mac_latin2",
}


def decode(
    source: str, data: bytes, *, html: bool = False
) -> tuple[str | None, InputProblem | None]:
    """Bytes → text. UTF-8 first; else the declared or detected charset, with a warning."""
    if not data.strip():
        return None, InputProblem(source, "empty file: there is no text to read")
    if _looks_binary(data):
        return None, InputProblem(
            source,
            "binary content, not text: crosswire reads "
            f"{SUPPORTED}; convert the document to one of those",
        )
    try:
        return data.decode("utf-8-sig"), None
    except UnicodeDecodeError as error:
        position = error.start
    declared = _declared_charset(data) if html else None
    for encoding in filter(None, [declared, _detected_charset(data), "cp1252"]):
        try:
            text = data.decode(encoding)
        except (UnicodeDecodeError, LookupError):
            continue
        return text, InputProblem(
            source,
            f"not valid UTF-8 (first bad byte at offset {position}); read as {encoding}. "
            "Re-save the file as UTF-8 if the text looks wrong",
            "warning",
        )
    return None, InputProblem(
        source,
        f"not valid UTF-8 (bad byte at offset {position}) and no "
        "other encoding fits; re-save the file as UTF-8",
        "failed",
    )


def _looks_binary(data: bytes) -> bool:
    sample = data[:8192]
    if b"\x00" in sample:
        return True
    control = sum(1 for b in sample if b < 32 and b not in (9, 10, 12, 13))
    return control > len(sample) * 0.05


def _declared_charset(data: bytes) -> str | None:
    match = re.search(rb"<meta[^>]+charset=[\"']?([A-Za-z0-9_\-]+)", data[:4096], re.I)
    if not match:
        return None
    name = match.group(1).decode("ascii").lower()
    return None if name in {"utf-8", "utf8"} else name


def _detected_charset(data: bytes) -> str | None:
    """The detector's guess; within the Latin family, Windows-1252 (by far the most common for
    news in Western languages) when it decodes the bytes cleanly."""
    # deferred: charset_normalizer takes 0.1 s to import and only non-UTF-8 input needs it
    from charset_normalizer import from_bytes

    best = from_bytes(data[:200_000]).best()
    if best is None:
        return None
    if best.encoding in _LATIN_FAMILY:
        try:
            data.decode("cp1252")
            return "cp1252"
        except UnicodeDecodeError:
            pass
    return best.encoding
