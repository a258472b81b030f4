import gzip
import io
import json
import os

import pytest

from crosswire.ingest.formats import parse_text_file, record_to_document
from crosswire.ingest.inputs import read_inputs
from crosswire.records import InputProblem, RawDocument

pytestmark = pytest.mark.unit

BODY = "The port authority signed the terminal agreement on Sunday after months of talks.\n"


def read(*paths, **kwargs):
    return list(read_inputs([str(p) for p in paths], **kwargs))


def docs(items):
    return [i for i in items if isinstance(i, RawDocument)]


def problems(items):
    return [i for i in items if isinstance(i, InputProblem)]


def test_text_headers_are_fields_and_body_follows_blank_line():
    raw = parse_text_file(
        "a.txt", "Title: Deal signed\nOutlet: Harbour Tribune\nPublished: 2026-05-18\n\n" + BODY
    )
    assert raw.field("title") == "Deal signed"
    assert raw.field("outlet") == "Harbour Tribune"
    assert raw.field("published") == "2026-05-18"
    assert raw.content.strip() == BODY.strip()


@pytest.mark.parametrize("headline", ["Deal signed at last", "U.S. Senate Passes Port Bill"])
def test_text_without_headers_takes_a_headline_like_first_line_as_headline(headline):
    raw = parse_text_file("a.txt", headline + "\n\n" + BODY)
    assert raw.field("headline") == headline
    assert raw.field("title") is None
    assert raw.content.strip() == BODY.strip()


@pytest.mark.parametrize(
    "first",
    [
        # A lead pasted without its headline: too long, or a dateline, or two sentences.
        "The port authority said on Sunday that it had signed the concession with the Dutch "
        "operator, ending months of talks over the terminal.",
        "CHENNAI (Meridian Press) — The deal was signed.",
        "The deal was signed. Work starts soon.",
        # A date or a dateline alone on the first line.
        "Nov. 19, 2018",
        "WASHINGTON (AP) —",
    ],
)
def test_a_lead_is_not_taken_for_a_headline(first):
    raw = parse_text_file("a.txt", first + "\n\n" + BODY)
    assert raw.field("headline") is None
    assert raw.content.startswith(first)


def test_header_like_first_sentence_is_not_mistaken_for_headers():
    text = "Note: this is the body, written as one line that happens to have a colon.\nMore."
    raw = parse_text_file("a.txt", text)
    assert raw.field("outlet") is None
    assert "Note: this is the body" in raw.content + (raw.field("headline") or "")


def test_directory_is_read_recursively_in_sorted_order(tmp_path):
    (tmp_path / "b").mkdir()
    (tmp_path / "b" / "z.txt").write_text("Z title\n\n" + BODY)
    (tmp_path / "a.txt").write_text("A title\n\n" + BODY)
    (tmp_path / "c.md").write_text("C title\n\n" + BODY)
    sources = [d.source for d in docs(read(tmp_path))]
    assert [os.path.basename(s) for s in sources] == ["a.txt", "z.txt", "c.md"]


def test_glob_expands(tmp_path):
    for name in ("one.txt", "two.txt", "skip.html"):
        (tmp_path / name).write_text("Title\n\n" + BODY)
    found = docs(read(str(tmp_path / "*.txt")))
    assert sorted(os.path.basename(d.source) for d in found) == ["one.txt", "two.txt"]


def test_missing_path_is_a_problem_not_a_crash(tmp_path):
    [problem] = read(tmp_path / "nope.txt")
    assert "no such file" in problem.reason


def test_unsupported_type_is_skipped_with_the_supported_list(tmp_path):
    (tmp_path / "report.pdf").write_bytes(b"%PDF-1.4")
    [problem] = read(tmp_path / "report.pdf")
    assert "unsupported file type .pdf" in problem.reason and ".jsonl" in problem.reason


def test_empty_and_binary_files_are_skipped_with_reasons(tmp_path):
    (tmp_path / "empty.txt").write_bytes(b"")
    (tmp_path / "blob.txt").write_bytes(bytes(range(256)) * 10)
    reasons = {os.path.basename(p.source): p.reason for p in problems(read(tmp_path))}
    assert "empty file" in reasons["empty.txt"]
    assert "binary content" in reasons["blob.txt"]


def test_latin1_text_is_read_with_a_warning(tmp_path):
    (tmp_path / "cafe.txt").write_bytes(
        ("Café talks\n\n" + BODY + "Señor Núñez agreed.\n").encode("latin-1")
    )
    items = read(tmp_path / "cafe.txt")
    [doc] = docs(items)
    [warning] = problems(items)
    assert "Señor Núñez" in doc.content
    assert warning.severity == "warning" and "not valid UTF-8" in warning.reason


def test_too_large_file_is_skipped_with_the_limit_and_the_fix(tmp_path):
    (tmp_path / "huge.txt").write_text("word " * 300_000)
    [problem] = read(tmp_path / "huge.txt", max_bytes=1_000_000)
    assert "too large" in problem.reason and "--max-bytes" in problem.reason


