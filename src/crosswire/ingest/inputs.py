"""Ingest: paths, directories, globs and stdin → ``RawDocument`` records, or a reason per input.

Formats, chosen by file name (``.gz`` is unwrapped first): plain text (``.txt``, ``.md``) with
optional ``Title:``/``Outlet:``/``URL:``/``Published:``/``Author:`` header lines; HTML (``.html``,
``.htm``); JSON (``.json``, one object or a list) and JSON Lines (``.jsonl``) records; WARC
(``.warc``) HTML response records; ``http(s)://`` page URLs through ``read_url`` (a
``crosswire.fetch`` page reader, behind the SSRF guard). Anything else is skipped with a reason.
No input stops the run.
Decoding is in ``decode``, the formats in ``formats``, the suffixes and size caps in ``limits``.
"""

from __future__ import annotations

import glob
import gzip
import io
import os
import re
import stat
import sys
import zlib
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path

from crosswire.ingest.formats import Item, load_json, read_bytes
from crosswire.ingest.limits import (
    DEFAULT_MAX_BYTES,
    HTML_SUFFIXES,
    MAX_CONTAINER_BYTES,
    SUPPORTED,
    TEXT_SUFFIXES,
    too_large,
)
from crosswire.records import InputProblem, RawDocument


def read_inputs(
    inputs: Iterable[str],
    *,
    max_bytes: int = DEFAULT_MAX_BYTES,
    stdin: io.BufferedReader | None = None,
    read_url: Callable[[str], Iterator[Item]] | None = None,
) -> Iterator[Item]:
    """A ``RawDocument`` for every document found, an ``InputProblem`` for every input not used.
    Each input is read under a guard: whatever goes wrong in it becomes a reason naming it, and
    the next input is read."""
    seen: set[str] = set()
    for spec in inputs:
        yield from _guarded(spec, _read_spec(spec, seen, max_bytes, stdin, read_url))


def _read_spec(
    spec: str,
    seen: set[str],
    max_bytes: int,
    stdin: io.BufferedReader | None,
    read_url: Callable[[str], Iterator[Item]] | None,
) -> Iterator[Item]:
    if spec == "-":
        data = (stdin or sys.stdin.buffer).read(MAX_CONTAINER_BYTES + 1)
        if len(data) > MAX_CONTAINER_BYTES:
            yield InputProblem("<stdin>", too_large(len(data), MAX_CONTAINER_BYTES))
            return
        yield from _read_stdin(data, max_bytes)
        return
    if re.match(r"^https?://", spec, re.IGNORECASE) and read_url is not None:
        yield from read_url(spec)
        return
    if re.match(r"^[a-z][a-z0-9+.-]*://", spec, re.IGNORECASE):
        yield InputProblem(
            spec,
            "only http:// and https:// URLs are fetched (and only where the caller allows "
            "fetching); save the page and pass the file instead",
        )
        return
    paths = list(_expand(spec))
    if not paths and Path(spec).is_dir():
        yield InputProblem(
            spec,
            "the directory holds no files to read (hidden files are skipped); "
            f"put the articles in it ({SUPPORTED})",
        )
        return
    if not paths:
        yield InputProblem(
            spec, "no such file or directory, and no file matches it as a glob; check the path"
        )
        return
    for item in paths:
        if isinstance(item, InputProblem):
            yield item
            continue
        key = os.path.realpath(item)
        if key in seen and _regular(key):
            continue  # the same file reached twice (a link, or given twice) is read once
        seen.add(key)
        yield from _guarded(item, read_file(item, max_bytes=max_bytes))


def _guarded(source: str, items: Iterator[Item]) -> Iterator[Item]:
    """The items of one input, made safe to hash, store and print (file names that are not
    UTF-8 shown with their bytes escaped, lone surrogates in text replaced); an error while
    reading ends that input with a reason naming it, never the run."""
    try:
        for item in items:
            yield from _safe_item(item)
    except Exception as error:  # any failure in one input is that input's problem alone
        message = _SURROGATE.sub("\ufffd", " ".join(str(error).split())[:160])
        yield InputProblem(
            display_name(source),
            f"could not be read ({type(error).__name__}{': ' + message if message else ''}); "
            "the rest of the run went on",
            "failed",
        )


_SURROGATE = re.compile("[\ud800-\udfff]")


def _regular(path: str) -> bool:
    """Whether ``path`` is a regular file; anything else (a device, a FIFO, a missing target)
    is answered each time it is named, so every link to it gets its own reason."""
    try:
        return stat.S_ISREG(os.stat(path).st_mode)
    except OSError:
        return False


def display_name(path: str) -> str:
    """A file name as text that can be hashed, stored and printed: a name that is not valid
    UTF-8 (Python keeps its bad bytes as lone surrogates) has those bytes escaped as ``\\xNN``."""
    if not _SURROGATE.search(path):
        return path
    try:
        return os.fsencode(path).decode("utf-8", "backslashreplace")
    except UnicodeEncodeError:
        return _SURROGATE.sub("\ufffd", path)


