"""Floors only go up: no floor in quality-floors.toml may be lower than the highest value it had
in any earlier committed version of the file, unless its table says why in a `lowered` note.

Which keys are floors: every number in a table except the sample settings named in SAMPLE_KEYS
(`every`, `articles`, `gate_pairs`: which part of a gold set a gate runs on, not a score). A
floor is a score as a fraction, so a floor outside [0, 1] fails here too: it is either a new
sample setting (name it in SAMPLE_KEYS) or a score written as a percentage. Strings are notes.

A table may carry `lowered = "..."`: why its floors went down and which figure on data not used
for tuning rose in exchange, with that figure (so the note must hold a decimal number such as
0.912). Such a table's floors are exempt. A floor that disappears counts as lowered.

The history comes from git (`git log` + `git show`); the test skips only where there is no git
or no repository (a tarball), never because git fails inside a repository.
"""

from __future__ import annotations

import re
import shutil
import subprocess
import tomllib

import pytest
from tests.conftest import REPO

pytestmark = pytest.mark.unit

FLOORS_FILE = "quality-floors.toml"
SAMPLE_KEYS = frozenset({"every", "articles", "gate_pairs"})
NOTE_KEY = "lowered"
FIGURE = re.compile(r"\d\.\d")


def floors_of(document: dict) -> dict[tuple[str, str], float]:
    """(table, key) → value for every floor in a parsed quality-floors.toml."""
    found = {}
    for table, entries in document.items():
        if not isinstance(entries, dict):
            continue
        for key, value in entries.items():
            number = isinstance(value, (int, float)) and not isinstance(value, bool)
            if number and key not in SAMPLE_KEYS:
                found[(table, key)] = value
    return found


def explains_lowering(note: object) -> bool:
    """A `lowered` note counts when it is a sentence holding the figure that rose."""
    return isinstance(note, str) and len(note.split()) >= 5 and bool(FIGURE.search(note))


def lowered_floors(current: dict, earlier: list[dict]) -> list[str]:
    """Every way ``current`` breaks the rule against the ``earlier`` versions, as messages."""
    problems = []
    now = floors_of(current)
    for (table, key), value in sorted(now.items()):
        if not 0 <= value <= 1:
            problems.append(
                f"[{table}] {key} = {value} is not a fraction in [0, 1]; if it is a sample "
                f"setting rather than a score, add {key!r} to SAMPLE_KEYS in "
                "tests/unit/test_floors_history.py"
            )
    for table, entries in current.items():
        note = entries.get(NOTE_KEY) if isinstance(entries, dict) else None
        if note is not None and not explains_lowering(note):
            problems.append(
                f"[{table}] {NOTE_KEY} must be a sentence saying why the floors went down "
                "and which figure on data not used for tuning rose, e.g. 0.912"
            )
    highest: dict[tuple[str, str], float] = {}
    for document in earlier:
        for place, value in floors_of(document).items():
            highest[place] = max(value, highest.get(place, value))
    for (table, key), best in sorted(highest.items()):
        value = now.get((table, key))
        if value is not None and value >= best:
            continue
        entries = current.get(table)
        if isinstance(entries, dict) and explains_lowering(entries.get(NOTE_KEY)):
            continue
        state = "was removed" if value is None else f"is now {value}"
        problems.append(
            f"[{table}] {key} {state}, below {best}, the highest it has been; a floor only goes "
            f'up. Restore it, or add {NOTE_KEY} = "…" to [{table}] saying why and which '
            "figure on data not used for tuning rose in exchange"
        )
    return problems


