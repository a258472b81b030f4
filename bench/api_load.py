"""Load benchmark of ``crosswire serve``: a real uvicorn in its own process on 127.0.0.1 over a
workspace built from the demo corpus, under a fixed-duration load of N concurrent clients per
endpoint, against ``GET /healthz`` measured in the same run (the cost of the framework and the
loopback alone).

The workspace is built once with ``crosswire add examples/demo-corpus`` (``--reuse`` keeps an
earlier one at ``--workspace``) and the server serves a fresh copy of it, so the mixed run's
posts never change the next run's starting point. Before any timing, every read is made once
(the first list of stories analyses every story; the first post loads the models): the figures
are the warm server's. Each endpoint then gets ``--duration`` seconds of ``--clients`` threads,
each with its own keep-alive connection, sending one request after another. The mixed run is
one client posting new articles (``POST /api/articles`` with the token from
``$CROSSWIRE_TOKEN``) while the others read (list, story, search, Atom in turn).

The load generator runs in this process and the server in another, so they do not share a GIL,
but they do share the machine's cores: on 2 cores the client threads take CPU from the server,
which is why every figure is also given as a ratio to ``/healthz`` under the same load, and the
server's own CPU time per request (``/proc/PID/stat``) is given beside it.

    .venv/bin/python bench/api_load.py [--duration 10] [--clients 10] [--reuse]

Stops by itself; the server is stopped at the end, on error too.
"""

from __future__ import annotations

import argparse
import json
import os
import queue
import re
import resource
import secrets
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import httpx

from _common import REPO_ROOT, RESULTS, command_line, machine, markdown_table, text_table
from _common import write_result as write_markdown
from _loadstats import RunFigures, summarise
from _newsgen import article

DEMO_CORPUS = REPO_ROOT / "examples" / "demo-corpus"
DEFAULT_WORKSPACE = Path(tempfile.gettempdir()) / "crosswire-bench" / "api_load-demo.db"
SEARCHES = ("Veldhaven", "concession signed", "strike", "Ennore AND terminal", "fishworkers")
#: Posted articles are about events numbered from here, none of them in the demo corpus.
POST_EVENTS = 10_000
STARTUP_SECONDS = 120


def crosswire(*args: str) -> list[str]:
    return [sys.executable, "-m", "crosswire", *args]


def child_env(token: str | None = None) -> dict[str, str]:
    env = dict(os.environ)
    source = str(REPO_ROOT / "src")
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [source, env.get("PYTHONPATH")]))
    if token is not None:
        env["CROSSWIRE_TOKEN"] = token
    return env


def build_workspace(location: Path, reuse: bool) -> float | None:
    """Build the demo workspace at ``location`` (seconds taken), or reuse it (None)."""
    if reuse and location.exists():
        return None
    location.parent.mkdir(parents=True, exist_ok=True)
    for suffix in ("", "-wal", "-shm"):
        Path(f"{location}{suffix}").unlink(missing_ok=True)
    started = time.perf_counter()
    done = subprocess.run(
        crosswire("add", str(DEMO_CORPUS), "--db", str(location)),
        env=child_env(),
        capture_output=True,
        text=True,
    )
    if done.returncode != 0:
        raise RuntimeError(f"building the workspace failed:\n{done.stderr[-3000:]}")
    return time.perf_counter() - started


