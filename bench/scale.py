"""Scale benchmark: `add` and `stories` on workspaces of 1k / 10k / 100k articles, SQLite against
PostgreSQL (and Dask local:1 against local:2 when ``crosswire.distributed`` is there).

How the workspaces are made (see ``_scalefill`` for the synthetic part):

1. The Multi-News sample's clusters are split by a stable hash of each cluster's first
   document: one half is the *base*, the other the *added* set (topped up with ECB+ documents
   in name order to ``--add`` articles; the sample alone has about 690).
2. The real pipeline runs once over the base into a SQLite workspace, and once through the
   embed stage over the added set, whose sentence vectors are kept in a file. Both are cached
   in ``--work`` (default /tmp/crosswire-scale) and reused while the inputs are the same.
3. Per backend, a workspace is grown to each size: the base as it is, then synthetic copies of
   it written through the ``Store`` protocol's own save methods.
4. At each size, in child processes whose peak memory is their own ``VmHWM``:
   ``crosswire stories`` on the workspace; then, on a copy of it whose embedding cache holds
   the added articles' vectors (so the embed stage costs nothing: the encoder's own cost is in
   throughput.md), ``Workspace.add`` of the added set — what ``crosswire add`` runs — with
   ``Briefing.timings`` per stage.

    .venv/bin/python bench/scale.py [--sizes 1000,10000,100000] [--backends sqlite,postgresql]
        [--pg URL] [--add N] [--dask local:1,local:2]
"""

from __future__ import annotations

import argparse
import hashlib
import itertools
import json
import os
import resource
import shutil
import sqlite3
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from _common import REPO_ROOT, evaldata_path, markdown_table, text_table, write_result
from throughput import SAMPLE, as_record, read_clusters

ECBPLUS = "ecbplus/ECB+_LREC2014/ECB+"
WORK = Path(tempfile.gettempdir()) / "crosswire-scale"
BUDGET_MB = 2048
STAGES = (
    "ingest+extract",
    "nlp",
    "embed",
    "dedup",
    "cluster",
    "anchor",
    "entities",
    "cross-source",
)


# -- the inputs -------------------------------------------------------------------------------


def split_inputs(add: int) -> tuple[list[dict], list[dict]]:
    """(base records, added records): Multi-News clusters split by a stable hash of their first
    document, the added half topped up with ECB+ documents."""
    base, added = [], []
    for documents in read_clusters(evaldata_path(SAMPLE)):
        digest = hashlib.sha256(documents[0].encode("utf-8")).digest()
        (base if digest[0] % 2 == 0 else added).extend(as_record(d) for d in documents)
    if len(added) < add:
        from crosswire.evaluation.ecbplus import load_corpus

        for document in load_corpus(evaldata_path(ECBPLUS)):
            added.append(as_record(document.text))
            if len(added) >= add:
                break
    return base, added[:add]


def write_jsonl(records: list[dict], folder: Path, name: str) -> Path:
    """Write the records to ``folder/<name>-<hash of the content>.jsonl`` (named by what it
    holds, so runs of other settings side by side never change a file another run reads)."""
    text = "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records)
    path = folder / f"{name}-{hashlib.sha256(text.encode()).hexdigest()[:16]}.jsonl"
    if not path.exists():
        partial = path.with_name(f"{path.name}.{os.getpid()}")
        partial.write_text(text, encoding="utf-8")
        os.replace(partial, path)
    return path


# -- child processes --------------------------------------------------------------------------


def child_env() -> dict[str, str]:
    """The children import this checkout's crosswire, whatever the venv has installed."""
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join(
        [str(REPO_ROOT / "src"), *filter(None, [env.get("PYTHONPATH")])]
    )
    return env


