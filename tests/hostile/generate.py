"""A generated set of hostile and malformed inputs, written by us, in the classes issue #11 lists:
each input is made by a few lines of code here (no file is copied from anywhere), with the outcome
a safe run must give it.

    python -m tests.hostile.generate OUT_FOLDER [--full]

writes the set (``--full``: the tiny-sentence floods at the sizes the issue measured, 1 MB and
200k paragraphs; by default they are small enough for CI) and prints how many inputs of each class.

Each ``Input`` says what must become of it:

- ``problem``: at least one skipped input names it (its path, or ``path#record``), with a reason;
- ``article``: at least ``articles`` articles come from it (a hostile but valid article is kept);
- ``any``: it is accounted for, as an article or as a problem with its reason (where either is a
  fair outcome, e.g. a page in a bogus encoding that a fallback decodes).
"""

from __future__ import annotations

import gzip
import json
import os
import sys
from dataclasses import dataclass, field
from pathlib import Path

CLASSES = (
    "deep-json",
    "huge-numbers",
    "lone-surrogates",
    "non-utf8-names",
    "bogus-codecs",
    "malformed-warc",
    "long-paragraphs",
    "tiny-sentence-floods",
    "fifos",
    "device-links",
    "markup-payloads",
    "escape-sequences",
    "line-separators-in-jsonl",
    "utf16-utf32-bom",
    "truncated-gzip",
    "empty-json",
    "empty-folder",
)

#: Subjects for the made-up but valid article bodies, one per hostile input that should be kept.
_PLACES = (
    "Arnholt", "Brevik", "Calloway", "Dunmore", "Eskdale", "Fenwick", "Garrow", "Halbury",
    "Ivesby", "Jarrow Point", "Kestle", "Lonmere", "Marrick", "Norbury", "Oxley", "Pellham",
    "Quarrington", "Rosthwaite", "Selby Cross", "Tarnwood",
)  # fmt: skip
_THINGS = ("bridge", "library", "ferry service", "water plant", "rail depot", "market hall")


@dataclass
class Input:
    cls: str
    #: The path as the run names it (a str; for a non-UTF-8 file name, its surrogate-escaped form).
    path: str
    expect: str  # "problem", "article" or "any"
    articles: int = 1
    #: Passed on the command line itself (an empty folder), not found inside the input folder.
    argument: bool = False


@dataclass
class HostileSet:
    folder: Path
    inputs: list[Input] = field(default_factory=list)
    good: list[str] = field(default_factory=list)

    def arguments(self) -> list[str]:
        return [str(self.folder), *(i.path for i in self.inputs if i.argument)]

    def of(self, cls: str) -> list[Input]:
        return [i for i in self.inputs if i.cls == cls]