def committed_versions() -> list[dict]:
    """Every committed version of quality-floors.toml, newest first; skip where git cannot say."""
    git = shutil.which("git")
    if git is None:
        pytest.skip("git is not installed, so the history of quality-floors.toml is unknown")
    if not (REPO / ".git").exists():
        pytest.skip(f"{REPO} is not a git checkout, so quality-floors.toml has no history here")

    def run(*args: str) -> str:
        done = subprocess.run([git, "-C", str(REPO), *args], capture_output=True, text=True)
        assert done.returncode == 0, f"git {' '.join(args)} failed: {done.stderr.strip()}"
        return done.stdout

    commits = run("log", "--format=%H", "--diff-filter=AMR", "--", FLOORS_FILE).split()
    if not commits:
        pytest.skip(f"{FLOORS_FILE} has no committed version in this checkout")
    return [tomllib.loads(run("show", f"{commit}:{FLOORS_FILE}")) for commit in commits]


def test_no_floor_is_lower_than_it_has_ever_been():
    current = tomllib.loads((REPO / FLOORS_FILE).read_text(encoding="utf-8"))
    earlier = committed_versions()
    assert earlier
    assert floors_of(current), f"{FLOORS_FILE} holds no floors at all"
    problems = lowered_floors(current, earlier)
    assert not problems, "\n".join(problems)


# --- the rule on made-up files -------------------------------------------------------------

OLD = tomllib.loads(
    """
[ecbplus]
bcubed_f1 = 0.941

[polnear]
every = 4
articles = 231
direct_recall = 0.977
"""
)
ECBPLUS_ONLY = {"ecbplus": OLD["ecbplus"]}


def test_equal_or_higher_floors_pass_and_sample_settings_are_not_floors():
    current = tomllib.loads(
        "[ecbplus]\nbcubed_f1 = 0.95\n[polnear]\nevery = 2\narticles = 462\ndirect_recall = 0.977\n"
    )
    assert floors_of(current) == {
        ("ecbplus", "bcubed_f1"): 0.95,
        ("polnear", "direct_recall"): 0.977,
    }
    assert lowered_floors(current, [OLD]) == []


def test_a_floor_lowered_without_a_note_fails():
    current = tomllib.loads(
        "[ecbplus]\nbcubed_f1 = 0.93\n[polnear]\nevery = 4\narticles = 231\ndirect_recall = 0.977\n"
    )
    [problem] = lowered_floors(current, [OLD])
    assert "[ecbplus] bcubed_f1 is now 0.93, below 0.941" in problem


def test_the_highest_earlier_value_counts_not_the_latest():
    dipped = tomllib.loads("[ecbplus]\nbcubed_f1 = 0.914\n")
    current = tomllib.loads("[ecbplus]\nbcubed_f1 = 0.93\n")
    [problem] = lowered_floors(current, [dipped, ECBPLUS_ONLY])
    assert "below 0.941" in problem


def test_a_note_with_the_figure_that_rose_allows_a_lower_floor():
    current = tomllib.loads(
        """
[ecbplus]
lowered = "Refinement traded tuning-set F1 for held-out topics 36-45: BCubed F1 0.884 -> 0.912."
bcubed_f1 = 0.93
"""
    )
    assert lowered_floors(current, [ECBPLUS_ONLY]) == []


@pytest.mark.parametrize("note", ["", "because", 0.9, "we lowered it because the data changed"])
def test_a_note_without_a_reason_and_a_figure_does_not_count(note):
    current = {"ecbplus": {"lowered": note, "bcubed_f1": 0.93}}
    problems = lowered_floors(current, [OLD])
    assert any("below 0.941" in p for p in problems)
    assert any("lowered must be a sentence" in p for p in problems)


def test_a_removed_floor_or_table_counts_as_lowered():
    current = tomllib.loads("[polnear]\nevery = 4\narticles = 231\n")
    problems = lowered_floors(current, [OLD])
    assert len(problems) == 2
    assert all("was removed" in p for p in problems)


def test_a_floor_outside_zero_to_one_fails_as_unknown():
    current = tomllib.loads("[multinews]\nrouge1 = 46.4\nclusters = 60\n")
    problems = lowered_floors(current, [])
    assert [p.split(" = ")[0] for p in problems] == ["[multinews] clusters", "[multinews] rouge1"]
