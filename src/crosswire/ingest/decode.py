"""Bytes → text: a byte-order mark first, then UTF-8 (also when only a few bytes are damaged),
else the charset an HTML page declares or a detector finds, from an allow-list of real text
encodings, with a warning; binary and empty content refused with a reason."""

from __future__ import annotations

import codecs
import re

from crosswire.ingest.limits import SUPPORTED
from crosswire.records import InputProblem

#: Latin-script single-byte code pages that detectors confuse with each other on short texts
#: (Western, Central European, Turkish, Baltic, Nordic, Celtic and South-Eastern European).
_LATIN_FAMILY = {
    "cp1250",
    "cp1252",
    "cp1254",
    "cp1257",
    "latin_1",
    "iso8859_1",
    "iso8859_2",
    "iso8859_3",
    "iso8859_4",
    "iso8859_9",
    "iso8859_10",
    "iso8859_13",
    "iso8859_14",
    "iso8859_15",
    "iso8859_16",
    "mac_roman",
    "mac_latin2",
}

#: The encodings a page or a detector may name: those of the WHATWG Encoding Standard (what
#: browsers decode web pages with), in Python's spelling. Python also accepts codecs that are
#: not text encodings at all (``unicode_escape``, ``raw_unicode_escape``, ``punycode``,
#: ``idna``, ``rot_13``, ``undefined``, the byte-to-byte codecs) and DOS code pages no web
#: page uses; a name outside this list is ignored and the text's encoding is detected instead.
_ALLOWED = frozenset(
    codecs.lookup(name).name
    for name in (
        "utf_8",
        "utf_16",
        "utf_16_le",
        "utf_16_be",
        "cp866",
        "iso8859_2",
        "iso8859_3",
        "iso8859_4",
        "iso8859_5",
        "iso8859_6",
        "iso8859_7",
        "iso8859_8",
        "iso8859_10",
        "iso8859_13",
        "iso8859_14",
        "iso8859_15",
        "iso8859_16",
        "koi8_r",
        "koi8_u",
        "mac_roman",
        "mac_cyrillic",
        "cp874",
        "cp1250",
        "cp1251",
        "cp1252",
        "cp1253",
        "cp1254",
        "cp1255",
        "cp1256",
        "cp1257",
        "cp1258",
        "gbk",
        "gb2312",
        "gb18030",
        "big5",
        "big5hkscs",
        "euc_jp",
        "iso2022_jp",
        "shift_jis",
        "cp932",
        "euc_kr",
        "cp949",
    )
)
#: Labels the WHATWG standard reads as Windows-1252 (browsers do: pages labelled Latin-1 or
#: ASCII are nearly always Windows-1252, whose 0x80–0x9F bytes are curly quotes and dashes).
_AS_CP1252 = frozenset(codecs.lookup(name).name for name in ("latin_1", "ascii"))

#: Byte-order marks, longest first (the UTF-32 LE mark begins with the UTF-16 LE one).
_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32", "UTF-32"),
    (codecs.BOM_UTF32_BE, "utf-32", "UTF-32"),
    (codecs.BOM_UTF8, "utf-8-sig", "UTF-8"),
    (codecs.BOM_UTF16_LE, "utf-16", "UTF-16"),
    (codecs.BOM_UTF16_BE, "utf-16", "UTF-16"),
)
#: Invalid UTF-8 sequences per byte up to which a file with no other sign of a legacy encoding
#: is taken for damaged UTF-8 (at least two are always allowed). Text in a legacy code page
#: needs a non-ASCII byte for every accented letter (several per hundred bytes in most European
#: languages), while a few stray bytes in a long text are damage (a bad copy, a cut, a stray
#: byte); reading the whole file in a guessed code page for their sake garbles the rest. The
#: cost: an English text in Windows-1252 with one accented name loses that letter to U+FFFD,
#: with a warning.
_DAMAGE_RATE = 1 / 1000
#: Bytes that on their own mark Windows-1252 text: its curly quotes, dashes, ellipsis and the
#: no-break space. A file whose only bad bytes are these is Windows-1252, however few there are.
_CP1252_PUNCTUATION = frozenset(b"\x85\x91\x92\x93\x94\x96\x97\xa0")


