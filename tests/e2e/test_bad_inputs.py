"""Bad inputs each get a clear reason; every good input is still processed; exit code 1.

Runs are in this process (``cli``), where an unhandled exception fails the test with its
traceback; one usage error runs the real command, so its exit code 2 is the entry point's."""

import json
import os
import shutil

import pytest
from tests.conftest import DEMO
from tests.e2e.helpers import brief_json, cli, crosswire

pytestmark = [pytest.mark.integration, pytest.mark.slow]

GOOD = [
    "2026-05-18-meridian-press-wire.txt",
    "harbour-tribune-veldhaven-wins-chennai-concession.html",
]
PARAGRAPH = (
    "<p>The port authority said on Monday that the new terminal would open in 2029 after a "
    "long tender, and that dredging would begin within six months of the signing.</p>"
)


@pytest.fixture(scope="module")
def bad_run(tmp_path_factory):
    folder = tmp_path_factory.mktemp("inputs")
    for name in GOOD:
        shutil.copy(DEMO / name, folder / name)
    (folder / "empty.txt").write_bytes(b"")
    (folder / "binary.txt").write_bytes(bytes(range(256)) * 64)
    (folder / "latin1.html").write_bytes(
        (
            "<html><head><meta charset='iso-8859-1'><title>Café</title></head><body><article>"
            + PARAGRAPH * 2
            + "<p>Señor Núñez, the harbour master, welcomed the decision.</p>"
            "</article></body></html>"
        ).encode("latin-1")
    )
    (folder / "invalid-utf8.txt").write_bytes(
        b"Port talks\n\nThe harbour master said the talks would resume next week \xff\xfe after "
        b"a pause, and that both sides had agreed on most of the terms of the concession.\n"
    )
    full = (
        "<html><body><article><h1>Dredging to start</h1>"
        + PARAGRAPH * 4
        + "</article><footer>Contact us</footer></body></html>"
    )
    (folder / "truncated.html").write_text(full[: int(len(full) * 0.7)])
    (folder / "huge.txt").write_text("word" * 5_000_000)  # a 20 MB single line
    (folder / "records.json").write_text(
        json.dumps(
            [
                {"title": "no text at all"},
                {"text": 42},
                {
                    "text": "Fine text about the port that is long enough to count as a real "
                    "article body, with several more words.",
                    "published": ["2026"],
                },
            ]
        )
    )
    (folder / "notes.pdf").write_bytes(b"%PDF-1.7 fake")
    os.symlink(folder, folder / "loop")
    db = folder.parent / "bad.db"
    data, result = brief_json(
        [str(folder), str(folder / "missing.txt")], folder.parent / "out.json", db
    )
    return data, result, folder


def reasons(data):
    return {
        os.path.basename(p["source"].split("#")[0])
        + ("#" + p["source"].split("#")[1] if "#" in p["source"] else ""): (
            p["severity"],
            p["reason"],
        )
        for p in data["problems"]
    }


def test_good_inputs_are_processed_and_exit_code_says_some_failed(bad_run):
    data, result, _ = bad_run
    assert result.returncode == 1
    titles = {a["title"] for a in data["articles"]}
    assert "Chennai port authority signs $375 million terminal deal with Dutch operator" in titles
    assert any("Veldhaven" in t for t in titles if "wins" in t.lower() or "deepwater" in t.lower())


def test_each_bad_input_gets_its_reason(bad_run):
    data, result, _ = bad_run
    found = reasons(data)
    assert found["empty.txt"] == ("skipped", "empty file: there is no text to read")
    assert "binary content" in found["binary.txt"][1]
    assert "too large: 20.0 MB" in found["huge.txt"][1] and "--max-bytes" in found["huge.txt"][1]
    assert "no 'text' or 'html'" in found["records.json#1"][1]
    assert "'text' must be a string, got a number" in found["records.json#2"][1]
    assert "'published' must be a string, got a list" in found["records.json#3"][1]
    assert "unsupported file type .pdf" in found["notes.pdf"][1]
    assert "symlink loop" in found["loop"][1]
    assert "no such file" in found["missing.txt"][1]
    stderr = result.stderr.decode()
    for name in (
        "empty.txt",
        "binary.txt",
        "huge.txt",
        "records.json#2",
        "notes.pdf",
        "missing.txt",
    ):
        assert name in stderr
    assert "Traceback" not in stderr


def test_recoverable_encodings_are_read_with_a_warning(bad_run):
    data, _, _ = bad_run
    found = reasons(data)
    # A page labelled ISO-8859-1 is read as Windows-1252, as browsers do (the WHATWG rule).
    assert found["latin1.html"][0] == "warning" and "read as cp1252" in found["latin1.html"][1]
    assert (
        found["invalid-utf8.txt"][0] == "warning"
        and "not valid UTF-8" in found["invalid-utf8.txt"][1]
    )
    texts = " ".join(a["text"] for a in data["articles"])
    assert "Señor Núñez" in texts
    assert any(a["title"] == "Port talks" for a in data["articles"])


def test_truncated_html_keeps_what_is_there(bad_run):
    data, _, _ = bad_run
    truncated = [a for a in data["articles"] if a["source"].endswith("truncated.html")]
    assert truncated and "dredging would begin" in truncated[0]["text"]


def test_nothing_stored_is_lost_when_a_later_run_has_bad_inputs(bad_run, tmp_path):
    data, _, folder = bad_run
    db = folder.parent / "bad.db"
    again, result = brief_json(
        [str(folder / "empty.txt"), str(folder / GOOD[0])], tmp_path / "o.json", db
    )
    assert result.returncode == 1 and len(again["articles"]) == 1
    everything, _ = brief_json([str(folder)], tmp_path / "all.json", db)
    assert len(everything["articles"]) == len(data["articles"])


def test_usage_errors_exit_2_with_a_message(tmp_path):
    missing_output = crosswire("brief", str(DEMO))  # the real entry point's exit code
    assert missing_output.returncode == 2
    bad_suffix = cli(
        "brief", str(DEMO), "-o", str(tmp_path / "x.pdf"), "--db", str(tmp_path / "d.db")
    )
    assert bad_suffix.returncode == 2 and b"cannot tell the output format" in bad_suffix.stderr
    bad_format = cli("brief", str(DEMO), "-o", str(tmp_path / "x"), "--format", "pdf")
    assert bad_format.returncode == 2 and b"unknown --format 'pdf'" in bad_format.stderr


def test_nothing_readable_is_an_error_not_an_empty_report(tmp_path):
    (tmp_path / "empty.txt").write_bytes(b"")
    result = cli(
        "brief",
        str(tmp_path / "empty.txt"),
        "-o",
        str(tmp_path / "o.html"),
        "--db",
        str(tmp_path / "d.db"),
    )
    assert result.returncode == 1 and b"no article could be read" in result.stderr
    assert not (tmp_path / "o.html").exists()


def test_unusable_database_is_a_clear_error(tmp_path):
    db = tmp_path / "broken.db"
    db.write_bytes(b"not a database at all" * 200)
    result = cli("brief", str(DEMO / GOOD[0]), "-o", str(tmp_path / "o.json"), "--db", str(db))
    assert (
        result.returncode == 2
        and b"broken.db" in result.stderr
        and b"Traceback" not in result.stderr
    )
