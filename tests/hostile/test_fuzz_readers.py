"""The readers fuzzed with Hypothesis (a few thousand examples in all): JSON and JSONL records,
HTML fragments with any declared charset, text files with header lines, and arbitrary bytes under
every suffix. Whatever the bytes, reading gives documents or problems with a reason, never an
exception, and every document read can be extracted and hashed for the store."""

from __future__ import annotations

import json

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from crosswire.extract.article import to_article
from crosswire.ingest.formats import read_bytes
from crosswire.pipeline import _content_hash
from crosswire.records import InputProblem, RawDocument

pytestmark = pytest.mark.slow

MAX_BYTES = 200_000
#: Any code point, lone surrogates, controls and line separators included.
ANY_CHAR = st.characters(min_codepoint=0, max_codepoint=0x10FFFF, exclude_categories=())
TEXT = st.text(ANY_CHAR, max_size=80)
FIELDS = ("text", "html", "title", "url", "published", "author", "outlet", "source", "lang")
JSON_VALUE = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | TEXT,
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(TEXT, inner, max_size=4),
    max_leaves=12,
)
RECORD = st.dictionaries(
    st.sampled_from(FIELDS) | TEXT, JSON_VALUE | TEXT | st.just("The council met on Monday."),
    max_size=6,
)  # fmt: skip
CHARSETS = ("utf-8", "latin-1", "undefined", "unicode_escape", "punycode", "rot13", "utf-16", "")


def fuzz(examples: int) -> settings:
    return settings(
        max_examples=examples,
        deadline=None,
        suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
    )


def _read_all(data: bytes, suffix: str) -> None:
    for item in read_bytes(f"fuzz{suffix}", data, suffix, MAX_BYTES):
        assert isinstance(item, (RawDocument, InputProblem))
        if isinstance(item, InputProblem):
            assert item.reason.strip() and item.source.startswith("fuzz")
            continue
        _content_hash(item)
        article, problems = to_article(item)
        assert all(p.reason.strip() for p in problems)
        assert article is not None or problems


def _encode(text: str) -> bytes:
    return text.encode("utf-8", "surrogatepass")


@fuzz(1200)
@given(st.lists(RECORD, max_size=4) | RECORD, st.booleans())
def test_json_files_of_any_records(records, ascii_only):
    _read_all(_encode(json.dumps(records, ensure_ascii=ascii_only)), ".json")


@fuzz(800)
@given(
    st.lists(RECORD | JSON_VALUE, max_size=5),
    st.sampled_from(["\n", "\r\n", "\n\n", "\u2028", "\u0085"]),
)
def test_jsonl_files_of_any_lines(records, separator):
    lines = [json.dumps(r, ensure_ascii=False) for r in records]
    _read_all(_encode(separator.join(lines)), ".jsonl")


@fuzz(800)
@given(
    st.sampled_from(CHARSETS),
    TEXT,
    st.lists(
        st.tuples(st.sampled_from(["p", "h1", "script", "a", "title", "meta", "div"]), TEXT),
        max_size=6,
    ),
)
def test_html_fragments_with_any_declared_charset(charset, title, parts):
    body = "".join(f"<{tag}>{text}</{tag}>" for tag, text in parts)
    page = f'<html><head><meta charset="{charset}"><title>{title}</title></head><body>{body}'
    _read_all(_encode(page), ".html")


@fuzz(800)
@given(
    st.lists(
        st.tuples(st.sampled_from(["Title", "Date", "URL", "Author", "Source", "X"]), TEXT),
        max_size=5,
    ),
    TEXT,
)
def test_text_files_with_any_header_lines(headers, body):
    head = "".join(f"{key}: {value}\n" for key, value in headers)
    _read_all(_encode(f"{head}\n{body}\n\nThe council met on Monday and agreed the plan."), ".txt")


@fuzz(600)
@given(st.binary(max_size=400), st.sampled_from([".txt", ".md", ".html", ".json", ".jsonl"]))
def test_arbitrary_bytes_under_every_suffix(data, suffix):
    _read_all(data, suffix)