def _safe_item(item: Item) -> Iterator[Item]:
    if isinstance(item, InputProblem):
        if _SURROGATE.search(item.source + item.reason):
            item = InputProblem(
                display_name(item.source), _SURROGATE.sub("\ufffd", item.reason), item.severity
            )
        yield item
        return
    texts = [item.content, *(value for _, value in item.fields)]
    if not _SURROGATE.search(item.source) and not any(_SURROGATE.search(t) for t in texts):
        yield item
        return
    count = sum(len(_SURROGATE.findall(t)) for t in texts)
    source = display_name(item.source)
    if count:
        yield InputProblem(
            source,
            f"{count} lone surrogate escape{'s' if count != 1 else ''} (such as \\ud800: half "
            "of a character, not text) replaced by \ufffd",
            "warning",
        )
    yield RawDocument(
        source,
        item.format,
        _SURROGATE.sub("\ufffd", item.content),
        tuple((key, _SURROGATE.sub("\ufffd", value)) for key, value in item.fields),
    )


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
    """Read one file of any supported format. Only regular files are read: a named pipe would
    block, a device such as /dev/zero never ends, whatever size they show. The read stops one
    byte past the limit, whatever size the file claims."""
    label = display_name(path)
    try:
        refused = _not_regular(os.stat(path).st_mode)
    except OSError as error:
        yield InputProblem(label, f"cannot read file: {error.strerror or error}", "failed")
        return
    if refused:
        yield InputProblem(label, refused)
        return
    name = path.lower()
    gz = name.endswith(".gz")
    inner = name[:-3] if gz else name
    suffix = Path(inner).suffix
    if suffix not in TEXT_SUFFIXES | HTML_SUFFIXES | {".json", ".jsonl", ".warc"}:
        shown = display_name(suffix) or "(no extension)"
        yield InputProblem(label, f"unsupported file type {shown}; crosswire reads {SUPPORTED}")
        return
    if suffix in {".jsonl", ".warc"}:
        limit = MAX_CONTAINER_BYTES
    else:
        # gzip never grows data by more than a few bytes per 16 kB block, so a compressed
        # article over this is over the article limit once unpacked too.
        limit = max_bytes + max_bytes // 100 + 1024 if gz else max_bytes
    try:
        data = _read_capped(path, limit)
    except OSError as error:
        yield InputProblem(label, f"cannot read file: {error.strerror or error}", "failed")
        return
    if isinstance(data, str):
        yield InputProblem(label, data)
        return
    if gz and suffix != ".warc":
        # Unpacked only up to the cap of what it holds: one article, or a JSON Lines container.
        inner_limit = MAX_CONTAINER_BYTES if suffix == ".jsonl" else max_bytes
        try:
            data = _gunzip(data, inner_limit)
        except (OSError, EOFError, zlib.error) as error:
            yield InputProblem(
                label,
                f"not a valid gzip file ({error}); re-compress it or pass it uncompressed",
                "failed",
            )
            return
        if len(data) > inner_limit:
            yield InputProblem(
                label,
                f"too large: over {inner_limit / 1e6:g} MB once decompressed, the limit for "
                "this kind of file; split it into articles (JSON Lines works well) or raise "
                "--max-bytes",
            )
            return
    yield from read_bytes(label, data, suffix, max_bytes)


def _not_regular(mode: int) -> str | None:
    """Why a file of this type is not read (None for a regular file)."""
    if stat.S_ISREG(mode):
        return None
    kinds = [
        (stat.S_ISFIFO, "a named pipe (FIFO)"),
        (stat.S_ISCHR, "a character device"),
        (stat.S_ISBLK, "a block device"),
        (stat.S_ISSOCK, "a socket"),
        (stat.S_ISDIR, "a directory"),
    ]
    kind = next((name for test, name in kinds if test(mode)), "not a regular file")
    return f"{kind}, not a regular file: only regular files are read; save the content to a file"


def _read_capped(path: str, limit: int) -> bytes | str:
    """The file's bytes, or the reason it is refused: not a regular file once opened (it may
    have been swapped since it was looked at), or over ``limit`` bytes. Opened without blocking
    and read at most ``limit + 1`` bytes, so neither a pipe nor a wrong size can stall it."""
    fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK)
    with os.fdopen(fd, "rb") as handle:
        status = os.fstat(fd)
        refused = _not_regular(status.st_mode)
        if refused:
            return refused
        if status.st_size > limit:
            return too_large(status.st_size, limit)
        data = handle.read(limit + 1)
    if len(data) > limit:
        return too_large(len(data), limit)
    return data


def _gunzip(data: bytes, limit: int) -> bytes:
    """The decompressed bytes, at most ``limit + 1`` of them (a gzip bomb stops there)."""
    with gzip.GzipFile(fileobj=io.BytesIO(data)) as handle:
        return handle.read(limit + 1)


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
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        return False
    return load_json(text)[1] is None
