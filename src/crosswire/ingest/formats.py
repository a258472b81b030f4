"""The formats ingest reads → ``RawDocument``: plain text (``.txt``, ``.md``) with optional header
lines, HTML, JSON (one object or a list), JSON Lines and WARC HTML response records."""

from __future__ import annotations

import contextlib
import gzip
import io
import json
import logging
import re
import zlib
from collections.abc import Iterator
from typing import Literal

from crosswire.ingest.decode import decode
from crosswire.ingest.limits import DEFAULT_MAX_BYTES, HTML_SUFFIXES, TEXT_SUFFIXES, too_large
from crosswire.records import InputProblem, RawDocument
from crosswire.text.headlines import looks_like_headline

HEADER_FIELDS = {
    "title": "title",
    "outlet": "outlet",
    "source": "outlet",
    "publication": "outlet",
    "url": "url",
    "link": "url",
    "published": "published",
    "date": "published",
    "author": "author",
    "byline": "author",
}
RECORD_FIELDS = ("title", "url", "outlet", "published", "author")
_HEADER_LINE = re.compile(r"^([A-Za-z][A-Za-z ]{1,20}):[ \t]*(.*)$")

Item = RawDocument | InputProblem


def read_bytes(source: str, data: bytes, suffix: str, max_bytes: int) -> Iterator[Item]:
    """The documents in ``data``, read as the format ``suffix`` names."""
    if suffix == ".warc":
        yield from _read_warc(source, data, max_bytes)
        return
    if suffix not in {".jsonl"} and len(data) > max_bytes:
        yield InputProblem(source, too_large(len(data), max_bytes))
        return
    text, problem = decode(source, data, html=suffix in HTML_SUFFIXES)
    if problem is not None:
        yield problem
    if text is None:
        return
    if not text.strip():
        yield InputProblem(source, "empty file: there is no text to read")
        return
    if suffix in TEXT_SUFFIXES:
        yield parse_text_file(source, text)
    elif suffix in HTML_SUFFIXES:
        yield RawDocument(source, "html", text)
    elif suffix == ".json":
        yield from _read_json(source, text, max_bytes)
    else:
        yield from _read_jsonl(source, text, max_bytes)


def parse_text_file(source: str, text: str) -> RawDocument:
    """Plain text: optional header lines, a blank line, the body; without headers, line one is
    the headline when it reads as one."""
    lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    while lines and not lines[0].strip():
        lines.pop(0)
    fields: list[tuple[str, str]] = []
    index = 0
    while index < len(lines):
        match = _HEADER_LINE.match(lines[index])
        key = HEADER_FIELDS.get(match.group(1).strip().lower()) if match else None
        if match is None or key is None:
            break
        if match.group(2).strip():
            fields.append((key, match.group(2).strip()))
        index += 1
    if fields and (index == len(lines) or not lines[index].strip()):
        body = "\n".join(lines[index:]).strip("\n")
    else:
        fields = []
        body = "\n".join(lines)
    if not any(key == "title" for key, _ in fields):
        # A first line that reads as a headline is kept apart as one ("headline", not "title":
        # it was read from the text, and extraction may still find it to be furniture).
        first, _, rest = body.lstrip("\n").partition("\n")
        if rest.strip() and looks_like_headline(first):
            fields.append(("headline", first.strip().lstrip("# ").strip()))
            body = rest.strip("\n")
    return RawDocument(source, "text", body, tuple(sorted(fields)))


def _read_json(source: str, text: str, max_bytes: int) -> Iterator[Item]:
    data, reason = load_json(text)
    if reason is not None:
        yield InputProblem(
            source, f"{reason}; fix the file or check it with a JSON validator", "failed"
        )
        return
    if isinstance(data, list) and not data:
        yield InputProblem(source, "the JSON list is empty: it holds no records to read")
        return
    records = data if isinstance(data, list) else [data]
    for number, record in enumerate(records, start=1):
        label = f"{source}#{number}" if isinstance(data, list) else source
        yield _guarded_record(label, record, max_bytes)


