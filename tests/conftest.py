"""Shared fixtures. Tests are hermetic: no test may open a network connection."""

from __future__ import annotations

import os
import socket
from pathlib import Path

import pytest
from tests.pg import postgres_server, postgres_url, store_location  # noqa: F401  (fixtures)

REPO = Path(__file__).resolve().parent.parent
DEMO = REPO / "examples" / "demo-corpus"
EVALDATA = REPO.parent / "shared" / "evaldata"
# Set by .ci/run where ../shared/evaldata is present: every eval gate must then run, and an eval
# test that skips for any reason fails instead.
REQUIRE_EVALDATA = "CROSSWIRE_REQUIRE_EVALDATA"


def evaldata_required() -> bool:
    return os.environ.get(REQUIRE_EVALDATA) == "1"


#: Set by .ci/run, where `bootstrap.sh --dev` installs the `dask` extra: the `--dask` tests then
#: fail rather than skip without it.
REQUIRE_DASK = "CROSSWIRE_REQUIRE_DASK"


def require_dask() -> None:
    """Skip a test that needs the `dask` extra when it is missing (fail under
    CROSSWIRE_REQUIRE_DASK=1)."""
    try:
        import distributed  # noqa: F401
    except ImportError as error:
        if os.environ.get(REQUIRE_DASK) == "1":
            pytest.fail(f"{REQUIRE_DASK}=1 but the dask extra is missing ({error})")
        pytest.skip(f"the dask extra is not installed ({error})")


@pytest.fixture(autouse=True)
def _no_network(monkeypatch):
    """Any attempt to connect anywhere but a local Unix socket fails the test loudly."""
    refuse_network(monkeypatch)


def refuse_network(monkeypatch: pytest.MonkeyPatch) -> None:
    """Make connecting anywhere but a local Unix socket fail loudly; for fixtures that outlive a
    test too (the per-test guard is not in place while a session fixture is built)."""

    def refuse(self, address, *args, **kwargs):
        if self.family == socket.AF_UNIX:
            return original(self, address, *args, **kwargs)
        raise AssertionError(f"test tried to open a network connection to {address!r}")

    original = socket.socket.connect
    monkeypatch.setattr(socket.socket, "connect", refuse)
    monkeypatch.setattr(socket.socket, "connect_ex", refuse)


def evaldata(*parts: str) -> Path:
    """A path under ../shared/evaldata. Where the whole folder is absent (a fresh clone elsewhere)
    the test skips with a message; where the folder is present, or CROSSWIRE_REQUIRE_EVALDATA=1,
    a missing part fails the test: a gate must not vanish because one file was moved."""
    path = EVALDATA.joinpath(*parts)
    if path.exists():
        return path
    if EVALDATA.is_dir() or evaldata_required():
        pytest.fail(
            f"gold data not found at {path}, although "
            + (f"{EVALDATA} is present" if EVALDATA.is_dir() else f"{REQUIRE_EVALDATA}=1")
            + "; every eval gate must run there. Restore the data (see SOURCES.md in "
            "../shared/evaldata) or fix the path in the test",
            pytrace=False,
        )
    pytest.skip(
        f"gold data not found at {path}: ../shared/evaldata is not checked in; "
        "this test runs where it is present"
    )


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(item, call):
    """Under CROSSWIRE_REQUIRE_EVALDATA=1 (.ci/run, where the gold data is), an eval test that
    skips fails instead, whatever made it skip."""
    report = yield
    if (
        report.skipped
        and not hasattr(report, "wasxfail")
        and item.get_closest_marker("eval") is not None
        and evaldata_required()
    ):
        reason = report.longrepr[2] if isinstance(report.longrepr, tuple) else report.longrepr
        report.outcome = "failed"
        report.longrepr = (
            f"{REQUIRE_EVALDATA}=1: eval gates must run, not skip ({call.when} skipped: {reason})"
        )
    return report