def own_peak_mb() -> float:
    """This process's own peak resident memory in MB: ``VmHWM``, the high-water mark of the
    memory image ``exec`` gave it. (``ru_maxrss``, from ``getrusage`` or ``wait4``, is not: Linux
    carries into it the RSS of the process that forked this one, so every child of a parent
    holding 4 GB reported 4 GB.)"""
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def run_measured(command: list[str], peak_file: Path) -> tuple[float, float, int]:
    """Run a child job of this script that writes its ``own_peak_mb`` to ``peak_file``;
    (wall seconds, that peak in MB, exit code)."""
    started = time.perf_counter()
    process = subprocess.run(command, env=child_env(), stdout=subprocess.DEVNULL)
    seconds = time.perf_counter() - started
    peak = float(peak_file.read_text()) if peak_file.exists() else float("nan")
    peak_file.unlink(missing_ok=True)
    return seconds, peak, process.returncode


def run_child(*args: str) -> dict:
    """This script as a child job; the figures it wrote, with its own peak RSS."""
    with tempfile.NamedTemporaryFile(suffix=".json", delete=False) as handle:
        out = Path(handle.name)
    try:
        command = [sys.executable, __file__, "--child", *args, str(out)]
        _, peak, code = run_measured(command, out.with_suffix(".peak"))
        if code != 0:
            raise SystemExit(f"child {args[0]} failed with exit code {code}")
        figures = json.loads(out.read_text(encoding="utf-8"))
        figures["peak_rss_mb"] = peak
        return figures
    finally:
        out.unlink(missing_ok=True)


def child_stories(location: str, out: str) -> None:
    """``crosswire stories --db LOCATION``, as the command line runs it, in this process."""
    import runpy

    sys.argv = ["crosswire", "stories", "--db", location]
    try:
        runpy.run_module("crosswire", run_name="__main__")
    except SystemExit as done:
        if done.code not in (None, 0):
            raise


def child_base(jsonl: str, db: str, out: str) -> None:
    """The real pipeline over the base set into a fresh SQLite workspace."""
    from crosswire import pipeline
    from crosswire.store import open_store

    store = open_store(db)
    started = time.perf_counter()
    briefing = pipeline.run([jsonl], store)
    store.close()
    Path(out).write_text(
        json.dumps({"seconds": time.perf_counter() - started, "articles": len(briefing.articles)})
    )


def child_vectors(jsonl: str, vectors: str, out: str) -> None:
    """The added set through the embed stage in a scratch workspace; its vectors to a file."""
    import numpy as np

    from crosswire import pipeline, stages
    from crosswire.store import open_store

    with tempfile.TemporaryDirectory() as tmp:
        store = open_store(str(Path(tmp) / "scratch.db"))
        models = pipeline.default_models()
        briefing = pipeline.run([jsonl], store, models=models, stages=stages.through("embed"))
        ids = [a.id for a in briefing.articles]
        hashes = sorted({s.text_hash for s in store.sentences(ids)})
        found = store.embeddings(models.encoder.name, hashes)
        store.close()
    keys = sorted(found)
    np.savez(
        vectors,
        hashes=np.array(keys),
        vectors=np.stack([found[k] for k in keys]),
        model=np.array(models.encoder.name),
    )
    Path(out).write_text(json.dumps({"sentences": len(keys)}))


def child_add(location: str, jsonl: str, dask: str, out: str) -> None:
    """``Workspace.add`` of the added set (with a Dask executor when ``dask`` is not '-')."""
    from crosswire import Workspace

    cpu = resource.getrusage(resource.RUSAGE_SELF)
    started = time.perf_counter()
    with executor_for(dask) as executor, Workspace(location, executor=executor) as workspace:
        briefing = workspace.add([jsonl])
    wall = time.perf_counter() - started
    used = resource.getrusage(resource.RUSAGE_SELF)
    Path(out).write_text(
        json.dumps(
            {
                "seconds": wall,
                "cpu_seconds": used.ru_utime + used.ru_stime - cpu.ru_utime - cpu.ru_stime,
                "articles": len(briefing.articles),
                "problems": len(briefing.problems),
                "timings": {t.stage: t.seconds for t in briefing.timings},
            }
        )
    )


@contextmanager
def executor_for(spec: str) -> Iterator[object]:
    if spec == "-":
        yield None
        return
    from crosswire import distributed

    with distributed.dask_executor(spec) as executor:
        yield executor


