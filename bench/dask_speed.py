"""`--dask` against a local run: wall time of `crosswire brief` over the first N Multi-News
validation articles, run here, with `--dask local:1` and with `--dask local:2`, side by side in
one run (the machine is shared: ratios taken minutes apart would mean little). Each run is a
fresh `crosswire` process with a fresh workspace, so model loading and the cluster's start are
counted; the three briefings must be the same bytes (the bench fails otherwise). The load
average is read before and after each run.

    .venv/bin/python bench/dask_speed.py [--limit 100] [--rounds 1]
"""

from __future__ import annotations

import argparse
import json
import os
import re
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from _common import REPO_ROOT, evaldata_path, markdown_table, text_table, write_result
from throughput import SAMPLE, as_record, read_articles

MODES = {"local": [], "dask local:1": ["--dask", "local:1"], "dask local:2": ["--dask", "local:2"]}


#: The stages whose work goes to the workers under --dask (the rest run in the client).
SHIPPED_STAGES = ("ingest+extract", "nlp", "embed")
STAGE_LINE = re.compile(r"time: (\S+)\s+([0-9.]+)s")


def stage_seconds(stderr: str) -> dict[str, float]:
    """The stage times of a run, from the run table `crosswire brief` prints."""
    return {name: float(seconds) for name, seconds in STAGE_LINE.findall(stderr)}


def brief(
    jsonl: Path, folder: Path, extra: list[str]
) -> tuple[float, bytes, tuple, tuple, dict[str, float]]:
    """One `crosswire brief` in a fresh process and workspace: wall seconds, the JSON written,
    the load average before and after, and the stage times it printed."""
    out, db = folder / "briefing.json", folder / "ws.db"
    command = [sys.executable, "-m", "crosswire", "brief", str(jsonl), "-o", str(out)]
    command += ["--db", str(db), *extra]
    env = dict(os.environ, PYTHONPATH=str(REPO_ROOT / "src"))
    load_before = os.getloadavg()
    started = time.perf_counter()
    done = subprocess.run(command, env=env, capture_output=True, check=False)
    wall = time.perf_counter() - started
    if done.returncode not in (0, 1):
        raise SystemExit(f"{' '.join(extra) or 'local'} failed:\n{done.stderr.decode()}")
    stages = stage_seconds(done.stderr.decode("utf-8", "replace"))
    return wall, out.read_bytes(), load_before, os.getloadavg(), stages


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--limit", type=int, default=100, help="articles, from the file's start")
    parser.add_argument("--rounds", type=int, default=1, help="runs of each mode, interleaved")
    args = parser.parse_args()
    articles, _ = read_articles(evaldata_path(SAMPLE))
    chosen = articles[: args.limit]
    walls: dict[str, list[float]] = {mode: [] for mode in MODES}
    loads: dict[str, list[tuple]] = {mode: [] for mode in MODES}
    briefings: dict[str, bytes] = {}
    shipped: dict[str, list[float]] = {mode: [] for mode in MODES}
    with tempfile.TemporaryDirectory(prefix="crosswire-dask-bench-") as tmp:
        jsonl = Path(tmp) / "articles.jsonl"
        jsonl.write_text(
            "".join(json.dumps(as_record(text)) + "\n" for text in chosen), encoding="utf-8"
        )
        for round_number in range(args.rounds):
            for mode, extra in MODES.items():
                folder = Path(tmp) / f"{mode.replace(' ', '-').replace(':', '')}-{round_number}"
                folder.mkdir()
                wall, written, before, after, stages = brief(jsonl, folder, extra)
                shipped[mode].append(sum(stages.get(name, 0.0) for name in SHIPPED_STAGES))
                walls[mode].append(wall)
                loads[mode].append((before[0], after[0]))
                briefings.setdefault(mode, written)
                print(f"round {round_number + 1} {mode}: {wall:.1f} s, load {before[0]:.1f}")
    same = len(set(briefings.values())) == 1
    local = statistics.median(walls["local"])
    header = [
        "mode",
        "wall s (median)",
        "÷ local",
        "shipped stages s (median)",
        "load average before → after",
    ]
    rows = [
        [
            mode,
            f"{statistics.median(walls[mode]):.1f}",
            f"{statistics.median(walls[mode]) / local:.2f}",
            f"{statistics.median(shipped[mode]):.1f}",
            ", ".join(f"{b:.1f} → {a:.1f}" for b, a in loads[mode]),
        ]
        for mode in MODES
    ]
    one, two = (statistics.median(shipped[m]) for m in ("dask local:1", "dask local:2"))
    whole = statistics.median(walls["dask local:1"]) / statistics.median(walls["dask local:2"])
    efficiency = (
        f"Scaling efficiency from `local:1` to `local:2` (speed-up ÷ 2 workers): the stages whose "
        f"work the workers do ({', '.join(SHIPPED_STAGES)}: the cluster's start and the workers' "
        f"model loading included) **{one / two / 2:.2f}**; the whole run, with the stages that "
        f"stay in the client, {whole / 2:.2f}."
    )
    print(text_table(header, rows))
    print(efficiency)
    print(f"briefings identical: {same}")
    body = (
        f"`crosswire brief` over the first {len(chosen)} articles of the Multi-News validation "
        f"sample (one JSON Lines file), {args.rounds} round(s), modes interleaved; each run a "
        "fresh process and workspace (model loading and the cluster's start included).\n\n"
        + markdown_table(header, rows)
        + f"\n\n{efficiency}\n\nThe three briefings are byte-identical: {same}.\n"
    )
    path = write_result("dask_speed", "--dask against a local run", body)
    print(f"wrote {path}")
    if not same:
        raise SystemExit("the briefings differ between modes")


if __name__ == "__main__":
    main()
