"""Shared fixtures. Tests are hermetic: no test may open a network connection."""

from __future__ import annotations

import socket
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent
DEMO = REPO / "examples" / "demo-corpus"
EVALDATA = REPO.parent / "shared" / "evaldata"


@pytest.fixture(autouse=True)
def _no_network(monkeypatch):
    """Any attempt to connect anywhere but a local Unix socket fails the test loudly."""

    def refuse(self, address, *args, **kwargs):
        if self.family == socket.AF_UNIX:
            return original(self, address, *args, **kwargs)
        raise AssertionError(f"test tried to open a network connection to {address!r}")

    original = socket.socket.connect
    monkeypatch.setattr(socket.socket, "connect", refuse)
    monkeypatch.setattr(socket.socket, "connect_ex", refuse)


def evaldata(*parts: str) -> Path:
    """A path under ../shared/evaldata, or skip the test with a message saying what is missing."""
    path = EVALDATA.joinpath(*parts)
    if not path.exists():
        pytest.skip(
            f"gold data not found at {path}: ../shared/evaldata is not checked in; "
            "this test runs where it is present"
        )
    return path