@dataclass
class Server:
    """``crosswire serve --port 0`` in its own process, on 127.0.0.1."""

    db: Path
    token: str
    process: subprocess.Popen[str] | None = None
    url: str = ""
    output: list[str] = field(default_factory=list)

    def start(self) -> None:
        self.process = subprocess.Popen(
            crosswire("serve", "--db", str(self.db), "--host", "127.0.0.1", "--port", "0"),
            env=child_env(self.token),
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
        )
        lines: queue.Queue[str | None] = queue.Queue()

        def pump() -> None:  # keep reading, or a full pipe would block the server's logging
            assert self.process is not None and self.process.stdout is not None
            for line in self.process.stdout:
                lines.put(line)
            lines.put(None)

        threading.Thread(target=pump, daemon=True).start()
        deadline = time.monotonic() + STARTUP_SECONDS
        while time.monotonic() < deadline:
            try:
                line = lines.get(timeout=1)
            except queue.Empty:
                continue
            if line is None:
                break
            self.output.append(line)
            found = re.search(r"at (http://127\.0\.0\.1:\d+)", line)
            if found:
                self.url = found.group(1)
                break
        if not self.url:
            raise RuntimeError("the server did not start:\n" + "".join(self.output))
        with httpx.Client(base_url=self.url, timeout=5) as client:
            while time.monotonic() < deadline:
                try:
                    if client.get("/healthz").status_code == 200:
                        return
                except httpx.TransportError:
                    time.sleep(0.1)
        raise RuntimeError("the server never answered /healthz")

    def cpu_seconds(self) -> float:
        """User + system CPU time of the server process so far."""
        assert self.process is not None
        fields = Path(f"/proc/{self.process.pid}/stat").read_text().rsplit(")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")

    def stop(self) -> None:
        if self.process is None or self.process.poll() is not None:
            return
        self.process.send_signal(signal.SIGINT)
        try:
            self.process.wait(15)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait(15)


Request = Callable[[httpx.Client, int], httpx.Response]


def get(paths: list[str]) -> Request:
    """Each client sends GETs to ``paths`` in turn, starting at its own place in the list."""
    return lambda client, n: client.get(paths[n % len(paths)])


def load(
    url: str, requests: list[Request], duration: float
) -> tuple[list[list[float]], list[int], float]:
    """Run one thread per entry of ``requests`` for ``duration`` seconds, each sending requests
    back to back; the latencies of the successful ones and the failures, per thread, and the
    wall time until the last thread stopped."""
    latencies: list[list[float]] = [[] for _ in requests]
    errors = [0] * len(requests)
    start_line = threading.Barrier(len(requests) + 1)
    stop_at = [0.0]

    def client_thread(index: int) -> None:
        with httpx.Client(base_url=url, timeout=120) as client:
            client.get("/healthz")  # the connection is open before the clock starts
            start_line.wait()
            n = index
            while time.perf_counter() < stop_at[0]:
                started = time.perf_counter()
                try:
                    response = requests[index](client, n)
                    ok = response.status_code < 400
                except httpx.HTTPError:
                    ok = False
                if ok:
                    latencies[index].append(time.perf_counter() - started)
                else:
                    errors[index] += 1
                n += len(requests)

    threads = [threading.Thread(target=client_thread, args=(i,)) for i in range(len(requests))]
    for thread in threads:
        thread.start()
    stop_at[0] = time.perf_counter() + duration + 60  # until the barrier sets the real one
    start_line.wait()
    started = time.perf_counter()
    stop_at[0] = started + duration
    for thread in threads:
        thread.join()
    return latencies, errors, time.perf_counter() - started


def post_request(token: str) -> Request:
    """A new article per post (its own invented event), so every post is analysed."""
    counter = iter(range(10**9))
    lock = threading.Lock()

    def send(client: httpx.Client, _: int) -> httpx.Response:
        with lock:
            number = next(counter)
        title, outlet, text = article(POST_EVENTS + number, 0)
        return client.post(
            "/api/articles",
            json={"title": title, "outlet": outlet, "text": text},
            headers={"Authorization": f"Bearer {token}"},
        )

    return send


@dataclass
class Measured:
    figures: RunFigures
    clients: int
    server_cpu: float
    #: CPU time of this process (the load generator) during the run.
    client_cpu: float


def cpu_seconds() -> float:
    """User + system CPU time of this process (every client thread) so far."""
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


def measure(
    server: Server, name: str, requests: list[Request], duration: float, measured: list[Measured]
) -> None:
    cpu, own = server.cpu_seconds(), cpu_seconds()
    latencies, errors, seconds = load(server.url, requests, duration)
    cpu, own = server.cpu_seconds() - cpu, cpu_seconds() - own
    figures = summarise(name, [x for xs in latencies for x in xs], sum(errors), seconds)
    measured.append(Measured(figures, len(requests), cpu, own))
    print(f"  {name}: {figures.per_second:.1f}/s, p50 {1000 * figures.p50:.1f} ms", flush=True)