def test_json_object_and_list(tmp_path):
    (tmp_path / "one.json").write_text(json.dumps({"title": "T", "text": BODY, "outlet": "X"}))
    (tmp_path / "many.json").write_text(
        json.dumps([{"text": BODY}, {"html": "<p>" + BODY + "</p>"}])
    )
    found = docs(read(tmp_path))
    assert [d.source.rsplit("/", 1)[1] for d in found] == ["many.json#1", "many.json#2", "one.json"]
    assert found[1].format == "html" and found[2].field("outlet") == "X"


def test_json_records_with_missing_or_wrong_fields_are_reported_per_record(tmp_path):
    lines = [
        json.dumps({"text": BODY, "title": "good"}),
        "{not json",
        json.dumps({"title": "no text"}),
        json.dumps({"text": BODY, "published": 20260518}),
        json.dumps(["a", "list"]),
    ]
    (tmp_path / "feed.jsonl").write_text("\n".join(lines) + "\n")
    items = read(tmp_path / "feed.jsonl")
    assert [d.field("title") for d in docs(items)] == ["good"]
    reasons = {p.source.rsplit(":", 1)[1]: p.reason for p in problems(items)}
    assert "invalid JSON" in reasons["2"]
    assert "no 'text' or 'html'" in reasons["3"]
    assert "'published' must be a string, got a number" in reasons["4"]
    assert "expected a JSON object" in reasons["5"]


def test_record_with_text_of_wrong_type():
    problem = record_to_document("r", {"text": ["not", "a", "string"]})
    assert isinstance(problem, InputProblem) and "'text' must be a string" in problem.reason


def test_gzip_is_unwrapped_and_broken_gzip_reported(tmp_path):
    (tmp_path / "a.txt.gz").write_bytes(gzip.compress(("Title\n\n" + BODY).encode()))
    (tmp_path / "b.html.gz").write_bytes(b"\x1f\x8b\x08 broken")
    items = read(tmp_path)
    assert docs(items)[0].content.strip() == BODY.strip()
    assert "not a valid gzip file" in problems(items)[0].reason


def test_warc_html_responses_become_documents(tmp_path):
    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    path = tmp_path / "crawl.warc.gz"
    with open(path, "wb") as handle:
        writer = WARCWriter(handle, gzip=True)
        for uri, ctype, body in [
            (
                "https://news.example/a",
                "text/html; charset=utf-8",
                f"<html><body><article><p>{BODY}</p></article></body></html>",
            ),
            ("https://news.example/logo.png", "image/png", "PNG"),
        ]:
            headers = StatusAndHeaders("200 OK", [("Content-Type", ctype)], protocol="HTTP/1.1")
            record = writer.create_warc_record(
                uri, "response", payload=io.BytesIO(body.encode()), http_headers=headers
            )
            writer.write_record(record)
    [doc] = docs(read(path))
    assert doc.format == "html" and doc.field("url") == "https://news.example/a"
    assert doc.source.endswith("@https://news.example/a")


def test_symlink_loop_is_reported_and_the_rest_is_read(tmp_path):
    (tmp_path / "real").mkdir()
    (tmp_path / "real" / "a.txt").write_text("Title\n\n" + BODY)
    os.symlink(tmp_path / "real", tmp_path / "real" / "loop")
    os.symlink(tmp_path / "self.txt", tmp_path / "self.txt")
    items = read(tmp_path)
    assert len(docs(items)) == 1
    reasons = " ".join(p.reason for p in problems(items))
    assert reasons.count("symlink loop") == 2


def test_stdin_format_is_guessed():
    jsonl = (
        json.dumps({"text": BODY}) + "\n" + json.dumps({"text": BODY + " More."}) + "\n"
    ).encode()
    assert len(docs(read_inputs(["-"], stdin=io.BytesIO(jsonl)))) == 2
    [html] = docs(
        read_inputs(["-"], stdin=io.BytesIO(b"<html><p>" + BODY.encode() + b"</p></html>"))
    )
    assert html.format == "html"
    [text] = docs(read_inputs(["-"], stdin=io.BytesIO(("Title\n\n" + BODY).encode())))
    assert text.field("headline") == "Title"


def test_same_file_named_twice_is_read_once(tmp_path):
    (tmp_path / "a.txt").write_text("Title\n\n" + BODY)
    assert len(docs(read(tmp_path / "a.txt", tmp_path, str(tmp_path / "*.txt")))) == 1


def test_an_empty_directory_is_named_as_empty_not_missing(tmp_path):
    (tmp_path / "empty").mkdir()
    [problem] = list(read_inputs([str(tmp_path / "empty")]))
    assert "holds no files" in problem.reason and "no such file" not in problem.reason


# --- Hostile inputs (issue 11): each is read under a guard, and each bad one says why. ---------

