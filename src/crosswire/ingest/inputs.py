"""Ingest: paths, directories, globs and stdin → ``RawDocument`` records, or a reason per input.

Formats, chosen by file name (``.gz`` is unwrapped first): plain text (``.txt``, ``.md``) with
optional ``Title:``/``Outlet:``/``URL:``/``Published:``/``Author:`` header lines; HTML (``.html``,
``.htm``); JSON (``.json``, one object or a list) and JSON Lines (``.jsonl``) records; WARC
(``.warc``) HTML response records. Anything else is skipped with a reason. No input stops the run.
Decoding is in ``decode``, the formats in ``formats``, the suffixes and size caps in ``limits``.
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

from crosswire.ingest.formats import Item, read_bytes
from crosswire.ingest.limits import (
    DEFAULT_MAX_BYTES,
    HTML_SUFFIXES,
    MAX_CONTAINER_BYTES,
    SUPPORTED,
    TEXT_SUFFIXES,
    too_large,
)
from crosswire.records import InputProblem


def read_inputs(
    inputs: Iterable[str],
    *,
    max_bytes: int = DEFAULT_MAX_BYTES,
    stdin: io.BufferedReader | None = None,
) -> Iterator[Item]:
    """A ``RawDocument`` for every document found, an ``InputProblem`` for every input not used."""
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
            yield InputProblem(path, too_large(size, limit))
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
    yield from read_bytes(path, data, suffix, max_bytes)


def _gunzip(data: bytes) -> bytes:
    with gzip.GzipFile(fileobj=io.BytesIO(data)) as handle:
        out = handle.read(MAX_CONTAINER_BYTES + 1)
    if len(out) > MAX_CONTAINER_BYTES:
        raise ValueError("decompressed size over the container limit")
    return out


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
    yield from read_bytes("<stdin>", data, suffix, max_bytes)


def _is_json(data: bytes) -> bool:
    try:
        json.loads(data)
    except ValueError:
        return False
    return True