def decode(
    source: str, data: bytes, *, html: bool = False
) -> tuple[str | None, InputProblem | None]:
    """Bytes → text. A BOM names the encoding; then UTF-8, also when only a few bytes are bad
    (replaced, with a warning); else the declared or detected charset, with a warning."""
    bom = _bom_text(source, data)
    if bom is not None:
        return bom
    if not data.strip():
        return None, InputProblem(source, "empty file: there is no text to read")
    if _looks_binary(data):
        return None, InputProblem(
            source,
            "binary content, not text: crosswire reads "
            f"{SUPPORTED}; convert the document to one of those",
        )
    try:
        return data.decode("utf-8"), None
    except UnicodeDecodeError as error:
        position = error.start
    declared = _declared_charset(data) if html else None
    if declared is not None:
        try:
            return data.decode(declared), InputProblem(
                source,
                f"not valid UTF-8 (first bad byte at offset {position}); read as {declared}, "
                "the encoding the page declares",
                "warning",
            )
        except UnicodeDecodeError:
            pass
    damaged = _damaged_utf8(data)
    if damaged is not None:
        text, bad = damaged
        return text, InputProblem(
            source,
            f"not valid UTF-8 ({bad} bad byte sequence{'s' if bad != 1 else ''}, the first at "
            f"offset {position}, in text that is otherwise UTF-8); read as UTF-8 with each bad "
            "sequence replaced by \ufffd",
            "warning",
        )
    for encoding in filter(None, [_detected_charset(data), "cp1252"]):
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


def allowed_encoding(name: str) -> str | None:
    """The Python codec for a charset label when it is an allowed text encoding, else None."""
    try:
        canonical = codecs.lookup(name.strip().lower()).name
    except (LookupError, ValueError):
        return None
    if canonical in _AS_CP1252:
        return "cp1252"
    return canonical if canonical in _ALLOWED else None


def _bom_text(source: str, data: bytes) -> tuple[str | None, InputProblem | None] | None:
    """Text that starts with a byte-order mark, decoded as the mark says (None without one)."""
    for mark, codec, label in _BOMS:
        if not data.startswith(mark):
            continue
        warning: InputProblem | None = None
        try:
            text = data.decode(codec)
        except UnicodeDecodeError as error:
            text = data.decode(codec, "replace")
            warning = InputProblem(
                source,
                f"{label} with a byte-order mark but damaged (first bad byte at offset "
                f"{error.start}); bad bytes replaced by \ufffd",
                "warning",
            )
        if not text.strip():
            return None, InputProblem(source, "empty file: there is no text to read")
        return text, warning
    return None


def _damaged_utf8(data: bytes) -> tuple[str, int] | None:
    """The text read as UTF-8 with bad sequences replaced, and their count, when the file is
    UTF-8 with a little damage: it holds at least as many valid multi-byte characters as bad
    sequences (legacy code pages almost never form valid UTF-8 by chance), or its bad sequences
    are very few and not Windows-1252 punctuation."""
    text = data.decode("utf-8", "replace")
    bad = text.count("\ufffd") - data.count("\ufffd".encode())
    if bad <= 0:
        return None
    multibyte = len(text) - len(text.encode("ascii", "ignore")) - text.count("\ufffd")
    if multibyte >= bad:
        return text, bad
    if bad > max(2, len(data) * _DAMAGE_RATE):
        return None
    high = {byte for byte in data if byte > 127}
    if high <= _CP1252_PUNCTUATION:
        return None
    return text, bad


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
    encoding = allowed_encoding(match.group(1).decode("ascii"))
    return None if encoding in {None, "utf-8"} else encoding


def _detected_charset(data: bytes) -> str | None:
    """The detector's guess, when it is an allowed encoding; within the Latin family,
    Windows-1252 (by far the most common for news in Western languages) when it decodes the
    bytes cleanly."""
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
    return allowed_encoding(best.encoding)
