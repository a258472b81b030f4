"""Ingest: paths, directories, globs and stdin → ``RawDocument`` records, or a reason per input.

Formats, chosen by file name (``.gz`` is unwrapped first): plain text (``.txt``, ``.md``) with
optional ``Title:``/``Outlet:``/``URL:``/``Published:``/``Author:`` header lines; HTML (``.html``,
``.htm``); JSON (``.json``, one object or a list) and JSON Lines (``.jsonl``) records; WARC
(``.warc``) HTML response records. Anything else is skipped with a reason. No input stops the run.
"""

from __future__ import annotations

import glob
import gzip
import io
import json
import os
import re
import sys
from collections.abc import Iterable, Iterator
from pathlib import Path

from crosswire.records import InputProblem, RawDocument

#: Largest single article we accept (bytes of text). Long enough for any news article many
#: times over; a larger file is almost always a dump or a mistake, and spaCy's memory grows
#: with document length.
DEFAULT_MAX_BYTES = 5_000_000
#: Largest container (JSONL, WARC, gzip) we read.
MAX_CONTAINER_BYTES = 2_000_000_000

TEXT_SUFFIXES = {".txt", ".md"}
HTML_SUFFIXES = {".html", ".htm", ".xhtml"}
SUPPORTED = ".txt, .md, .html, .htm, .json, .jsonl, .warc (each optionally .gz)"
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


def read_inputs(
    inputs: Iterable[str],
    *,
    max_bytes: int = DEFAULT_MAX_BYTES,
    stdin: io.BufferedReader | None = None,
) -> Iterator[Item]:
    """Yield a ``RawDocument`` for every document found, an ``InputProblem`` for every input not used."""
    seen: set[str] = set()
    for spec in inputs:
        if spec == "-":
            data = (stdin or sys.stdin.buffer).read()
            yield from _read_stdin(data, max_bytes)
            continue
        if re.match(r"^[a-z]+://", spec):
            yield InputProblem(
                spec,
                "URLs are not fetched by this command yet; save the page and "
                "pass the file, or use a JSON record with an 'html' field",
            )
            continue
        paths = list(_expand(spec))
        if not paths and Path(spec).is_dir():
            yield InputProblem(
                spec, f"the directory holds no files; put the articles in it ({SUPPORTED})"
            )
            continue
        if not paths:
            yield InputProblem(
                spec, "no such file or directory, and no file matches it as a glob; check the path"
            )
            continue
        for item in paths:
            if isinstance(item, InputProblem):
                yield item
                continue
            key = os.path.realpath(item)
            if key in seen:
                continue
            seen.add(key)
            yield from read_file(item, max_bytes=max_bytes)


def _expand(spec: str) -> Iterator[str | InputProblem]:
    """A path, a directory (recursive, sorted, symlink loops reported) or a glob → file paths."""
    path = Path(spec)
    if path.is_symlink() and not path.exists():
        yield InputProblem(spec, _broken_link_reason(path))
        return
    if path.is_dir():
        yield from _walk(path)
        return
    if path.exists():
        yield spec
        return
    if any(ch in spec for ch in "*?["):
        for match in sorted(glob.glob(spec, recursive=True)):
            if Path(match).is_dir():
                yield from _walk(Path(match))
            else:
                yield match


def _broken_link_reason(path: Path) -> str:
    try:
        os.stat(path)
    except OSError as error:
        if error.errno == 40:  # ELOOP
            return "symlink loop: the link points back to itself; remove or fix the link"
    return f"broken symlink (points to {os.readlink(path)!r}, which does not exist)"


def _walk(root: Path, visited: set[str] | None = None) -> Iterator[str | InputProblem]:
    """Every file below ``root`` in sorted path order; a directory reached twice through a link
    (a symlink loop) is reported, not read again."""
    visited = set() if visited is None else visited
    real = os.path.realpath(root)
    if real in visited:
        yield InputProblem(
            str(root),
            "symlink loop: this directory links back to one already read; it was not read again",
        )
        return
    visited.add(real)
    try:
        entries = sorted(os.scandir(root), key=lambda e: e.name)
    except OSError as error:
        yield InputProblem(str(root), f"cannot list directory: {error.strerror}")
        return
    for entry in entries:
        if entry.name.startswith("."):
            continue
        entry_path = Path(entry.path)
        if entry.is_symlink() and not entry_path.exists():
            yield InputProblem(entry.path, _broken_link_reason(entry_path))
        elif entry.is_dir():
            yield from _walk(entry_path, visited)
        else:
            yield entry.path