def _read_jsonl(source: str, text: str, max_bytes: int) -> Iterator[Item]:
    # Records end at "\n" only: str.splitlines would also split at U+2028, U+2029, U+0085 and
    # other separators that JSON strings may hold raw, cutting a good record in two.
    for number, line in enumerate(text.split("\n"), start=1):
        if not line.strip():
            continue
        label = f"{source}:{number}"
        record, reason = load_json(line)
        if reason is not None:
            yield InputProblem(
                label,
                f"this line cannot be read: {reason}; each line must be one JSON object",
                "failed",
            )
            continue
        yield _guarded_record(label, record, max_bytes)


def load_json(text: str) -> tuple[object, str | None]:
    """JSON text → a value, or None and the reason it cannot be read. Nesting is bounded before
    parsing (Python's parser recurses once per level), and the errors the parser raises besides
    its own (a number over Python's 4,300-digit limit, a recursion limit) become reasons."""
    depth = json_depth(text)
    if depth > MAX_JSON_DEPTH:
        return None, (
            f"JSON nested deeper than {MAX_JSON_DEPTH} levels (at least {depth}); "
            "an article record needs only a few"
        )
    try:
        return json.loads(text), None
    except json.JSONDecodeError as error:
        return None, f"invalid JSON at line {error.lineno} column {error.colno}: {error.msg}"
    except RecursionError:
        return None, "JSON nested too deeply to read"
    except ValueError as error:
        if "digits" in str(error):
            return None, (
                "a JSON number has more digits than Python reads (4,300); "
                "no article field needs such a number"
            )
        return None, f"invalid JSON: {str(error)[:120]}"


#: Deepest JSON nesting read. An article record is an object in at most a list or two; deeper
#: nesting is not a record, and Python's parser would recurse once per level.
MAX_JSON_DEPTH = 100
_JSON_STRING = re.compile(r'"[^"\\]*(?:\\.[^"\\]*)*"', re.S)
_JSON_BRACKET = re.compile(r"[\[\]{}]")


def json_depth(text: str, stop: int = MAX_JSON_DEPTH) -> int:
    """The deepest bracket nesting in JSON text outside strings, counted up to ``stop + 1``."""
    depth = deepest = 0
    for piece in _JSON_STRING.split(text):
        for match in _JSON_BRACKET.finditer(piece):
            depth += 1 if match.group() in "[{" else -1
            if depth > deepest:
                deepest = depth
                if deepest > stop:
                    return deepest
    return deepest


def _guarded_record(source: str, record: object, max_bytes: int) -> Item:
    try:
        return record_to_document(source, record, max_bytes)
    except Exception as error:  # one bad record must not cost the file's other records
        return InputProblem(source, f"cannot read this record ({type(error).__name__})", "failed")


def record_to_document(source: str, record: object, max_bytes: int = DEFAULT_MAX_BYTES) -> Item:
    """A JSON record with ``text`` or ``html`` and optional metadata fields → ``RawDocument``."""
    if not isinstance(record, dict):
        return InputProblem(
            source,
            f"expected a JSON object with a 'text' or 'html' field, got {_json_type(record)}",
        )
    fields: list[tuple[str, str]] = []
    for key in RECORD_FIELDS:
        value = record.get(key)
        if value is None:
            continue
        if not isinstance(value, str):
            return InputProblem(
                source,
                f"field '{key}' must be a string, got {_json_type(value)}; "
                "fix the record or drop the field",
            )
        if value.strip():
            fields.append((key, value.strip()))
    for key in ("text", "html"):
        value = record.get(key)
        if value is None:
            continue
        if not isinstance(value, str):
            return InputProblem(source, f"field '{key}' must be a string, got {_json_type(value)}")
        size = len(value.encode("utf-8", "surrogatepass"))
        if size > max_bytes:
            return InputProblem(source, too_large(size, max_bytes))
        if not value.strip():
            continue
        kind: Literal["text", "html"] = "text" if key == "text" else "html"
        return RawDocument(source, kind, value, tuple(sorted(fields)))
    return InputProblem(
        source,
        "the record has no 'text' or 'html' field with content; add one (see README: JSON input)",
    )