LONG = (BODY * 4).strip()


def only(items, name):
    """The problems whose source names ``name``."""
    return [p for p in problems(items) if name in p.source]


def test_fifo_and_devices_are_refused_by_type_not_size(tmp_path):
    os.mkfifo(tmp_path / "pipe.txt")
    os.symlink("/dev/zero", tmp_path / "zero.txt")
    os.symlink("/dev/urandom", tmp_path / "random.json")
    (tmp_path / "good.txt").write_text("Title\n\n" + BODY)
    items = read(tmp_path)
    assert [os.path.basename(d.source) for d in docs(items)] == ["good.txt"]
    reasons = {os.path.basename(p.source): p.reason for p in problems(items)}
    assert "named pipe" in reasons["pipe.txt"]
    assert "character device" in reasons["zero.txt"]
    assert "character device" in reasons["random.json"]


def test_the_read_is_capped_while_reading_whatever_size_the_file_claims(tmp_path, monkeypatch):
    (tmp_path / "big.txt").write_text("word " * 100_000)
    real_fstat = os.fstat

    def lying_fstat(fd):
        status = real_fstat(fd)
        return os.stat_result((*status[:6], 0, *status[7:]))  # st_size claims 0 bytes

    monkeypatch.setattr(os, "fstat", lying_fstat)
    [problem] = read(tmp_path / "big.txt", max_bytes=10_000)
    assert "too large" in problem.reason


def test_stdin_is_capped_too(monkeypatch):
    from crosswire.ingest import inputs

    monkeypatch.setattr(inputs, "MAX_CONTAINER_BYTES", 1_000)
    [problem] = list(read_inputs(["-"], stdin=io.BytesIO(b"word " * 1_000)))
    assert problem.source == "<stdin>" and "too large" in problem.reason


@pytest.mark.parametrize(
    "charset", ["undefined", "unicode_escape", "raw_unicode_escape", "punycode", "idna", "rot13"]
)
def test_a_declared_charset_that_is_no_text_encoding_is_ignored(tmp_path, charset):
    accented = "Café, señor Núñez, déjà vu, été. " * 4
    page = (
        f'<html><head><meta charset="{charset}"></head><body><article><p>{LONG} {accented}'
        "\\u0041</p></article></body></html>"
    )
    (tmp_path / "page.html").write_bytes(page.encode("latin-1"))
    items = read(tmp_path / "page.html")
    [doc] = docs(items)
    assert "Café, señor Núñez" in doc.content and "\\u0041" in doc.content
    assert all(charset not in p.reason for p in problems(items))


def test_only_real_text_encodings_are_allowed():
    from crosswire.ingest.decode import allowed_encoding

    assert allowed_encoding("UTF-8") == "utf-8"
    assert allowed_encoding("Shift_JIS") == "shift_jis"
    # Pages labelled Latin-1 or ASCII are read as Windows-1252, as browsers do.
    assert allowed_encoding("iso-8859-1") == allowed_encoding("us-ascii") == "cp1252"
    for name in ("unicode_escape", "raw_unicode_escape", "punycode", "idna", "rot_13", "hex"):
        assert allowed_encoding(name) is None
    assert allowed_encoding("undefined") is None and allowed_encoding("no-such-codec") is None


@pytest.mark.parametrize("codec", ["utf-16", "utf-16-le", "utf-16-be", "utf-32", "utf-32-be"])
def test_utf16_and_utf32_with_a_byte_order_mark_are_decoded(tmp_path, codec):
    text = "Title\n\n" + BODY + "Señor Núñez agreed — 東京.\n"
    bom = {
        "utf-16-le": b"\xff\xfe",
        "utf-16-be": b"\xfe\xff",
        "utf-32-be": b"\x00\x00\xfe\xff",
    }.get(codec, b"")
    (tmp_path / "wide.txt").write_bytes(bom + text.encode(codec))
    items = read(tmp_path / "wide.txt")
    [doc] = docs(items)
    assert "Señor Núñez agreed — 東京." in doc.content and not problems(items)


def test_damaged_utf16_is_read_with_a_warning_not_called_binary(tmp_path):
    data = b"\xff\xfe" + ("Title\n\n" + BODY).encode("utf-16-le") + b"\x00\xd8"  # lone half
    (tmp_path / "wide.txt").write_bytes(data)
    items = read(tmp_path / "wide.txt")
    [doc] = docs(items)
    [warning] = problems(items)
    assert BODY.strip() in doc.content and "UTF-16 with a byte-order mark but damaged" in (
        warning.reason
    )


def test_a_few_bad_bytes_in_english_are_read_as_damaged_utf8_not_a_code_page(tmp_path):
    data = ("Title\n\n" + LONG * 10).encode()
    damaged = data[:300] + b"\xff\xfe" + data[300:2000] + b"\xc3" + data[2000:]
    (tmp_path / "damaged.txt").write_bytes(damaged)
    items = read(tmp_path / "damaged.txt")
    [doc] = docs(items)
    [warning] = problems(items)
    assert doc.content.count("\ufffd") == 3 and "read as UTF-8" in warning.reason