def measure_mixed(
    server: Server, reads: list[str], token: str, duration: float, clients: int
) -> list[Measured]:
    """One client posting while ``clients - 1`` read: figures for the reads and the posts."""
    cpu, own = server.cpu_seconds(), cpu_seconds()
    requests = [post_request(token), *[get(reads)] * (clients - 1)]
    latencies, errors, seconds = load(server.url, requests, duration)
    cpu, own = server.cpu_seconds() - cpu, cpu_seconds() - own
    reads_done = [x for xs in latencies[1:] for x in xs]
    posts = summarise("mixed: POST /api/articles", latencies[0], errors[0], seconds)
    read = summarise(
        "mixed: reads (list, story, search, Atom)", reads_done, sum(errors[1:]), seconds
    )
    print(f"  mixed: {posts.requests} posts, {read.per_second:.1f} reads/s", flush=True)
    # The server's CPU of the mixed run is shared by reads and posts; it is shown once.
    return [Measured(read, clients - 1, cpu, own), Measured(posts, 1, cpu, own)]


def warm_up(server: Server, token: str) -> tuple[list[str], int]:
    """Every read once (analyses every story), and one post (loads the models); the story ids
    and the number of articles before the load."""
    with httpx.Client(base_url=server.url, timeout=600) as client:
        listed = client.get("/api/stories", params={"limit": 500})
        listed.raise_for_status()
        ids = [story["id"] for story in listed.json()["stories"]]
        articles = sum(story["articles"] for story in listed.json()["stories"])
        for story_id in ids:
            client.get(f"/api/stories/{story_id}").raise_for_status()
        for query in SEARCHES:
            client.get("/api/search", params={"q": query}).raise_for_status()
        client.get("/feeds/stories.atom").raise_for_status()
        title, outlet, text = article(POST_EVENTS - 1, 0)
        client.post(
            "/api/articles",
            json={"title": title, "outlet": outlet, "text": text},
            headers={"Authorization": f"Bearer {token}"},
        ).raise_for_status()
    return ids, articles


def run(args: argparse.Namespace) -> dict:
    built = build_workspace(args.workspace, args.reuse)
    print(
        f"workspace {args.workspace}: "
        + ("reused" if built is None else f"built from the demo corpus in {built:.1f} s"),
        flush=True,
    )
    token = secrets.token_urlsafe(24)
    load_before = os.getloadavg()
    measured: list[Measured] = []
    with tempfile.TemporaryDirectory(prefix="crosswire-api-load-") as folder:
        served = Path(folder) / "served.db"
        shutil.copyfile(args.workspace, served)
        server = Server(served, token)
        try:
            server.start()
            print(f"serving at {server.url} (pid {server.process.pid})", flush=True)
            started = time.perf_counter()
            ids, articles = warm_up(server, token)
            warm = time.perf_counter() - started
            print(f"warm-up (every read once, one post) {warm:.1f} s; {len(ids)} stories")
            searches = [str(httpx.URL("/api/search", params={"q": q})) for q in SEARCHES]
            stories = [f"/api/stories/{story_id}" for story_id in ids]
            runs: list[tuple[str, list[str]]] = [
                ("GET /healthz", ["/healthz"]),
                ("GET /api/stories", ["/api/stories"]),
                ("GET /api/stories/{id}", stories),
                ("GET /api/search?q=…", searches),
                ("GET /feeds/stories.atom", ["/feeds/stories.atom"]),
            ]
            for name, paths in runs:
                measure(server, name, [get(paths)] * args.clients, args.duration, measured)
            # The four kinds of read in equal shares, each story and search in turn.
            reads = [
                path
                for i in range(max(len(stories), len(searches)))
                for path in (
                    "/api/stories",
                    stories[i % len(stories)],
                    searches[i % len(searches)],
                    "/feeds/stories.atom",
                )
            ]
            measured += measure_mixed(server, reads, token, args.duration, args.clients)
        finally:
            server.stop()
    load_after = os.getloadavg()
    return {
        "command": command_line(),
        "machine": machine(),
        "date": time.strftime("%Y-%m-%d %H:%M %Z"),
        "duration_seconds": args.duration,
        "clients": args.clients,
        "workspace_built_seconds": built,
        "warm_up_seconds": round(warm, 2),
        "stories": len(ids),
        "articles_before": articles,
        "load_average_1min_before_after": [round(load_before[0], 2), round(load_after[0], 2)],
        "runs": [
            {
                **m.figures.as_dict(),
                "clients": m.clients,
                "server_cpu_seconds": round(m.server_cpu, 2),
                "client_cpu_seconds": round(m.client_cpu, 2),
            }
            for m in measured
        ],
    }


