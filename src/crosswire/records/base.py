"""The record base (``to_dict``/``from_dict`` for frozen dataclasses) and stable ids."""

from __future__ import annotations

import dataclasses
import hashlib
from typing import Any

from crosswire.text.normalise import normalise_text


class _Record:
    """Shared ``to_dict``/``from_dict`` for the frozen dataclasses below."""

    def to_dict(self) -> dict[str, Any]:
        return _plain(self)

    @classmethod
    def from_dict(cls, data: dict[str, Any]):
        kwargs = {}
        for f in dataclasses.fields(cls):  # type: ignore[arg-type]
            if f.name not in data:
                continue
            kwargs[f.name] = _revive(f.type, data[f.name])
        return cls(**kwargs)


def _plain(value: Any) -> Any:
    if dataclasses.is_dataclass(value):
        return {f.name: _plain(getattr(value, f.name)) for f in dataclasses.fields(value)}
    if isinstance(value, (list, tuple)):
        return [_plain(v) for v in value]
    return value


_NESTED: dict[str, type[_Record]] = {}


def _revive(type_name: Any, value: Any) -> Any:
    """Rebuild nested records from plain values; the field types are strings (PEP 563)."""
    how, record_cls = _reviver(str(type_name), len(_NESTED))
    if how == "records":
        return tuple(record_cls.from_dict(v) for v in value)
    if how == "record":
        return None if value is None else record_cls.from_dict(value)
    if how == "tuple" and isinstance(value, list):
        return tuple(tuple(v) if isinstance(v, list) else v for v in value)
    return value


_REVIVERS: dict[tuple[str, int], tuple[str, Any]] = {}


def _reviver(name: str, registered: int) -> tuple[str, Any]:
    """How a field of type ``name`` is rebuilt, worked out once per type name (matching it
    against every record type on each field cost 65 µs a field: 6.6 s to read one long
    article's records back). Keyed by the number of record types known, should more register."""
    key = (name, registered)
    if key not in _REVIVERS:
        found: tuple[str, Any] = ("tuple" if name.startswith("tuple[") else "as is", None)
        for record_name, record_cls in _NESTED.items():
            if f"tuple[{record_name}, ...]" in name:
                found = ("records", record_cls)
                break
            if name == record_name or name == f"{record_name} | None":
                found = ("record", record_cls)
                break
        _REVIVERS[key] = found
    return _REVIVERS[key]


def stable_id(prefix: str, *parts: str, length: int = 16) -> str:
    """A short, deterministic id: ``prefix`` + hex of sha256 over the parts. A lone surrogate
    (half a character, from a JSON escape) is hashed as its code point rather than failing;
    every other text hashes as its UTF-8."""
    digest = hashlib.sha256("\x1f".join(parts).encode("utf-8", "surrogatepass")).hexdigest()
    return f"{prefix}{digest[:length]}"


def text_hash(text: str) -> str:
    """The key a sentence's embedding is cached under: a hash of its normalised text."""
    return stable_id("", normalise_text(text), length=32)


def article_id_for(text: str) -> str:
    """An article's id: a hash of its normalised text, so the same text always has the same id."""
    return stable_id("a", normalise_text(text))
