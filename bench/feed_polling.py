"""Feed polling benchmark: ``crosswire watch`` cycles (``crosswire.feeds.watch.run_cycle``)
against a local HTTP server on 127.0.0.1 serving K RSS feeds of M entries each, with the same
pages added from files (``Workspace.add``) measured side by side as the baseline, so the ratio
shows what fetching and politeness cost on top of the analysis.

The pages are news-like articles this script writes (``_newsgen``: invented towns and people,
several outlets telling each event in their own words; many stories, not one). The server runs
in its own process (this script re-invoked with ``--serve``), answers with an ETag and gives 304
to a matching ``If-None-Match``, and counts its answers by status.

In this process, after one untimed warm-up article (model loading), one after the other:

1. baseline: ``Workspace.add`` on the K×M pages saved as files, in batches of the watcher's
   batch size (``WatchConfig.batch``), into a fresh workspace;
2. first watch cycle into another fresh workspace following the K feeds: every entry is new,
   every page is fetched and analysed;
3. second watch cycle: every feed answers 304, nothing is fetched.

The fetcher keeps one request per second per host by default; here every feed and page is on
one host (127.0.0.1), so that would make the first cycle mostly waiting. The bench sets
``FetchConfig.host_interval`` explicitly (``--host-interval``, default 0.05 s) and says so.
The loopback address is allowed with ``AddressPolicy(allow_private=True)``.

    .venv/bin/python bench/feed_polling.py [--feeds 20] [--entries 10] [--host-interval 0.05]
"""

from __future__ import annotations

import argparse
import hashlib
import html
import json
import os
import socket
import subprocess
import sys
import tempfile
import threading
import time
from collections import Counter
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

from _common import RESULTS, markdown_table, text_table, write_result
from _newsgen import article

PAGES_PER_EVENT = 4


def page_url(base: str, feed: int, entry: int) -> str:
    return f"{base}/feed-{feed}/entry-{entry}.html"


def page_of(feed: int, entry: int, feeds: int, entries: int) -> tuple[str, str, str, str]:
    """``(title, outlet, date, text)`` of one page: pages cover events ``PAGES_PER_EVENT`` at a
    time, each event told by different feeds (outlets)."""
    events = max(1, feeds * entries // PAGES_PER_EVENT)
    number = feed * entries + entry
    event_index, take = number % events, number // events
    title, outlet, text = article(event_index, take)
    day = 1 + event_index % 28
    return title, outlet, f"2026-11-{day:02d}", text


def page_html(title: str, outlet: str, date: str, text: str) -> str:
    paragraphs = "\n".join(f"<p>{html.escape(p)}</p>" for p in text.split("\n\n"))
    return (
        "<!DOCTYPE html>\n<html lang='en'><head><meta charset='utf-8'>"
        f"<title>{html.escape(title)} | {html.escape(outlet)}</title>"
        f"<meta property='og:site_name' content='{html.escape(outlet)}'>"
        f"<meta property='article:published_time' content='{date}T09:00:00Z'>"
        "</head><body><nav><a href='/'>Home</a> <a href='/local'>Local</a></nav>"
        f"<article><h1>{html.escape(title)}</h1>\n{paragraphs}\n</article>"
        "<footer>Copyright the publisher. All rights reserved.</footer></body></html>\n"
    )


def rss(base: str, feed: int, items: list[tuple[str, str, str]]) -> str:
    """An RSS 2.0 feed; ``items`` are ``(url, title, date)``."""
    entries = "".join(
        f"<item><title>{html.escape(title)}</title><link>{html.escape(url)}</link>"
        f"<guid>{html.escape(url)}</guid><pubDate>{date}</pubDate></item>"
        for url, title, date in items
    )
    return (
        '<?xml version="1.0" encoding="utf-8"?>\n<rss version="2.0"><channel>'
        f"<title>Bench outlet {feed}</title><link>{base}/feed-{feed}/</link>"
        f"<description>Generated news for the polling benchmark</description>{entries}"
        "</channel></rss>\n"
    )


def rfc822(date: str) -> str:
    return time.strftime("%a, %d %b %Y 09:00:00 +0000", time.strptime(date, "%Y-%m-%d"))


def write_site(root: Path, base: str, feeds: int, entries: int) -> list[Path]:
    """Write the feeds, pages and robots.txt under ``root`` (served as ``base``); the pages'
    paths, in feed order."""
    pages = []
    (root / "robots.txt").write_text("User-agent: *\nDisallow: /private/\n", encoding="utf-8")
    for feed in range(feeds):
        folder = root / f"feed-{feed}"
        folder.mkdir(parents=True, exist_ok=True)
        items = []
        for entry in range(entries):
            title, outlet, date, text = page_of(feed, entry, feeds, entries)
            path = folder / f"entry-{entry}.html"
            path.write_text(page_html(title, outlet, date, text), encoding="utf-8")
            pages.append(path)
            items.append((page_url(base, feed, entry), title, rfc822(date)))
        (root / f"feed-{feed}.xml").write_text(rss(base, feed, items), encoding="utf-8")
    return pages


# -- the server (its own process)


def serve(root: Path) -> None:
    """Serve ``root`` on 127.0.0.1 (port printed on the first line) until stdin closes."""
    statuses: Counter[int] = Counter()
    lock = threading.Lock()

    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def setup(self) -> None:
            super().setup()
            # Headers and body go out in two writes: without this, Nagle's algorithm and the
            # client's delayed ACK hold every answer with a body back by about 40 ms.
            self.connection.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)

        def log_message(self, format: str, *args: object) -> None:
            """Quiet: the counts are the log."""

        def answer(
            self, status: int, body: bytes, headers: dict[str, str], count: bool = True
        ) -> None:
            if count:
                with lock:
                    statuses[status] += 1
            self.send_response(status)
            for name, value in headers.items():
                self.send_header(name, value)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def do_GET(self) -> None:
            if self.path == "/_stats":
                with lock:
                    counts = {str(k): v for k, v in statuses.items()}
                kind = {"Content-Type": "application/json"}
                self.answer(200, json.dumps(counts).encode(), kind, count=False)
                return
            relative = self.path.split("?", 1)[0].lstrip("/")
            path = (root / relative).resolve()
            if root not in path.parents or not path.is_file():
                self.answer(404, b"not here", {"Content-Type": "text/plain"})
                return
            body = path.read_bytes()
            etag = '"' + hashlib.sha256(body).hexdigest()[:20] + '"'
            if self.headers.get("If-None-Match") == etag:
                self.answer(304, b"", {"ETag": etag})
                return
            kind = {
                ".xml": "application/rss+xml",
                ".txt": "text/plain; charset=utf-8",
            }.get(path.suffix, "text/html; charset=utf-8")
            self.answer(200, body, {"Content-Type": kind, "ETag": etag})

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    server.daemon_threads = True
    print(server.server_address[1], flush=True)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    sys.stdin.read()  # the parent closes it (or dies): stop
    server.shutdown()