def body(n: int) -> str:
    """A plain, valid news text, different for every ``n`` (so no two are duplicates)."""
    place = _PLACES[n % len(_PLACES)]
    thing = _THINGS[(n // len(_PLACES)) % len(_THINGS)]
    day = 1 + n % 27
    return (
        f"The council of {place} approved a plan on Tuesday to rebuild the town's {thing}, "
        f"which has been closed since a storm in March.\n\n"
        f"Work is due to start on May {day} and should take about {2 + n % 9} months, the "
        f"council said in a statement. The cost was put at {10 + n} million pounds.\n\n"
        f'"We have waited long enough," said the council leader, Morag Ellison-{n}. "Residents '
        f'will have their {thing} back before winter."\n\n'
        f"Opposition members said the budget for the {thing} in {place} was too tight and "
        f"asked for a review of the contract by the end of the year (report {n})."
    )


def html_page(n: int, title: str, head: str = "", extra: str = "") -> str:
    paragraphs = "".join(f"<p>{p}</p>" for p in body(n).split("\n\n"))
    return (
        f"<!doctype html><html><head>{head}<title>{title}</title></head><body><article>"
        f"<h1>{title}</h1>{extra}{paragraphs}</article></body></html>"
    )


class _Writer:
    def __init__(self, hostile: HostileSet, cls: str):
        self.hostile, self.cls = hostile, cls
        self.n = 1000 * (CLASSES.index(cls) + 1)

    def next_body(self) -> str:
        self.n += 1
        return body(self.n)

    def next_html(self, title: str, head: str = "", extra: str = "") -> str:
        self.n += 1
        return html_page(self.n, title, head, extra)

    def file(self, name: str | bytes, data: bytes | str, expect: str, articles: int = 1) -> None:
        folder = os.fsencode(self.hostile.folder / self.cls)
        os.makedirs(folder, exist_ok=True)
        path = os.path.join(folder, os.fsencode(name))
        with open(path, "wb") as handle:
            handle.write(data.encode("utf-8") if isinstance(data, str) else data)
        self.add(path, expect, articles)

    def add(self, path: bytes, expect: str, articles: int = 1, argument: bool = False) -> None:
        self.hostile.inputs.append(Input(self.cls, os.fsdecode(path), expect, articles, argument))

    def path(self, name: str) -> bytes:
        folder = os.fsencode(self.hostile.folder / self.cls)
        os.makedirs(folder, exist_ok=True)
        return os.path.join(folder, os.fsencode(name))


def _record(w: _Writer, **extra: object) -> dict[str, object]:
    return {"title": f"Council vote {w.n}", "text": w.next_body(), **extra}


def _deep_json(w: _Writer) -> None:
    for depth in (1_000, 3_000, 10_000, 100_000, 1_000_000):
        w.file(f"list-{depth}.json", "[" * depth + "]" * depth, "problem")
    for depth in (1_500, 10_000, 100_000, 500_000):
        w.file(f"object-{depth}.json", '{"a":' * depth + "1" + "}" * depth, "problem")
    for depth in (5_000, 200_000):
        text = "[" * depth + "]" * depth
        w.file(f"in-text-{depth}.json", '{"title": "x", "text": ' + text + "}", "problem")
        w.file(f"in-title-{depth}.json", '{"text": "words", "title": ' + text + "}", "problem")
    for depth in (20_000, 300_000):
        good = json.dumps(_record(w))
        lines = [good, "[" * depth + "]" * depth, json.dumps(_record(w))]
        w.file(f"line-{depth}.jsonl", "\n".join(lines) + "\n", "problem")
    for depth in (50_000, 400_000):
        w.file(f"records-{depth}.json", "[" + "{}, " * 3 + "[" * depth + "]" * depth + "]", "any")


def _huge_numbers(w: _Writer) -> None:
    for digits in (4_301, 10_000, 100_000, 1_000_000):
        w.file(f"list-{digits}.json", "[" + "7" * digits + "]", "problem")
        w.file(f"text-{digits}.json", '{"title": "t", "text": ' + "9" * digits + "}", "problem")
    for digits in (5_000, 200_000):
        record = json.dumps(_record(w))[:-1] + ', "views": ' + "1" * digits + "}"
        w.file(f"field-{digits}.json", record, "any")
        lines = [json.dumps(_record(w)), '{"text": ' + "3" * digits + "}"]
        w.file(f"line-{digits}.jsonl", "\n".join(lines) + "\n", "problem")
    w.file("exponent.json", '{"text": 1e999999999}', "problem")
    w.file("negative-fraction.json", '{"text": -' + "9" * 6000 + ".5}", "problem")
    w.file("nan.json", '{"text": NaN, "title": Infinity}', "problem")


def _lone_surrogates(w: _Writer) -> None:
    for escape in ("\\ud800", "\\udfff", "\\udc80", "\\udc00\\ud800"):
        tag = escape.replace("\\u", "")
        for key in ("text", "title", "url"):
            record = _record(w)
            raw = json.dumps(record)
            value = json.dumps(record[key]) if key in record else None
            if value is None:
                raw = raw[:-1] + f', "url": "https://example.org/{escape}"' + "}"
            else:
                raw = raw.replace(value, value[:-1] + escape + '"', 1)
            w.file(f"{key}-{tag}.json", raw, "any")
        lines = [json.dumps(_record(w)), '{"text": "a lone ' + escape + ' here"}']
        w.file(f"line-{tag}.jsonl", "\n".join(lines) + "\n", "any")
    for reference in ("&#xD800;", "&#56320;"):
        page = w.next_html(f"Council {reference} vote", extra=f"<p>A {reference} sign.</p>")
        w.file(f"reference-{reference[2:-1]}.html", page, "any")
    # A surrogate encoded as UTF-8 bytes (CESU-8 style), which strict UTF-8 refuses.
    raw = ("Council vote\n\n" + w.next_body()).encode() + b" \xed\xa0\x80 end."
    w.file("encoded-surrogate.txt", raw, "any")
    w.file("encoded-surrogate-name.json", b'{"text": "x \xed\xb0\x80", "title": "t"}', "any")


def _non_utf8_names(w: _Writer) -> None:
    names = (b"caf\xe9", b"\xff\xfe", b"bad-\x80\x81", b"half-\xc3", b"over-\xf8\x88\x80\x80\x80")
    for i, name in enumerate(names):
        w.file(name + f"-{i}.txt".encode(), f"Council vote {i}\n\n" + w.next_body(), "article")
    w.file(b"latin-\xe9t\xe9.html", w.next_html("Council vote"), "article")
    w.file(b"\xe9.json", json.dumps(_record(w)), "article")
    w.file(b"lines-\xfe.jsonl", json.dumps(_record(w)) + "\n", "article")


def _bogus_codecs(w: _Writer) -> None:
    codecs = (
        "undefined", "unicode_escape", "raw_unicode_escape", "punycode", "rot13", "rot_13",
        "base64", "hex", "zlib", "bz2", "uu", "idna", "utf-7", "x-bogus-charset", "",
        "utf-8; DROP TABLE", "mbcs", "oem", "palmos", "unicode-internal",
    )  # fmt: skip
    for i, codec in enumerate(codecs):
        head = f'<meta charset="{codec}">'
        w.file(f"charset-{i:02d}.html", w.next_html(f"Council vote {i}", head), "any")
    for codec in ("unicode_escape", "undefined", "punycode"):
        head = f'<meta http-equiv="Content-Type" content="text/html; charset={codec}">'
        w.file(f"http-equiv-{codec}.html", w.next_html("Council vote", head), "any")
    w.file("escapes-under-unicode-escape.html", w.next_html(
        "Council \\x41 vote \\N{BULLET}", '<meta charset="unicode_escape">', "<p>\\u00e9</p>"
    ), "any")  # fmt: skip


def _warc_record(html: str, *, length: int | None = None, version: str = "WARC/1.0") -> bytes:
    payload = ("HTTP/1.1 200 OK\r\nContent-Type: text/html; charset=utf-8\r\n\r\n" + html).encode()
    size = len(payload) if length is None else length
    head = (
        f"{version}\r\nWARC-Type: response\r\nWARC-Record-ID: <urn:uuid:{size:08d}>\r\n"
        "WARC-Target-URI: https://example.org/news/vote\r\nWARC-Date: 2026-05-01T10:00:00Z\r\n"
        f"Content-Type: application/http; msgtype=response\r\nContent-Length: {size}\r\n\r\n"
    ).encode()
    return head + payload + b"\r\n\r\n"


def _malformed_warc(w: _Writer) -> None:
    whole = _warc_record(w.next_html("Council vote"))
    for cut in (5, 25, 50, 75, 95):
        w.file(f"truncated-{cut}.warc", whole[: len(whole) * cut // 100], "any")
    w.file("length-too-large.warc", _warc_record(w.next_html("Vote"), length=10**9), "any")
    w.file("length-negative.warc", _warc_record(w.next_html("Vote"), length=-5), "any")
    bad_length = _warc_record(w.next_html("Vote")).replace(
        b"Content-Length: ", b"Content-Length: x"
    )
    w.file("length-not-a-number.warc", bad_length, "any")
    w.file("version-9.warc", _warc_record(w.next_html("Vote"), version="WARC/9.9"), "any")
    w.file("not-warc.warc", b"\x00\x01garbage" * 100, "problem")
    w.file("empty-header.warc", b"WARC/1.0\r\n\r\n", "problem")
    w.file(
        "no-type.warc",
        _warc_record(w.next_html("Vote")).replace(b"WARC-Type: response\r\n", b""),
        "any",
    )
    http_garbage = _warc_record(w.next_html("Vote")).replace(b"HTTP/1.1 200 OK", b"\xff\xfe\x00")
    w.file("http-garbage.warc", http_garbage, "any")
    w.file("headers-only.warc", whole.split(b"\r\n\r\n")[0], "any")
    w.file("two-records-second-broken.warc", whole + whole[: len(whole) // 2], "any")
    w.file(
        "binary-header-values.warc", whole.replace(b"WARC-Date: ", b"WARC-Date: \x00\xff"), "any"
    )
    w.file("utf16-warc.warc", whole.decode().encode("utf-16"), "any")
    w.file("crlf-missing.warc", whole.replace(b"\r\n", b"\n"), "any")
    w.file("record-id-huge.warc", whole.replace(b"<urn:uuid:", b"<urn:uuid:" + b"a" * 70000), "any")


def _long_paragraphs(w: _Writer) -> None:
    sentence = "The council met again and the members talked about the plan at length "
    w.file(
        "paragraph-1.05m.txt", "Council vote\n\n" + sentence * (1_050_000 // len(sentence)), "any"
    )
    w.file("one-word-1.05m.txt", "Council vote\n\n" + "x" * 1_050_000, "any")


def _tiny_floods(w: _Writer, full: bool) -> None:
    scale = 1 if full else 20
    w.file("dots.txt", "Council vote\n\n" + ". " * (500_000 // scale), "any")
    w.file("one-word-paragraphs.txt", "Council vote\n\n" + "word\n\n" * (200_000 // scale), "any")
    w.file("one-letter-sentences.txt", "Council vote\n\n" + "A. " * (330_000 // scale), "any")


def _fifos(w: _Writer) -> None:
    for name in ("pipe.txt", "pipe.html", "pipe.json", "pipe.warc.gz"):
        path = w.path(name)
        os.mkfifo(path)
        w.add(path, "problem")


def _device_links(w: _Writer) -> None:
    for name, target in (
        ("zero.txt", "/dev/zero"),
        ("urandom.html", "/dev/urandom"),
        ("null.json", "/dev/null"),
        ("zero.jsonl", "/dev/zero"),
        ("dangling.txt", "/nonexistent/crosswire-hostile"),
    ):
        path = w.path(name)
        os.symlink(target, path)
        w.add(path, "problem")


_PAYLOADS = (
    "<script>alert(1)</script>",
    "<img src=x onerror=alert(1)>",
    "<svg onload=alert(1)>",
    '"><script>alert(document.cookie)</script>',
    "[click here](javascript:alert(1))",
    "[x](JaVaScRiPt:alert(1))",
    "<iframe src=javascript:alert(1)></iframe>",
    "![img](javascript:alert(1))",
    "<a href='javascript:alert(1)'>link</a>",
    "[data](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)",
)


def _markup_payloads(w: _Writer) -> None:
    for i, payload in enumerate(_PAYLOADS):
        record = _record(w, title=f"Vote {payload}", url="javascript:alert(1)")
        w.file(f"record-title-{i}.json", json.dumps(record), "article")
        text = f"Council vote {i}\n\n{payload} {w.next_body()}\n\n{payload}\n"
        w.file(f"text-{i}.txt", text, "article")
        escaped = payload.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
        page = w.next_html(f"Vote {escaped}", extra=f"<p>{escaped} said the council.</p>")
        w.file(f"page-{i}.html", page, "article")
        url = ("javascript:alert(1)", "JAVASCRIPT:alert(1)", " javascript:alert(1)",
               "data:text/html,<script>alert(1)</script>", "vbscript:msgbox(1)")[i % 5]  # fmt: skip
        w.file(f"record-url-{i}.json", json.dumps(_record(w, url=url, author=payload)), "article")


def _escape_sequences(w: _Writer) -> None:
    names = (
        "red-\x1b[31m",
        "title-\x1b]0;pwned\x07",
        "clear-\x1b[2J\x1b[H",
        "csi-\u009b2J",
        "bell-\x07\x07",
        "backspace-\x08\x08\x08",
        "cr-\rover",
        "osc8-\x1b]8;;https:x\x1b\\",
    )
    for i, name in enumerate(names):
        w.file(f"{name}-{i}.txt", f"Council vote {i}\n\n" + w.next_body(), "article")
    for i, title in enumerate(("Vote \x1b[2J\x1b[H here", "Vote \x1b]0;owned\x07", "V\u009b31m")):
        w.file(f"record-title-{i}.json", json.dumps(_record(w, title=title)), "article")
    for i, text in enumerate(("\x1b[31mred\x1b[0m", "\x1b]52;c;cGF5bG9hZA==\x07")):
        record = _record(w)
        record["text"] = f"{text} {record['text']}"
        w.file(f"record-text-{i}.json", json.dumps(record), "article")
    w.file("first-line-title.txt", "Council \x1b[5mvote\x1b[0m\n\n" + w.next_body(), "article")


def _line_separators(w: _Writer) -> None:
    for name, char in (("u2028", "\u2028"), ("u2029", "\u2029"), ("u0085", "\u0085")):
        for variant in ("text", "title"):
            first, second = _record(w), _record(w)
            first[variant] = f"{first[variant][:40]}{char}{first[variant][40:]}"
            lines = [json.dumps(first, ensure_ascii=False), json.dumps(second, ensure_ascii=False)]
            w.file(f"{name}-{variant}.jsonl", "\n".join(lines) + "\n", "article", articles=2)


def _boms(w: _Writer) -> None:
    for codec in ("utf-16", "utf-16-be", "utf-32", "utf-32-be"):
        bom = "" if codec in ("utf-16", "utf-32") else "\ufeff"
        tag = codec.replace("-", "")
        text = bom + f"Council vote {tag}\n\n" + w.next_body()
        w.file(f"{tag}.txt", text.encode(codec), "article")
        w.file(f"{tag}.html", (bom + w.next_html(f"Council vote {tag}")).encode(codec), "article")


def _truncated_gzip(w: _Writer) -> None:
    warc = gzip.compress(_warc_record(w.next_html("Council vote")))
    for cut in (10, 50, 90):
        w.file(f"truncated-{cut}.warc.gz", warc[: len(warc) * cut // 100], "problem")
    text = gzip.compress(("Council vote\n\n" + w.next_body()).encode())
    w.file("truncated.txt.gz", text[: len(text) // 2], "problem")
    page = gzip.compress(w.next_html("Council vote").encode())
    w.file("truncated.html.gz", page[: len(page) * 3 // 4], "problem")
    w.file("not-gzip.json.gz", b"\x1f\x8b\x08\x00garbage-after-magic" * 10, "problem")


def _empty_json(w: _Writer) -> None:
    for name, data in (
        ("list.json", "[]"),
        ("spaced-list.json", "[ ]\n"),
        ("nested-list.json", "[[]]"),
        ("object.json", "{}"),
        ("null.json", "null"),
        ("list-of-null.json", "[null]"),
        ("blank-lines.jsonl", "\n\n\n"),
        ("empty-object-lines.jsonl", "{}\n{}\n"),
        ("list-line.jsonl", "[]\n"),
        ("whitespace.json", "  \n\t "),
    ):
        w.file(name, data, "problem")


def _empty_folder(w: _Writer) -> None:
    path = os.fsencode(w.hostile.folder.parent / "empty-folder")
    os.makedirs(path, exist_ok=True)
    w.add(path, "problem", argument=True)


def generate(folder: Path, good: list[Path], *, full: bool = False) -> HostileSet:
    """Write the hostile set into ``folder`` (which must not exist), with copies of ``good``
    articles mixed in (each must be kept)."""
    folder.mkdir(parents=True)
    hostile = HostileSet(folder)
    makers = {
        "deep-json": _deep_json,
        "huge-numbers": _huge_numbers,
        "lone-surrogates": _lone_surrogates,
        "non-utf8-names": _non_utf8_names,
        "bogus-codecs": _bogus_codecs,
        "malformed-warc": _malformed_warc,
        "long-paragraphs": _long_paragraphs,
        "tiny-sentence-floods": lambda w: _tiny_floods(w, full),
        "fifos": _fifos,
        "device-links": _device_links,
        "markup-payloads": _markup_payloads,
        "escape-sequences": _escape_sequences,
        "line-separators-in-jsonl": _line_separators,
        "utf16-utf32-bom": _boms,
        "truncated-gzip": _truncated_gzip,
        "empty-json": _empty_json,
        "empty-folder": _empty_folder,
    }
    assert tuple(makers) == CLASSES
    for cls, make in makers.items():
        make(_Writer(hostile, cls))
    (folder / "good").mkdir()
    for source in good:
        target = folder / "good" / source.name
        target.write_bytes(source.read_bytes())
        hostile.good.append(str(target))
    return hostile


if __name__ == "__main__":
    from tests.conftest import DEMO

    made = generate(
        Path(sys.argv[1]), sorted(DEMO.glob("*.txt"))[:10], full="--full" in sys.argv[2:]
    )
    for cls in CLASSES:
        print(f"{len(made.of(cls)):4d}  {cls}")
    print(f"{len(made.inputs):4d}  hostile inputs, and {len(made.good)} good articles")