def test_damaged_utf8_with_real_multibyte_text_stays_utf8(tmp_path):
    text = ("Title\n\n" + LONG + " Señor Núñez — “quoted”. ") * 2
    data = text.encode()
    (tmp_path / "mixed.txt").write_bytes(data[:200] + b"\xe9" + data[200:])
    [doc] = docs(read(tmp_path / "mixed.txt"))
    assert "Señor Núñez — “quoted”" in doc.content


def test_windows_curly_quotes_alone_are_read_as_windows_1252(tmp_path):
    data = ("Title\n\n" + LONG * 3).encode() + b" It\x92s \x93quoted\x94.\n"
    (tmp_path / "curly.txt").write_bytes(data)
    [doc] = docs(read(tmp_path / "curly.txt"))
    assert "It’s “quoted”." in doc.content


def deep_json(levels):
    return "[" * levels + "]" * levels


def test_deep_json_is_refused_before_parsing_in_a_file_a_line_and_stdin(tmp_path):
    (tmp_path / "deep.json").write_text(deep_json(100_000))
    (tmp_path / "feed.jsonl").write_text(
        json.dumps({"text": BODY}) + "\n" + deep_json(5_000) + "\n"
    )
    items = read(tmp_path)
    assert len(docs(items)) == 1
    [file_problem] = only(items, "deep.json")
    [line_problem] = only(items, "feed.jsonl:2")
    assert "nested deeper than 100" in file_problem.reason
    assert "nested deeper than 100" in line_problem.reason
    [stdin_problem] = list(read_inputs(["-"], stdin=io.BytesIO(deep_json(50_000).encode())))
    assert stdin_problem.source == "<stdin>" and "nested deeper" in stdin_problem.reason


def test_json_brackets_inside_strings_do_not_count_as_depth(tmp_path):
    (tmp_path / "a.json").write_text(json.dumps({"text": BODY + "[" * 500 + '\\"{' * 200}))
    assert len(docs(read(tmp_path / "a.json"))) == 1


def test_a_number_over_pythons_digit_limit_is_a_bad_record_not_a_crash(tmp_path):
    huge = "9" * 5_000
    (tmp_path / "one.json").write_text('{"text": "' + BODY.strip() + '", "n": ' + huge + "}")
    (tmp_path / "feed.jsonl").write_text(
        json.dumps({"text": BODY}) + '\n{"text": "x", "n": ' + huge + "}\n"
    )
    items = read(tmp_path)
    assert [d.source.rsplit("/", 1)[1] for d in docs(items)] == ["feed.jsonl:1"]
    assert "4,300" in only(items, "one.json")[0].reason
    assert "4,300" in only(items, "feed.jsonl:2")[0].reason


def test_lone_surrogates_are_replaced_and_the_record_stored(tmp_path):
    from crosswire.extract.article import to_article
    from crosswire.pipeline import _content_hash
    from crosswire.store import open_store

    (tmp_path / "s.json").write_text(
        '{"text": "'
        + LONG.replace("\n", " ")
        + ' \\ud800 end.", "title": "Deal \\udfff", "url": "https://x/\\ud800"}'
    )
    items = read(tmp_path / "s.json")
    [doc] = docs(items)
    [warning] = problems(items)
    assert "3 lone surrogate" in warning.reason and warning.severity == "warning"
    assert doc.field("title") == "Deal \ufffd" and "\ufffd end." in doc.content
    article, _ = to_article(doc)
    assert article is not None
    store = open_store(str(tmp_path / "w.db"))
    try:
        with store.transaction():
            assert store.add_article(article)
            store.record_input(doc.source, _content_hash(doc), article.id)
        assert store.input_hash(doc.source) is not None
    finally:
        store.close()


def test_ids_hash_a_lone_surrogate_instead_of_failing():
    from crosswire.records import article_id_for

    assert article_id_for("a \ud800 b") != article_id_for("a \udfff b")
    assert article_id_for("plain text") == article_id_for("plain  text")


def test_a_file_name_that_is_not_utf8_is_read_and_shown_escaped(tmp_path):
    name = os.fsdecode(b"caf\xe9.txt")
    (tmp_path / name).write_text("Title\n\n" + BODY)
    (tmp_path / os.fsdecode(b"bad\xff.pdf")).write_bytes(b"%PDF")
    items = read(tmp_path)
    [doc] = docs(items)
    [problem] = problems(items)
    assert doc.source.endswith("caf\\xe9.txt") and problem.source.endswith("bad\\xff.pdf")
    for text in (doc.source, problem.source, problem.reason):
        text.encode("utf-8")  # hashable, storable and printable


