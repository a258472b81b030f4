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