def read_file(path: str, *, max_bytes: int = DEFAULT_MAX_BYTES) -> Iterator[Item]:
    """Read one file of any supported format."""
    name = path.lower()
    gz = name.endswith(".gz")
    inner = name[:-3] if gz else name
    suffix = Path(inner).suffix
    if suffix not in TEXT_SUFFIXES | HTML_SUFFIXES | {".json", ".jsonl", ".warc"}:
        shown = suffix or "(no extension)"
        yield InputProblem(path, f"unsupported file type {shown}; crosswire reads {SUPPORTED}")
        return
    try:
        size = os.path.getsize(path)
        limit = MAX_CONTAINER_BYTES if suffix in {".jsonl", ".warc"} or gz else max_bytes
        if size > limit:
            yield InputProblem(path, _too_large(size, limit))
            return
        with open(path, "rb") as handle:
            data = handle.read()
    except OSError as error:
        yield InputProblem(path, f"cannot read file: {error.strerror or error}", "failed")
        return
    if gz and suffix != ".warc":
        try:
            data = _gunzip(data)
        except (OSError, EOFError, ValueError) as error:
            yield InputProblem(
                path,
                f"not a valid gzip file ({error}); re-compress it or pass it uncompressed",
                "failed",
            )
            return
    yield from _read_bytes(path, data, suffix, max_bytes)


def _too_large(size: int, limit: int) -> str:
    return (
        f"too large: {size / 1e6:.1f} MB is over the {limit / 1e6:.0f} MB limit for one "
        "article; split it into articles (JSON Lines works well) or raise --max-bytes"
    )


def _gunzip(data: bytes) -> bytes:
    with gzip.GzipFile(fileobj=io.BytesIO(data)) as handle:
        out = handle.read(MAX_CONTAINER_BYTES + 1)
    if len(out) > MAX_CONTAINER_BYTES:
        raise ValueError("decompressed size over the container limit")
    return out


def _read_bytes(source: str, data: bytes, suffix: str, max_bytes: int) -> Iterator[Item]:
    if suffix == ".warc":
        yield from _read_warc(source, data, max_bytes)
        return
    if suffix not in {".jsonl"} and len(data) > max_bytes:
        yield InputProblem(source, _too_large(len(data), max_bytes))
        return
    text, problem = decode(source, data, html=suffix in HTML_SUFFIXES)
    if text is None:
        yield problem  # type: ignore[misc]
        return
    if problem is not None:
        yield problem
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


def _read_stdin(data: bytes, max_bytes: int) -> Iterator[Item]:
    """Standard input: the format is guessed from the first non-blank character."""
    head = data.lstrip()[:1]
    if head in (b"{", b"["):
        first_line = data.lstrip().split(b"\n", 1)[0].strip()
        suffix = ".jsonl" if head == b"{" and _is_json(first_line) else ".json"
    elif head == b"<":
        suffix = ".html"
    else:
        suffix = ".txt"
    yield from _read_bytes("<stdin>", data, suffix, max_bytes)


def _is_json(data: bytes) -> bool:
    try:
        json.loads(data)
    except ValueError:
        return False
    return True


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


def _detected_charset(data: bytes) -> str | None:
    """The detector's guess; within the Latin family, Windows-1252 (by far the most common for
    news in Western languages) when it decodes the bytes cleanly."""
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


def parse_text_file(source: str, text: str) -> RawDocument:
    """Plain text: optional header lines, a blank line, the body; else the first line is the title."""
    lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    while lines and not lines[0].strip():
        lines.pop(0)
    fields: list[tuple[str, str]] = []
    index = 0
    while index < len(lines):
        match = _HEADER_LINE.match(lines[index])
        key = HEADER_FIELDS.get(match.group(1).strip().lower()) if match else None
        if key is None:
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
        title, _, rest = body.lstrip("\n").partition("\n")
        if rest.strip():
            fields.append(("title", title.strip().lstrip("# ").strip()))
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
            return InputProblem(source, _too_large(len(value.encode("utf-8")), max_bytes))
        if not value.strip():
            continue
        kind = "text" if key == "text" else "html"
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
                yield InputProblem(label, _too_large(len(body), max_bytes))
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