def dask_available() -> bool:
    try:
        import crosswire.distributed  # noqa: F401
    except ImportError:
        return False
    return True


# -- the backends -----------------------------------------------------------------------------


class SQLiteBackend:
    name = "sqlite"

    def __init__(self, work: Path):
        self.work = work

    def location(self, name: str) -> str:
        return str(self.work / f"{name}.db")

    def drop(self, name: str) -> None:
        for suffix in ("", "-wal", "-shm"):
            Path(self.location(name) + suffix).unlink(missing_ok=True)
        shutil.rmtree(self.work / f"{name}.db.d", ignore_errors=True)

    def create(self, name: str) -> None:
        self.drop(name)

    def prepare_fill(self, store) -> None:
        """A large page cache for the filling connection only: the fill writes rows keyed by
        hashes, at random places in indexes of gigabytes, and with SQLite's default 2 MB cache
        it slowed from about 250 articles/s at 1,000 articles to 12-25 at 50,000. (What is
        measured runs in child processes with the store's own settings.)"""
        store.db.execute("PRAGMA cache_size = -4000000")

    def clone(self, source: str, target: str) -> None:
        """A copy through SQLite's backup API (the write-ahead log included)."""
        self.drop(target)
        with (
            sqlite3.connect(self.location(source)) as src,
            sqlite3.connect(self.location(target)) as dst,
        ):
            src.backup(dst)

    def stop(self) -> None:
        pass


class PostgresBackend:
    name = "postgresql"

    def __init__(self, url: str | None, work: Path):
        import psycopg

        self.psycopg = psycopg
        self.server = None
        if url is None:
            sys.path.insert(0, str(REPO_ROOT))
            from tests.pg import SERVER_ACCOUNT, Server, server_binaries

            binaries = server_binaries()
            if binaries is None:
                raise SystemExit("no PostgreSQL server binaries; pass --pg URL")
            folder = Path(tempfile.mkdtemp(prefix="cw-scale-pg-"))
            account = None
            if os.geteuid() == 0:
                import pwd

                entry = pwd.getpwnam(SERVER_ACCOUNT)
                os.chown(folder, entry.pw_uid, entry.pw_gid)
                account = SERVER_ACCOUNT
            self.server = Server(folder, binaries, account)
            self.server.start()
            url = self.server.url("postgres")
        self.admin_url = url

    def location(self, name: str) -> str:
        base, _, query = self.admin_url.partition("?")
        root = base.rsplit("/", 1)[0]
        return f"{root}/{name}" + (f"?{query}" if query else "")

    def _admin(self, sql: str) -> None:
        with self.psycopg.connect(self.admin_url, autocommit=True) as admin:
            admin.execute(sql)

    def drop(self, name: str) -> None:
        self._admin(f"DROP DATABASE IF EXISTS {name}")

    def create(self, name: str) -> None:
        self.drop(name)
        self._admin(f"CREATE DATABASE {name} TEMPLATE template0 ENCODING 'UTF8'")

    def clone(self, source: str, target: str) -> None:
        self.drop(target)
        self._admin(f"CREATE DATABASE {target} TEMPLATE {source}")

    def prepare_fill(self, store) -> None:
        pass

    def stop(self) -> None:
        if self.server is not None:
            self.server.stop()
            shutil.rmtree(self.server.folder, ignore_errors=True)


# -- one backend, every size ------------------------------------------------------------------


def seed_vectors(location: str, vectors_file: Path) -> int:
    """Put the added articles' sentence vectors into the workspace's embedding cache."""
    import numpy as np

    from crosswire.store import open_store

    data = np.load(vectors_file)
    store = open_store(location)
    try:
        with store.transaction():
            store.save_embeddings(
                str(data["model"]), dict(zip(data["hashes"].tolist(), data["vectors"]))
            )
    finally:
        store.close()
    return len(data["hashes"])


