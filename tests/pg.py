"""A throwaway PostgreSQL server for the tests: initdb into a temporary folder, listening only
on a Unix socket in that folder (no TCP port), trust authentication, fsync off. One server per
test session; each test that wants a PostgreSQL workspace gets a fresh database in it.

Skips with the reason when the server binaries (Debian's postgresql package, under
/usr/lib/postgresql/*/bin) or psycopg are missing; with CROSSWIRE_REQUIRE_POSTGRES=1 (CI where
both are installed) it fails instead, so the PostgreSQL tests cannot vanish unnoticed.
"""

from __future__ import annotations

import glob
import itertools
import os
import pwd
import shutil
import subprocess
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest

REQUIRE_POSTGRES = "CROSSWIRE_REQUIRE_POSTGRES"
#: The superuser initdb makes; trust authentication, so no password.
USER = "crosswire"
#: The unprivileged account the server runs as when the tests run as root (initdb refuses root).
SERVER_ACCOUNT = "postgres"


def unavailable(reason: str) -> None:
    """Skip (or fail, under CROSSWIRE_REQUIRE_POSTGRES=1) for want of PostgreSQL."""
    if os.environ.get(REQUIRE_POSTGRES) == "1":
        pytest.fail(f"{REQUIRE_POSTGRES}=1 but {reason}", pytrace=False)
    pytest.skip(f"PostgreSQL tests skipped: {reason}")


def server_binaries() -> Path | None:
    """The newest installed server's bin folder (one holding initdb and pg_ctl)."""
    found = sorted(
        (Path(p).parent for p in glob.glob("/usr/lib/postgresql/*/bin/initdb")),
        key=lambda folder: int(folder.parent.name) if folder.parent.name.isdigit() else 0,
    )
    if found:
        return found[-1]
    initdb = shutil.which("initdb")
    return Path(initdb).parent if initdb else None


class Server:
    """A running throwaway server; ``database()`` makes a new empty database and gives its URL."""

    def __init__(self, folder: Path, bin_dir: Path, account: str | None):
        self.folder = folder
        self.bin_dir = bin_dir
        self.account = account
        self.data = folder / "data"
        self._names = itertools.count(1)

    def run(self, tool: str, *args: str) -> None:
        command = [str(self.bin_dir / tool), *args]
        if self.account is not None:
            command = ["runuser", "-u", self.account, "--", *command]
        done = subprocess.run(command, capture_output=True, text=True, timeout=120, check=False)
        if done.returncode != 0:
            raise RuntimeError(f"{' '.join(command)} failed:\n{done.stdout}\n{done.stderr}")

    def start(self) -> None:
        self.run("initdb", "-D", str(self.data), "-U", USER, "-A", "trust", "-E", "UTF8")
        with (self.data / "postgresql.conf").open("a", encoding="utf-8") as conf:
            conf.write(
                "\n# crosswire tests: Unix socket only, nothing kept that a crash could lose\n"
                "listen_addresses = ''\n"
                f"unix_socket_directories = '{self.folder}'\n"
                "fsync = off\nfull_page_writes = off\nsynchronous_commit = off\n"
                "max_connections = 40\nshared_buffers = 32MB\n"
            )
        self.run("pg_ctl", "-D", str(self.data), "-l", str(self.folder / "log"), "-w", "start")

    def stop(self) -> None:
        self.run("pg_ctl", "-D", str(self.data), "-m", "immediate", "-w", "stop")

    def url(self, database: str) -> str:
        return f"postgresql://{USER}@/{database}?host={self.folder}"

    def database(self) -> str:
        """A new, empty database's URL."""
        import psycopg

        name = f"ws{next(self._names)}"
        with psycopg.connect(self.url("postgres"), autocommit=True) as admin:
            admin.execute(f"CREATE DATABASE {name} TEMPLATE template0 ENCODING 'UTF8'")
        return self.url(name)


@pytest.fixture(scope="session")
def postgres_server() -> Iterator[Server]:
    """The session's PostgreSQL server (skips when there is none to start; see the module)."""
    try:
        import psycopg  # noqa: F401
    except ImportError:
        unavailable("psycopg is not installed (pip install 'crosswire[postgres]')")
    bin_dir = server_binaries()
    if bin_dir is None:
        unavailable("no PostgreSQL server binaries (initdb) under /usr/lib/postgresql/*/bin")
        raise AssertionError  # unreachable: unavailable() skips or fails
    account: str | None = None
    if os.geteuid() == 0:
        try:
            entry = pwd.getpwnam(SERVER_ACCOUNT)
        except KeyError:
            unavailable(f"running as root and there is no {SERVER_ACCOUNT!r} account to run it")
            raise AssertionError from None
        account = SERVER_ACCOUNT
    # A short path under /tmp: a Unix socket's path must stay under ~100 bytes.
    folder = Path(tempfile.mkdtemp(prefix="crosswire-pg-"))
    if account is not None:
        os.chown(folder, entry.pw_uid, entry.pw_gid)
    server = Server(folder, bin_dir, account)
    try:
        server.start()
    except (OSError, RuntimeError, subprocess.TimeoutExpired) as error:
        shutil.rmtree(folder, ignore_errors=True)
        unavailable(f"the throwaway PostgreSQL server did not start: {error}")
    try:
        yield server
    finally:
        try:
            server.stop()
        finally:
            shutil.rmtree(folder, ignore_errors=True)


@pytest.fixture
def postgres_url(postgres_server: Server) -> str:
    """A fresh, empty PostgreSQL database for one test."""
    return postgres_server.database()


@pytest.fixture(params=["sqlite", "postgres"])
def store_location(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """A new workspace location on each backend in turn: a SQLite file, a PostgreSQL database."""
    if request.param == "sqlite":
        return str(tmp_path / "w.db")
    return str(request.getfixturevalue("postgres_url"))