class FeedServer:
    """The ``--serve`` child: started on entering, stopped on leaving, even on error."""

    def __init__(self, root: Path):
        self.root = root
        self.process: subprocess.Popen[str] | None = None
        self.base = ""

    def __enter__(self) -> FeedServer:
        self.process = subprocess.Popen(
            [sys.executable, __file__, "--serve", str(self.root)],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            text=True,
        )
        assert self.process.stdout is not None
        port = self.process.stdout.readline().strip()
        if not port.isdigit():
            self.__exit__()
            raise RuntimeError("the feed server did not start")
        self.base = f"http://127.0.0.1:{port}"
        return self

    def stats(self) -> dict[str, int]:
        import httpx

        return httpx.get(f"{self.base}/_stats", timeout=10).json()

    def __exit__(self, *exc: object) -> None:
        if self.process is None:
            return
        if self.process.stdin is not None:
            self.process.stdin.close()
        try:
            self.process.wait(10)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait(10)


# -- the measurements (this process)


class TimedFetches:
    """Seconds spent inside ``Fetcher.fetch`` (requests, politeness waits, robots.txt) and
    asleep in it (the politeness interval; retry waits, were there any): a subclass put in
    place of the watcher's ``Fetcher`` for the breakdown of a cycle."""

    seconds = 0.0
    slept = 0.0
    calls = 0

    @classmethod
    def reset(cls) -> None:
        cls.seconds, cls.slept, cls.calls = 0.0, 0.0, 0

    @classmethod
    def fetcher(cls, base: type) -> type:
        def sleep(seconds: float) -> None:
            cls.slept += seconds
            time.sleep(seconds)

        class Timed(base):  # type: ignore[misc, valid-type]
            def __init__(self, *args, **kwargs):
                super().__init__(*args, **{**kwargs, "sleep": sleep})

            def fetch(self, url, **kwargs):
                started = time.perf_counter()
                try:
                    return super().fetch(url, **kwargs)
                finally:
                    cls.seconds += time.perf_counter() - started
                    cls.calls += 1

        return Timed