def measure(backends, sizes, base_db, vectors_file, add_jsonl, dask_specs, tag) -> list[dict]:
    """Every size on every backend; at each size the backends are measured one after the other,
    job by job (fill, stories, add), so their ratios share the machine's load."""
    from _scalefill import grow, read_base
    from crosswire.nlp.models import SPACY_MODEL
    from crosswire.store import open_store

    source = open_store(base_db)
    base = read_base(source, SPACY_MODEL, "all-MiniLM-L6-v2-int8-onnx")
    source.close()
    grown, trial = f"{tag}_grow", f"{tag}_trial"
    for backend in backends:
        backend.create(grown)
    have = {backend.name: 0 for backend in backends}
    results = []
    for size in sizes:
        rows = {}
        for backend in backends:
            started = time.perf_counter()
            store = open_store(backend.location(grown))
            backend.prepare_fill(store)
            have[backend.name] = grow(
                store,
                base,
                have[backend.name],
                size,
                lambda n, name=backend.name: print(f"  {name}: {n}"),
            )
            counts = store.counts()
            store.close()
            rows[backend.name] = {
                "backend": backend.name,
                "size": have[backend.name],
                "real": base.per_copy,
                "stories": counts["stories"],
                "sentences": counts["sentences"],
                "fill_seconds": time.perf_counter() - started,
                "add": {},
            }
            print(f"{backend.name}: {have[backend.name]} articles, {counts}")
        for backend in backends:
            print(f"{backend.name} {have[backend.name]} articles: crosswire stories …")
            location = backend.location(grown)
            with tempfile.NamedTemporaryFile(suffix=".peak", delete=False) as handle:
                peak_file = Path(handle.name)
            seconds, peak, code = run_measured(
                [sys.executable, __file__, "--child", "stories", location, str(peak_file)],
                peak_file,
            )
            rows[backend.name].update(
                stories_seconds=seconds, stories_rss_mb=peak, stories_exit=code
            )
        for spec in ["-", *dask_specs]:
            for backend in backends:
                backend.clone(grown, trial)
                seed_vectors(backend.location(trial), vectors_file)
                print(f"{backend.name} {have[backend.name]} articles: add ({spec}) …")
                rows[backend.name]["add"][spec] = run_child(
                    "add", backend.location(trial), str(add_jsonl), spec
                )
                backend.drop(trial)
        for row in rows.values():
            print(json.dumps(row))
        results += rows.values()
    for backend in backends:
        backend.drop(grown)
    return results


# -- the report -------------------------------------------------------------------------------


def megabytes(value: float) -> str:
    return f"{value:.0f}" + ("" if value < BUDGET_MB else " (over the target)")


#: The stages ``crosswire.distributed`` runs on the workers; the rest stay in the client.
SHIPPED_STAGES = ("ingest+extract", "nlp", "embed")


def shipped_seconds(add: dict) -> float:
    """Seconds of an add's stages that run on the Dask workers."""
    return sum(add["timings"].get(stage, 0.0) for stage in SHIPPED_STAGES)


def ratios(one: dict, other: dict) -> list[str]:
    """``one`` against ``other``: stories time, add time, and the add's cluster stage time."""

    def cluster(r: dict) -> float:
        return max(r["add"]["-"]["timings"].get("cluster", 0.0), 1e-9)

    return [
        f"{one['stories_seconds'] / other['stories_seconds']:.2f}",
        f"{one['add']['-']['seconds'] / other['add']['-']['seconds']:.2f}",
        f"{cluster(one) / cluster(other):.2f}",
    ]