def warc_record(headers, body):
    lines = "".join(f"{key}: {value}\r\n" for key, value in headers)
    head = f"WARC/1.0\r\n{lines}Content-Length: {len(body)}\r\n\r\n".encode()
    return head + body + b"\r\n\r\n"


HTTP_PAGE = (
    b"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\n\r\n<html><body><article><p>"
    + BODY.encode()
    + b"</p></article></body></html>"
)


def good_warc_record(uri):
    return warc_record(
        [
            ("WARC-Type", "response"),
            ("WARC-Target-URI", uri),
            ("Content-Type", "application/http; msgtype=response"),
        ],
        HTTP_PAGE,
    )


def test_a_malformed_warc_record_is_a_reason_and_warcio_stays_quiet(tmp_path, capfd):
    # A response record without its target URI makes warcio raise AttributeError.
    bad = warc_record(
        [("WARC-Type", "response"), ("Content-Type", "application/http; msgtype=response")],
        HTTP_PAGE,
    )
    (tmp_path / "bad.warc").write_bytes(good_warc_record("https://news.example/a") + bad)
    (tmp_path / "noisy.warc").write_bytes(
        good_warc_record("https://news.example/b")[:-4] + b"junk\r\n" + good_warc_record("c")
    )
    items = read(tmp_path)
    from_bad = [i for i in items if "bad.warc" in i.source]
    assert len(docs(from_bad)) == 1
    [stopped] = problems(from_bad)
    assert "malformed WARC record" in stopped.reason and "AttributeError" in stopped.reason
    assert any("warcio reported" in p.reason for p in problems(items) if "noisy" in p.source)
    assert capfd.readouterr().err == ""


def test_a_gzip_bomb_is_unpacked_only_up_to_the_article_limit(tmp_path):
    (tmp_path / "bomb.txt.gz").write_bytes(gzip.compress(b"a " * 5_000_000))
    [problem] = read(tmp_path / "bomb.txt.gz", max_bytes=100_000)
    assert "too large: over 0 MB once decompressed" not in problem.reason
    assert "once decompressed" in problem.reason and "--max-bytes" in problem.reason


def test_a_truncated_warc_gz_says_damaged_gzip(tmp_path):
    whole = gzip.compress(good_warc_record("https://news.example/a")) + gzip.compress(
        good_warc_record("https://news.example/b") * 20
    )
    (tmp_path / "cut.warc.gz").write_bytes(whole[: len(whole) - 200])
    (tmp_path / "cut2.warc.gz").write_bytes(whole[:40])
    items = read(tmp_path)
    assert len(docs(items)) >= 1
    reasons = {os.path.basename(p.source): p.reason for p in problems(items)}
    assert "damaged gzip" in reasons["cut.warc.gz"] and "kept" in reasons["cut.warc.gz"]
    assert "damaged gzip" in reasons["cut2.warc.gz"]
    assert "no HTML response records" not in " ".join(reasons.values())


@pytest.mark.parametrize("separator", ["\u2028", "\u2029", "\u0085", "\x0b", "\x1c"])
def test_jsonl_splits_records_on_newline_only(tmp_path, separator):
    record = {"text": BODY.strip() + separator + "Second part.", "title": "a" + separator}
    (tmp_path / "feed.jsonl").write_text(
        json.dumps(record, ensure_ascii=False) + "\n" + json.dumps({"text": BODY}) + "\n",
        encoding="utf-8",
    )
    items = read(tmp_path / "feed.jsonl")
    assert len(docs(items)) == 2 and not problems(items)


def test_an_empty_json_list_says_so_in_a_file_and_on_stdin(tmp_path):
    (tmp_path / "empty.json").write_text("[ ]")
    [problem] = read(tmp_path / "empty.json")
    assert "JSON list is empty" in problem.reason
    [problem] = list(read_inputs(["-"], stdin=io.BytesIO(b"[]")))
    assert "JSON list is empty" in problem.reason


def test_a_folder_of_only_hidden_files_is_named_as_empty(tmp_path):
    (tmp_path / "folder").mkdir()
    (tmp_path / "folder" / ".hidden.txt").write_text(BODY)
    [problem] = read(tmp_path / "folder")
    assert "holds no files" in problem.reason


def test_any_failure_in_one_input_is_its_reason_and_the_run_goes_on(tmp_path, monkeypatch):
    from crosswire.ingest import inputs

    real = inputs.read_bytes

    def flaky(source, data, suffix, max_bytes):
        if "bad" in source:
            raise MemoryError("simulated")
        return real(source, data, suffix, max_bytes)

    monkeypatch.setattr(inputs, "read_bytes", flaky)
    (tmp_path / "a_bad.txt").write_text(BODY)
    (tmp_path / "b_good.txt").write_text("Title\n\n" + BODY)
    items = read(tmp_path)
    assert [os.path.basename(d.source) for d in docs(items)] == ["b_good.txt"]
    [problem] = problems(items)
    assert problem.source.endswith("a_bad.txt") and "MemoryError: simulated" in problem.reason