def measure(args: argparse.Namespace, folder: Path) -> dict:
    from crosswire import pipeline
    from crosswire.feeds import watch
    from crosswire.feeds.state import FeedState, utc_now
    from crosswire.fetch import AddressPolicy, FetchConfig
    from crosswire.workspace import Workspace

    site = folder / "site"
    site.mkdir()
    with FeedServer(site) as server:
        pages = write_site(site, server.base, args.feeds, args.entries)
        config = watch.WatchConfig()
        fetch = FetchConfig(
            policy=AddressPolicy(allow_private=True), host_interval=args.host_interval
        )
        models = pipeline.default_models()
        started = time.perf_counter()
        warm = folder / "warm-up.txt"
        title, _, text = article(10**6, 0)
        warm.write_text(f"{title}\n\n{text}\n", encoding="utf-8")
        with Workspace(str(folder / "warm.db"), models=models) as workspace:
            workspace.add([str(warm)])
        warm_up = time.perf_counter() - started
        print(f"warm-up (model loading, one article): {warm_up:.1f} s", flush=True)

        with Workspace(str(folder / "files.db"), models=models) as workspace:
            started = time.perf_counter()
            added = 0
            for first in range(0, len(pages), config.batch):
                batch = pages[first : first + config.batch]
                added += len(workspace.add([str(p) for p in batch]).articles)
            files_seconds = time.perf_counter() - started
        print(f"baseline, files: {added} articles in {files_seconds:.1f} s", flush=True)

        with Workspace(str(folder / "watch.db"), models=models) as workspace:
            with workspace.store.transaction():
                state = FeedState(workspace.store)
                for feed in range(args.feeds):
                    state.add_feed(f"{server.base}/feed-{feed}.xml", None, utc_now())
            original = watch.Fetcher
            watch.Fetcher = TimedFetches.fetcher(original)  # type: ignore[misc]
            TimedFetches.reset()
            try:
                started = time.perf_counter()
                first_report = watch.run_cycle(workspace, fetch, config)
                first_seconds = time.perf_counter() - started
                first_fetch, first_calls = TimedFetches.seconds, TimedFetches.calls
                first_slept = TimedFetches.slept
                after_first = server.stats()
                print(
                    f"first cycle: {first_report.fetched} pages in {first_seconds:.1f} s",
                    flush=True,
                )
                TimedFetches.reset()
                started = time.perf_counter()
                second_report = watch.run_cycle(workspace, fetch, config)
                second_seconds = time.perf_counter() - started
            finally:
                watch.Fetcher = original  # type: ignore[misc]
            articles = len(workspace.store.articles())
        after_second = server.stats()
    return {
        "feeds": args.feeds,
        "entries_per_feed": args.entries,
        "pages": len(pages),
        "host_interval_seconds": args.host_interval,
        "batch": config.batch,
        "warm_up_seconds": round(warm_up, 2),
        "files": {"seconds": round(files_seconds, 2), "articles": added},
        "first_cycle": {
            "seconds": round(first_seconds, 2),
            "fetched": first_report.fetched,
            "failed": len(first_report.failed),
            "retrying": len(first_report.retrying),
            "feeds_read": sum(1 for f in first_report.feeds if f.error is None),
            "fetch_calls": first_calls,
            "fetch_seconds": round(first_fetch, 2),
            "politeness_sleep_seconds": round(first_slept, 2),
            "articles_stored": articles,
            "server_statuses": after_first,
        },
        "second_cycle": {
            "seconds": round(second_seconds, 3),
            "fetched": second_report.fetched,
            "not_modified": sum(1 for f in second_report.feeds if f.not_modified),
            "fetch_calls": TimedFetches.calls,
            "fetch_seconds": round(TimedFetches.seconds, 3),
            "politeness_sleep_seconds": round(TimedFetches.slept, 3),
            "server_statuses": {
                k: v - after_first.get(k, 0)
                for k, v in after_second.items()
                if v != after_first.get(k, 0)
            },
        },
    }