def report(results: list[dict], args, notes: list[str], load: tuple[float, float]) -> str:
    header = [
        "backend",
        "articles (real)",
        "stories",
        "fill s",
        "stories s",
        "stories peak MB",
        "add s",
        "add CPU s",
        "added articles/s",
        "add peak MB",
    ]
    rows = []
    for r in results:
        plain = r["add"]["-"]
        rows.append(
            [
                r["backend"],
                f"{r['size']:,} ({r['real']})",
                f"{r['stories']:,}",
                f"{r['fill_seconds']:.0f}",
                f"{r['stories_seconds']:.1f}"
                + (f" (exit {r['stories_exit']})" if r["stories_exit"] else ""),
                megabytes(r["stories_rss_mb"]),
                f"{plain['seconds']:.1f}",
                f"{plain['cpu_seconds']:.1f}",
                f"{plain['articles'] / plain['seconds']:.2f}",
                megabytes(plain["peak_rss_mb"]),
            ]
        )
    stage_header = ["backend", "articles", *STAGES]
    stage_rows = [
        [
            r["backend"],
            f"{r['size']:,}",
            *(f"{r['add']['-']['timings'].get(s, 0.0):.1f}" for s in STAGES),
        ]
        for r in results
    ]
    by_key = {(r["backend"], r["size"]): r for r in results}
    ratio_rows = []
    for (backend, size), r in sorted(by_key.items(), key=lambda kv: (kv[0][1], kv[0][0])):
        if backend != "sqlite" and ("sqlite", size) in by_key:
            ratio_rows.append(
                [f"{size:,}", f"{backend} / sqlite", *ratios(r, by_key[("sqlite", size)])]
            )
    for backend in sorted({r["backend"] for r in results}):
        mine = sorted((r for r in results if r["backend"] == backend), key=lambda r: r["size"])
        for smaller, larger in itertools.pairwise(mine):
            ratio_rows.append(
                [f"{larger['size']:,} / {smaller['size']:,}", backend, *ratios(larger, smaller)]
            )
    ratio_header = ["size", "compared", "stories time ×", "add time ×", "add's cluster stage ×"]
    dask_rows = []
    for r in results:
        one, two = r["add"].get("local:1"), r["add"].get("local:2")
        if one and two:
            speedup = one["seconds"] / two["seconds"]
            shipped = shipped_seconds(one) / max(shipped_seconds(two), 1e-9)
            dask_rows.append(
                [
                    r["backend"],
                    f"{r['size']:,}",
                    f"{one['seconds']:.1f}",
                    f"{two['seconds']:.1f}",
                    f"{speedup:.2f}",
                    f"{speedup / 2:.2f}",
                    f"{shipped_seconds(one):.1f} / {shipped_seconds(two):.1f}",
                    f"{shipped / 2:.2f}",
                ]
            )
    text = (
        text_table(header, rows)
        + "\n\n"
        + text_table(stage_header, stage_rows)
        + "\n\n"
        + text_table(ratio_header, ratio_rows)
    )
    print(text)
    dask_text = (
        markdown_table(
            [
                "backend",
                "articles",
                "local:1 s",
                "local:2 s",
                "speed-up",
                "efficiency (÷ 2)",
                "workers' stages s, local:1 / local:2",
                "their efficiency",
            ],
            dask_rows,
        )
        if dask_rows
        else "Not measured: " + ("; ".join(notes) or "no `--dask` cluster was given to this run")
    )
    return (
        "How the workspaces are made (details in `bench/scale.py` and `bench/_scalefill.py`): "
        "the Multi-News sample's clusters are split by a stable hash of their first document "
        "into a *base* half and an *added* half (topped up with ECB+ documents to "
        f'{args.add} articles). The real pipeline runs once over the base (the "real" '
        "articles in the table). **Everything else in a workspace is synthetic**: copies of "
        "the base written through the `Store` protocol's save methods — each sentence tagged "
        "` [k]` (new text, ids, text hashes, full-text index), mentions moved with the text, "
        "sentence vectors the base's plus seeded noise (cosine about 0.93), attributions "
        "copied, and one story per base story with the clustering state the stages keep "
        "(sum of the members' lead profiles, entity counts, dates). Each measurement runs in "
        "its own child process; peak MB is its own `VmHWM` (not `ru_maxrss`, which Linux "
        "starts from the forking parent's RSS). *stories*: "
        "`crosswire stories --db …` on the workspace. *add*: `Workspace.add` (what "
        "`crosswire add` runs) of the added articles, real ones, into a copy of the "
        "workspace whose embedding cache already holds their sentence vectors (computed once "
        "and cached under /tmp), so the embed stage costs nothing here; the encoder's own "
        "cost is in throughput.md. spaCy's loading is in the nlp stage. Absolute times on "
        "this shared 2-core machine are noisy: compare the ratios, measured side by side in "
        f"one run. Load average (1 min) before / after: {load[0]:.2f} / {load[1]:.2f}. "
        f"Target: peak RSS under {BUDGET_MB} MB at 100,000 articles.\n\n"
        + markdown_table(header, rows)
        + "\n\nSeconds per stage of the add (`Briefing.timings`):\n\n"
        + markdown_table(stage_header, stage_rows)
        + "\n\nRatios, side by side in this run:\n\n"
        + markdown_table(ratio_header, ratio_rows)
        + "\n\nDask (one thread per worker; scaling efficiency = speed-up / workers, target "
        "0.8). The workers run extraction, nlp and embed (embed costs nothing here: the "
        "vectors are cached); dedup, clustering and the per-story analysis stay in the client, "
        "as issue #13 asks, so the whole add's efficiency is bounded by their share:\n\n"
        + dask_text
        + "\n"
    )