def table(result: dict) -> tuple[list[str], list[list[str]]]:
    runs = result["runs"]
    base = runs[0]
    header = [
        "endpoint",
        "clients",
        "requests/s",
        "÷ /healthz",
        "p50 ms",
        "p95 ms",
        "p99 ms",
        "p50 × /healthz",
        "errors",
        "server CPU ms/request",
        "CPU ÷ /healthz",
        "client CPU ms/request",
    ]
    base_cpu = base["server_cpu_seconds"] / max(base["requests"], 1)
    rows = []
    for run_ in runs:
        mixed = run_["name"].startswith("mixed")
        cpu = run_["server_cpu_seconds"] / max(run_["requests"], 1)
        client_cpu = run_["client_cpu_seconds"] / max(run_["requests"], 1)
        rows.append(
            [
                run_["name"],
                str(run_["clients"]),
                f"{run_['per_second']:.1f}",
                f"{run_['per_second'] / base['per_second']:.3f}",
                f"{run_['p50_ms']:.1f}",
                f"{run_['p95_ms']:.1f}",
                f"{run_['p99_ms']:.1f}",
                f"{run_['p50_ms'] / base['p50_ms']:.1f}",
                str(run_["errors"]),
                "—" if mixed else f"{1000 * cpu:.2f}",
                "—" if mixed else f"{cpu / base_cpu:.1f}",
                "—" if mixed else f"{1000 * client_cpu:.2f}",
            ]
        )
    return header, rows


def report(result: dict) -> None:
    header, rows = table(result)
    print()
    print(text_table(header, rows))
    mixed_cpu = result["runs"][-1]["server_cpu_seconds"]
    load = result["load_average_1min_before_after"]
    notes = (
        f"Each endpoint: {result['duration_seconds']:g} s of {result['clients']} client threads "
        "(one keep-alive connection each, requests back to back) against `crosswire serve` in "
        f"its own process on 127.0.0.1, over the demo corpus workspace ({result['stories']} "
        f"stories, {result['articles_before']} articles before the mixed run's posts). Every "
        "read was made once before timing (the first list analyses every story, the first post "
        f"loads the models; {result['warm_up_seconds']} s). `/healthz` is the baseline: the "
        "framework and loopback alone, under the same load, in the same run. Requests/s counts "
        "successful answers over the run's wall time; latencies are of successful answers. The "
        "mixed run is one client posting new articles (each a different invented event, so "
        "each is analysed and clustered) while the other clients read the list, each story, "
        f"the searches and the Atom feed in turn; the server used {mixed_cpu} s of CPU in it. "
        "The load generator shares the 2 cores with the server (its own CPU per request is "
        "the last column: on `/healthz` it costs more than the server does), so the absolute "
        "rates are the machine's, not the server's alone; the ratios to `/healthz` and the "
        "server's CPU per request are the comparable figures. Load average (1 min) before / "
        "after: "
        f"{load[0]} / {load[1]}."
    )
    write_markdown(
        "api_load",
        "API load benchmark",
        notes + "\n\n" + markdown_table(header, rows) + "\n\nRaw figures: `api_load.json`.\n",
    )
    RESULTS.mkdir(parents=True, exist_ok=True)
    (RESULTS / "api_load.json").write_text(json.dumps(result, indent=2) + "\n", encoding="utf-8")
    print(f"\nload average (1 min) before / after: {load[0]} / {load[1]}")
    print(f"wrote {RESULTS / 'api_load.md'} and api_load.json")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--duration", type=float, default=10.0, help="seconds per endpoint")
    parser.add_argument("--clients", type=int, default=10, help="concurrent clients (≥ 2)")
    parser.add_argument("--workspace", type=Path, default=DEFAULT_WORKSPACE)
    parser.add_argument(
        "--reuse", action="store_true", help="reuse the workspace at --workspace if present"
    )
    args = parser.parse_args()
    if args.clients < 2:
        parser.error("--clients must be at least 2 (the mixed run has one writer and readers)")
    report(run(args))


if __name__ == "__main__":
    main()