def report(result: dict, load: tuple[float, float]) -> None:
    files, first, second = result["files"], result["first_cycle"], result["second_cycle"]
    pages = result["pages"]
    interval = result["host_interval_seconds"]
    analysis = first["seconds"] - first["fetch_seconds"]
    awake_ms = 1000 * (second["seconds"] - second["politeness_sleep_seconds"]) / result["feeds"]
    header = ["measure", "value"]
    rows = [
        ["feeds × entries (pages)", f"{result['feeds']} × {result['entries_per_feed']} ({pages})"],
        [
            "politeness (FetchConfig.host_interval), set by the bench",
            f"{interval:g} s between requests to one host (default 1 s); all on 127.0.0.1",
        ],
        [
            "baseline: Workspace.add on the pages as files",
            f"{files['seconds']:.1f} s, {files['articles']} articles "
            f"({files['articles'] / files['seconds']:.2f} pages/s), "
            f"batches of {result['batch']}",
        ],
        [
            "first watch cycle (every page new)",
            f"{first['seconds']:.1f} s, {first['fetched']} pages fetched and added "
            f"({first['fetched'] / first['seconds']:.2f} pages/s), "
            f"{first['failed']} failed, {first['retrying']} to retry",
        ],
        ["first cycle ÷ baseline (time)", f"{first['seconds'] / files['seconds']:.2f}×"],
        [
            "of the first cycle: inside Fetcher.fetch (requests, waits, robots.txt)",
            f"{first['fetch_seconds']:.1f} s over {first['fetch_calls']} fetches "
            f"({1000 * first['fetch_seconds'] / max(first['fetch_calls'], 1):.0f} ms each), "
            f"{first['politeness_sleep_seconds']:.1f} s of it asleep for politeness; "
            f"the rest (parsing feeds, queue, analysis) {analysis:.1f} s "
            f"({analysis / files['seconds']:.2f}× baseline)",
        ],
        [
            "second watch cycle (nothing new)",
            f"{second['seconds']:.3f} s: {second['not_modified']} of {result['feeds']} feeds "
            f"not modified, {second['fetched']} pages fetched; "
            f"{1000 * second['seconds'] / result['feeds']:.1f} ms per feed; inside "
            f"Fetcher.fetch {second['fetch_seconds']:.3f} s over {second['fetch_calls']} "
            f"requests, {second['politeness_sleep_seconds']:.3f} s of it asleep for politeness "
            f"(without the sleeps: {awake_ms:.1f} ms per feed)",
        ],
        [
            "second cycle ÷ first cycle",
            f"{second['seconds'] / first['seconds']:.4f}×",
        ],
        [
            "server answers, first / second cycle",
            f"{first['server_statuses']} / {second['server_statuses']}",
        ],
        ["warm-up (model loading, one article; in no figure)", f"{result['warm_up_seconds']} s"],
        ["load average (1 min) before / after", f"{load[0]:.2f} / {load[1]:.2f}"],
    ]
    print()
    print(text_table(header, rows))
    waits = pages + result["feeds"]
    notes = (
        f"{result['feeds']} RSS feeds of {result['entries_per_feed']} entries each, served with "
        "ETags from a separate process on 127.0.0.1 (304 on a matching `If-None-Match`); the "
        "pages are news-like articles the bench writes (invented events, each told by "
        f"{PAGES_PER_EVENT} outlets in their own words). The watcher is "
        "`crosswire.feeds.watch.run_cycle` with `AddressPolicy(allow_private=True)` and "
        f"**`FetchConfig.host_interval={interval:g}`**: the default politeness (1 s between "
        "requests to one host) would serialise everything here, which is one host, to at least "
        f"{waits} s of waiting. The baseline is `Workspace.add` on the same HTML saved as "
        f"files, in the watcher's batches of {result['batch']}, measured in the same process "
        "with the same warmed models just before. Time inside `Fetcher.fetch` is measured by "
        "a subclass put in place of the watcher's fetcher for this run."
    )
    body = notes + "\n\n" + markdown_table(header, rows)
    write_result("feed_polling", "Feed polling benchmark", body)
    RESULTS.mkdir(parents=True, exist_ok=True)
    full = result | {"load_average_1min_before_after": [round(load[0], 2), round(load[1], 2)]}
    (RESULTS / "feed_polling.json").write_text(json.dumps(full, indent=2) + "\n", encoding="utf-8")
    print(f"\nwrote {RESULTS / 'feed_polling.md'} and feed_polling.json")


def main() -> None:
    if len(sys.argv) == 3 and sys.argv[1] == "--serve":
        serve(Path(sys.argv[2]).resolve())
        return
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--feeds", type=int, default=20, help="feeds served (K)")
    parser.add_argument("--entries", type=int, default=10, help="entries per feed (M)")
    parser.add_argument(
        "--host-interval",
        type=float,
        default=0.05,
        help="seconds between two requests to one host (the fetcher's default is 1)",
    )
    args = parser.parse_args()
    print(
        f"politeness set by the bench: {args.host_interval:g} s between requests to one host "
        "(the fetcher's default is 1 s; everything here is on 127.0.0.1)",
        flush=True,
    )
    load_before = os.getloadavg()
    with tempfile.TemporaryDirectory(prefix="crosswire-feed-polling-") as folder:
        result = measure(args, Path(folder))
    report(result, (load_before[0], os.getloadavg()[0]))


if __name__ == "__main__":
    main()