def test_a_failure_while_extracting_skips_that_document_with_its_reason(monkeypatch):
    from crosswire.extract import article as extract_article

    def broken(*args, **kwargs):
        raise RecursionError("maximum recursion depth exceeded")

    monkeypatch.setattr(extract_article, "extract_html", broken)
    result, [problem] = extract_article.to_article(RawDocument("p.html", "html", "<p>x</p>"))
    assert result is None and problem.source == "p.html"
    assert "RecursionError" in problem.reason and problem.severity == "failed"


# --- Fuzzing the readers (issue 11): whatever the bytes, no exception escapes, every input says
# something, and every reason names its input on one line. ----------------------------------

import tempfile  # noqa: E402

from hypothesis import HealthCheck, given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402


def fuzz(examples: int) -> settings:
    """Settings for a reader fuzz test: ``examples`` examples, the same ones on every run."""
    return settings(
        max_examples=examples,
        deadline=None,
        derandomize=True,
        database=None,
        suppress_health_check=[HealthCheck.too_slow],
    )


#: Characters the readers must survive besides ordinary text: lone surrogates, the separators
#: str.splitlines would split on, controls, a BOM, quotes, brackets and backslashes.
_ODD = ["\ud800", "\udfff", "\u2028", "\u2029", "\x85", "\x00", "\x1b", "\ufeff", '"', "\\"]
_ALPHABET = st.one_of(st.characters(), st.sampled_from([*_ODD, "[", "]", "{", "}", "<", ">"]))
_TEXT = st.lists(_ALPHABET, max_size=60).map("".join)  # st.text drops lone surrogates
_WORDS = st.lists(st.sampled_from(BODY.split()), min_size=0, max_size=40).map(" ".join)
_JSON_LEAF = st.none() | st.booleans() | st.integers() | st.floats() | _TEXT | _WORDS
_JSON = st.recursive(
    _JSON_LEAF,
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(_TEXT, inner, max_size=4),
    max_leaves=12,
)
#: A record the reader accepts, with odd characters in its text and fields.
_GOOD_RECORD = st.fixed_dictionaries(
    {"text": st.builds("{} {}".format, _WORDS, _TEXT)}, optional={"title": _TEXT, "url": _TEXT}
)
_ANY_RECORD = st.fixed_dictionaries(
    {},
    optional={
        "text": _WORDS | _TEXT | _JSON,
        "html": st.builds("<p>{}</p>".format, _WORDS | _TEXT) | _JSON,
        "title": _TEXT | _JSON,
        "url": _TEXT | _JSON,
        "outlet": _TEXT,
        "published": _TEXT | st.integers(),
    },
)
_RECORD = _GOOD_RECORD | _ANY_RECORD


_FUZZ_DIR = tempfile.TemporaryDirectory(prefix="crosswire-fuzz-")


def read_fuzzed(data: bytes, suffix: str) -> list:
    """Read ``data`` as a file named with ``suffix`` and check what every reader must hold."""
    path = os.path.join(_FUZZ_DIR.name, "input" + suffix)
    with open(path, "wb") as handle:
        handle.write(data)
    items = list(read_inputs([path], max_bytes=200_000))
    assert items, "every input yields a document or a reason"
    for item in items:
        assert item.source.startswith(path)
        item.source.encode("utf-8")  # storable and printable: no lone surrogates left
        if isinstance(item, InputProblem):
            assert item.reason.strip() and "\n" not in item.reason
            item.reason.encode("utf-8")
        else:
            item.content.encode("utf-8")
            for _, value in item.fields:
                value.encode("utf-8")
    return items


def dump(value, ascii_only: bool) -> bytes:
    return json.dumps(value, ensure_ascii=ascii_only).encode("utf-8", "surrogatepass")


@fuzz(500)
@given(st.one_of(_RECORD, st.lists(_RECORD, max_size=4), _JSON), st.booleans())
def test_fuzz_json_records(value, ascii_only):
    read_fuzzed(dump(value, ascii_only), ".json")


@fuzz(250)
@given(st.lists(st.one_of(_RECORD, _JSON), min_size=1, max_size=5), st.booleans())
def test_fuzz_jsonl_records(values, ascii_only):
    data = b"\n".join(dump(value, ascii_only) for value in values)
    items = read_fuzzed(data, ".jsonl")
    # Each line is one record and says something for itself (a document or a reason), unless
    # the whole file could not be read (no encoding fits), which is said of the file.
    if any(
        p.source == items[0].source.split(":")[0] and p.severity != "warning"
        for p in problems(items)
    ):
        return
    lines = {item.source.rsplit(":", 1)[1] for item in items if item.source[-1].isdigit()}
    assert lines == {str(n) for n in range(1, len(values) + 1)}