def _json_type(value: object) -> str:
    names = {
        dict: "an object",
        list: "a list",
        str: "a string",
        bool: "true/false",
        int: "a number",
        float: "a number",
        type(None): "null",
    }
    return names.get(type(value), type(value).__name__)


def _read_warc(source: str, data: bytes, max_bytes: int) -> Iterator[Item]:
    """HTML response records of a WARC file (gzipped or not). warcio's own complaints (written
    to stderr or its logger) are caught and reported as one warning; a damaged record or a
    damaged gzip stops the file with a reason, keeping the records read before it."""
    # deferred: warcio takes 0.4 s to import and only WARC input needs it
    from warcio.archiveiterator import ArchiveIterator
    from warcio.exceptions import ArchiveLoadFailed

    # warcio logs a warning per odd header; each is reported through the complaints below
    logging.getLogger("warcio").setLevel(logging.CRITICAL + 1)
    damage = _gzip_damage(data) if data[:2] == b"\x1f\x8b" else None
    complaints = io.StringIO()
    found = 0
    stopped: str | None = None
    try:
        records = ArchiveIterator(io.BytesIO(data))
        while True:
            with contextlib.redirect_stderr(complaints):
                record = next(records, None)
                if record is None:
                    break
                items = _warc_items(source, record, max_bytes)
            for item in items:
                found += isinstance(item, RawDocument)
                yield item
    except ArchiveLoadFailed as error:
        stopped = f"not a readable WARC file ({_short(error)})"
    except Exception as error:  # warcio fails on malformed records with many kinds of error
        stopped = (
            f"a malformed WARC record stopped reading ({type(error).__name__}: {_short(error)})"
        )
    if complaints.getvalue().strip():
        lines = [line for line in complaints.getvalue().splitlines() if line.strip()]
        yield InputProblem(
            source,
            f"warcio reported {len(lines)} problem(s) reading the WARC file "
            f"(first: {_short(lines[0])})",
            "warning",
        )
    kept = f"; {found} article(s) read before it were kept" if found else ""
    if damage is not None:
        yield InputProblem(
            source,
            f"damaged gzip: {damage}; the file was cut short or corrupted{kept}",
            "warning" if found else "failed",
        )
    elif stopped is not None:
        yield InputProblem(source, stopped + kept, "warning" if found else "failed")
    elif not found:
        yield InputProblem(source, "the WARC file holds no HTML response records")


def _warc_items(source: str, record, max_bytes: int) -> list[Item]:
    """The document (and any decoding warning) of one WARC record; none unless it is an HTML
    response."""
    if record.rec_type != "response":
        return []
    content_type = record.http_headers.get_header("Content-Type") if record.http_headers else ""
    if "html" not in (content_type or "").lower():
        return []
    uri = record.rec_headers.get_header("WARC-Target-URI") or ""
    label = f"{source}@{uri}"
    body = record.content_stream().read(max_bytes + 1)
    if len(body) > max_bytes:
        return [InputProblem(label, too_large(len(body), max_bytes))]
    text, problem = decode(label, body, html=True)
    items: list[Item] = [problem] if problem is not None else []
    if text is not None:
        items.append(RawDocument(label, "html", text, (("url", uri),) if uri else ()))
    return items


def _gzip_damage(data: bytes) -> str | None:
    """Why gzipped ``data`` cannot be read to its end (None when it can), read in chunks."""
    try:
        with gzip.GzipFile(fileobj=io.BytesIO(data)) as handle:
            while handle.read(1 << 20):
                pass
    except (OSError, EOFError, zlib.error) as error:
        return _short(error)
    return None


def _short(error: object) -> str:
    """An error message on one line, cut to a readable length."""
    text = " ".join(str(error).split())
    return text if len(text) <= 160 else text[:157] + "..."
