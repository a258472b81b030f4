"""The formats ingest reads → ``RawDocument``: plain text (``.txt``, ``.md``) with optional header
lines, HTML, JSON (one object or a list), JSON Lines and WARC HTML response records."""

from __future__ import annotations

import io
import json
import re
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
    try:
        data = json.loads(text)
    except json.JSONDecodeError as error:
        yield InputProblem(
            source,
            f"invalid JSON at line {error.lineno} column {error.colno}: "
            f"{error.msg}; fix the file or check it with a JSON validator",
            "failed",
        )
        return
    records = data if isinstance(data, list) else [data]
    for number, record in enumerate(records, start=1):
        label = f"{source}#{number}" if isinstance(data, list) else source
        yield record_to_document(label, record, max_bytes)


def _read_jsonl(source: str, text: str, max_bytes: int) -> Iterator[Item]:
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        label = f"{source}:{number}"
        try:
            record = json.loads(line)
        except json.JSONDecodeError as error:
            yield InputProblem(
                label,
                f"invalid JSON on this line (column {error.colno}: "
                f"{error.msg}); each line must be one JSON object",
                "failed",
            )
            continue
        yield record_to_document(label, record, max_bytes)


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
        if len(value.encode("utf-8")) > max_bytes:
            return InputProblem(source, too_large(len(value.encode("utf-8")), max_bytes))
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
    """HTML response records of a WARC file (gzipped or not)."""
    # deferred: warcio takes 0.4 s to import and only WARC input needs it
    from warcio.archiveiterator import ArchiveIterator
    from warcio.exceptions import ArchiveLoadFailed

    found = 0
    try:
        for record in ArchiveIterator(io.BytesIO(data)):
            if record.rec_type != "response":
                continue
            content_type = (
                record.http_headers.get_header("Content-Type") if record.http_headers else ""
            )
            if "html" not in (content_type or "").lower():
                continue
            uri = record.rec_headers.get_header("WARC-Target-URI") or ""
            label = f"{source}@{uri}"
            body = record.content_stream().read(max_bytes + 1)
            if len(body) > max_bytes:
                yield InputProblem(label, too_large(len(body), max_bytes))
                continue
            text, problem = decode(label, body, html=True)
            if problem is not None:
                yield problem
            if text is not None:
                found += 1
                yield RawDocument(label, "html", text, (("url", uri),) if uri else ())
    except (ArchiveLoadFailed, ValueError, OSError) as error:
        yield InputProblem(source, f"not a readable WARC file ({error})", "failed")
        return
    if not found:
        yield InputProblem(source, "the WARC file holds no HTML response records")