@fuzz(500)
@given(_RECORD, st.integers(0, 200), st.text('[]{}",:\\0123456789eE.-+ ntrufals', max_size=30))
def test_fuzz_damaged_json_text(record, cut, insert):
    text = json.dumps(record)
    cut = min(cut, len(text))
    read_fuzzed((text[:cut] + insert + text[cut:]).encode("utf-8", "surrogatepass"), ".json")


@fuzz(500)
@given(st.binary(max_size=300), st.sampled_from([".txt", ".html", ".json", ".jsonl", ".warc"]))
def test_fuzz_raw_bytes_in_every_format(data, suffix):
    read_fuzzed(data, suffix)


_TAGS = st.sampled_from(
    [
        "<p>",
        "</p>",
        "<article>",
        "</article>",
        "<script>",
        "</script>",
        "<div class=x>",
        "</div>",
        "<meta charset=undefined>",
        '<meta charset="unicode_escape">',
        "<title>",
        "</title>",
        "<!--",
        "-->",
        "<![CDATA[",
        "]]>",
        "&#xd800;",
        "&#0;",
        "&amp;",
        "&",
        "<br>",
        "<h1>",
        '<script type="application/ld+json">{"@type": "NewsArticle", "datePublished": [[[',
        "<html>",
        "<body>",
        "<",
    ]
)


@fuzz(300)
@given(st.lists(st.one_of(_TAGS, _WORDS, _TEXT), max_size=25))
def test_fuzz_html_fragments_are_read_and_extracted(pieces):
    from crosswire.extract.article import to_article

    for item in docs(read_fuzzed("".join(pieces).encode("utf-8", "surrogatepass"), ".html")):
        article, found = to_article(item)
        assert all(problem.reason.strip() for problem in found)
        assert not any("could not extract" in problem.reason for problem in found)
        if article is not None:
            article.text.encode("utf-8")
            article.title.encode("utf-8")


_HEADER = st.builds(
    "{}:{}{}".format,
    st.sampled_from(["Title", "Outlet", "URL", "Published", "Author", "Byline", "Note", "X"]),
    st.sampled_from(["", " ", "\t"]),
    _TEXT,
)


@fuzz(600)
@given(st.lists(_HEADER, max_size=6), st.sampled_from(["\n", "\r\n", "\r", "\n\n"]), _WORDS, _TEXT)
def test_fuzz_text_with_headers(headers, newline, body, extra):
    data = (newline.join(headers) + newline + newline + body + extra).encode(
        "utf-8", "surrogatepass"
    )
    for item in docs(read_fuzzed(data, ".txt")):
        assert all("\n" not in value and value == value.strip() for _, value in item.fields)


# --- A generated hostile suite (issue 11): 200+ bad or odd inputs of the classes above, mixed
# with good articles, read in one run as the command line reads them. ------------------------