def main() -> None:
    if len(sys.argv) > 1 and sys.argv[1] == "--child":
        kind, *rest = sys.argv[2:]
        try:
            {
                "base": child_base,
                "vectors": child_vectors,
                "add": child_add,
                "stories": child_stories,
            }[kind](*rest)
        finally:
            Path(rest[-1]).with_suffix(".peak").write_text(f"{own_peak_mb():.1f}")
        return
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", default="1000,10000", help="workspace sizes, in articles")
    parser.add_argument("--backends", default="sqlite,postgresql")
    parser.add_argument(
        "--pg",
        help="a PostgreSQL URL whose server may create databases "
        "(default: a throwaway server, as the tests start)",
    )
    parser.add_argument("--add", type=int, default=1000, help="articles added (default 1000)")
    parser.add_argument("--dask", default="local:1,local:2", help="Dask clusters to add with")
    parser.add_argument("--work", type=Path, default=WORK, help="scratch folder (big at 100k)")
    parser.add_argument(
        "--result", default="scale", help="bench/results/<RESULT>.md (default scale)"
    )
    args = parser.parse_args()
    sizes = [int(s) for s in args.sizes.split(",")]
    backends = args.backends.split(",")
    args.work.mkdir(parents=True, exist_ok=True)
    load_before = os.getloadavg()[0]

    base_records, added_records = split_inputs(args.add)
    base_jsonl = write_jsonl(base_records, args.work, "base")
    added_jsonl = write_jsonl(added_records, args.work, "added")
    base_db = base_jsonl.with_suffix(".db")
    if not base_db.exists():
        print(f"the real pipeline over {len(base_records)} base articles …")
        partial = args.work / "base-partial.db"
        partial.unlink(missing_ok=True)
        made = run_child("base", str(base_jsonl), str(partial))
        partial.rename(base_db)
        print(f"  {made['articles']} articles in {made['seconds']:.0f} s")
    vectors_file = added_jsonl.with_suffix(".npz")
    if not vectors_file.exists():
        print(f"the added set's {len(added_records)} articles through the embed stage …")
        partial = args.work / "added-vectors-partial.npz"
        run_child("vectors", str(added_jsonl), str(partial))
        partial.rename(vectors_file)

    notes = []
    dask_specs = [s for s in args.dask.split(",") if s] if dask_available() else []
    if not dask_available():
        notes.append("crosswire.distributed could not be imported (install crosswire[dask])")
    chosen = [
        SQLiteBackend(args.work) if name == "sqlite" else PostgresBackend(args.pg, args.work)
        for name in backends
    ]
    try:
        results = measure(
            chosen,
            sizes,
            str(base_db),
            vectors_file,
            added_jsonl,
            dask_specs,
            "".join(c if c.isalnum() else "_" for c in args.result.lower()),
        )
    finally:
        for backend in chosen:
            backend.stop()
    (args.work / f"{args.result}.json").write_text(json.dumps(results, indent=1))
    body = report(results, args, notes, (load_before, os.getloadavg()[0]))
    print(f"\nwrote {write_result(args.result, 'Scale benchmark', body)}")


if __name__ == "__main__":
    main()