def hostile_suite(root) -> tuple[list[str], list[str]]:
    """Write the suite under ``root``; return (every input to name, the good articles' paths)."""
    import random

    rnd = random.Random(11)
    specs: list[str] = []
    good: list[str] = []

    def put(name: str, data: bytes) -> str:
        path = os.path.join(str(root), name)
        with open(path, "wb") as handle:
            handle.write(data)
        specs.append(path)
        return path

    story = [f"Article {n}. {BODY.strip()} Officials in port {n} confirmed it." for n in range(10)]
    for n, text in enumerate(story):
        good.append(put(f"good{n}.txt", f"Port deal {n}\n\n{text}\n".encode()))
    record = {"text": LONG.replace("\n", " ")}
    for depth in (101, 1_000, 100_000):
        put(f"deep{depth}.json", deep_json(depth).encode())
        put(f"deep{depth}.jsonl", (json.dumps(record) + "\n" + deep_json(depth)).encode())
        put(f"deepobj{depth}.json", ('{"a":' * depth + "1" + "}" * depth).encode())
    for digits in (4_301, 10_000, 100_000):
        put(f"int{digits}.json", f'{{"text": "x", "n": {"7" * digits}}}'.encode())
        put(f"int{digits}.jsonl", f"[{'7' * digits}]\n{json.dumps(record)}".encode())
    for field in ("text", "title", "url"):
        for lone in ("\\ud800", "\\udfff", "\\udc80x"):
            value = (LONG.replace("\n", " ") if field == "text" else "x") + lone
            text = json.dumps({**record, field: "PLACEHOLDER"}).replace("PLACEHOLDER", value)
            put(f"lone-{field}-{lone[2:]}.json", text.encode())
    for n, suffix in enumerate([".txt", ".html", ".json", ".jsonl", ".md"]):
        name = os.fsencode(os.path.join(str(root), f"name{n}")) + b"\xff\xfe" + suffix.encode()
        with open(name, "wb") as handle:
            handle.write(b"Title\n\n" + BODY.encode() if suffix in {".txt", ".md"} else b"{}")
        specs.append(os.fsdecode(name))
    for charset in (
        "undefined",
        "unicode_escape",
        "raw_unicode_escape",
        "punycode",
        "idna",
        "rot13",
        "base64",
        "hex",
        "zlib",
        "utf-7",
        "x-user-defined",
        "nonsense",
    ):
        page = f'<meta charset="{charset}"><article><p>{LONG} Café Zürich.</p></article>'
        put(f"charset-{charset}.html", page.encode("latin-1"))
    for n in range(3):
        path = os.path.join(str(root), f"pipe{n}.txt")
        os.mkfifo(path)
        specs.append(path)
    # One link per device: two links to one device are one file, read (here: refused) once.
    devices = ["/dev/zero", "/dev/urandom", "/dev/null", "/dev/full", "/dev/random"]
    for n, device in enumerate(devices):
        path = os.path.join(str(root), f"device{n}{'.txt' if n % 2 else '.json'}")
        os.symlink(device, path)
        specs.append(path)
    for codec in ("utf-16", "utf-16-le", "utf-16-be", "utf-32", "utf-32-le", "utf-32-be"):
        bom = "\ufeff" if codec[-3:] in ("-le", "-be") else ""
        put(f"wide-{codec}.txt", (bom + "Title\n\n" + LONG).encode(codec))
    for n in range(5):
        data = bytearray(("Title\n\n" + LONG * 8).encode())
        for _ in range(n + 1):
            data.insert(rnd.randrange(20, len(data)), rnd.randrange(0x80, 0x100))
        put(f"strays{n}.txt", bytes(data))
    warc = good_warc_record("https://news.example/a") + good_warc_record("https://news.example/b")
    for n in range(30):
        data = bytearray(warc)
        for _ in range(rnd.randint(1, 4)):
            at = rnd.randrange(len(data))
            choice = rnd.random()
            if choice < 0.4:
                del data[at : at + rnd.randint(1, 30)]
            elif choice < 0.7:
                data[at] = rnd.randrange(256)
            else:
                data[at:at] = rnd.choice([b"\r\n", b":", b" ", b"\x00", b"Content-Length: 9"])
        put(f"mangled{n}.warc", bytes(data))
    packed = gzip.compress(warc) + gzip.compress(warc * 10)
    for n, cut in enumerate(range(20, len(packed), max(1, len(packed) // 10))):
        put(f"cut{n}.warc.gz", packed[:cut])
    for n, separator in enumerate(["\u2028", "\u2029", "\u0085", "\x1c", "\x1d", "\x1e"]):
        text = json.dumps({"text": LONG + separator + "More."}, ensure_ascii=False)
        put(f"separator{n}.jsonl", text.encode())
    for n, text in enumerate(["[]", "[ ]", "\n[]\n", "[\n]"]):
        put(f"emptylist{n}.json", text.encode())
    for n in range(3):
        path = os.path.join(str(root), f"emptydir{n}")
        os.mkdir(path)
        if n:
            open(os.path.join(path, ".hidden.txt"), "w").close()
        specs.append(path)
    source = json.dumps([record, {"title": "t", "text": LONG}])
    for n in range(60):
        at = rnd.randrange(len(source))
        junk = "".join(rnd.choice('[]{}",:\\0123456789e.-+ ') for _ in range(rnd.randint(1, 12)))
        put(f"damaged{n}.json", (source[:at] + junk + source[at + rnd.randint(0, 5) :]).encode())
    for n, suffix in enumerate([".txt", ".html", ".json", ".jsonl", ".warc"] * 4):
        put(f"junk{n}{suffix}", bytes(rnd.randrange(256) for _ in range(rnd.randint(0, 400))))
    for n in range(3):
        put(f"bomb{n}.txt.gz", gzip.compress(b"a " * 3_000_000))
    for n in range(5):
        put(f"brokengz{n}.html.gz", gzip.compress(LONG.encode())[: 10 + n * 7])
    for suffix in (".pdf", ".docx", ".exe", "", ".json.bz2"):
        put(f"unsupported{suffix or '-none'}{suffix}", b"%PDF-1.4")
    return specs, good


def test_a_hostile_suite_costs_no_good_article_and_each_bad_input_says_why(tmp_path):
    import time

    from crosswire.extract.article import to_article

    specs, good = hostile_suite(tmp_path)
    assert len(specs) - len(good) >= 200
    started = time.perf_counter()
    items = list(read_inputs(specs, max_bytes=1_000_000))
    assert time.perf_counter() - started < 60
    kept = {d.source for d in docs(items) if to_article(d)[0] is not None}
    assert set(good) <= kept
    for spec in specs:
        label = os.fsencode(spec).decode("utf-8", "backslashreplace")
        said = [
            i
            for i in items
            if i.source == label
            or i.source[: len(label) + 1] in (label + ":", label + "#", label + "@")
        ]
        assert said, f"{label} yielded neither a document nor a reason"
        for item in said:
            if isinstance(item, InputProblem):
                assert item.reason.strip() and "\n" not in item.reason
                assert "Traceback" not in item.reason
    assert not any("could not be read" in p.reason for p in problems(items))
