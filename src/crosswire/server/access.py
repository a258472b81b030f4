"""How requests reach the workspace: a SQLite connection belongs to the thread that opened it,
so each worker thread keeps its own ``Workspace`` (all sharing one set of models). Reads run on a
small pool of reader threads; every write runs on the one writer thread, so writes are serialised
in this process, and the store's busy handling (``busy_timeout``) orders them with other
processes. Nothing here runs on the event loop: handlers ``await`` the futures."""

from __future__ import annotations

import asyncio
import queue
import threading
from collections.abc import Callable
from concurrent.futures import Future
from typing import Any, TypeVar

from crosswire import pipeline
from crosswire.workspace import Workspace

T = TypeVar("T")
_STOP = object()


class WorkspaceThreads:
    """``threads`` daemon threads that take jobs from one queue, each job called with the
    thread's own ``Workspace``; ``stop`` closes every workspace in the thread that opened it."""

    def __init__(self, open_workspace: Callable[[], Workspace], threads: int, name: str):
        self._jobs: queue.SimpleQueue[Any] = queue.SimpleQueue()
        self._threads = [
            threading.Thread(target=self._serve, args=(open_workspace,), name=f"{name}-{i}")
            for i in range(threads)
        ]
        for thread in self._threads:
            thread.daemon = True
            thread.start()

    def _serve(self, open_workspace: Callable[[], Workspace]) -> None:
        with open_workspace() as workspace:
            while True:
                job = self._jobs.get()
                if job is _STOP:
                    return
                work, future = job
                if not future.set_running_or_notify_cancel():
                    continue
                try:
                    future.set_result(work(workspace))
                except BaseException as error:  # handed to the awaiting handler
                    future.set_exception(error)

    def submit(self, work: Callable[[Workspace], T]) -> Future[T]:
        future: Future[T] = Future()
        self._jobs.put((work, future))
        return future

    async def run(self, work: Callable[[Workspace], T]) -> T:
        """``work(workspace)`` on one of the threads, awaited without blocking the loop."""
        return await asyncio.wrap_future(self.submit(work))

    def stop(self, timeout: float = 30.0) -> None:
        for _ in self._threads:
            self._jobs.put(_STOP)
        for thread in self._threads:
            thread.join(timeout)


class WorkspaceAccess:
    """The readers and the writer of one workspace location."""

    def __init__(
        self,
        location: str,
        *,
        models: pipeline.Models | None = None,
        readers: int = 2,
        busy_timeout: float | None = None,
    ):
        self.location = location
        self.models = models or pipeline.default_models()
        options: dict[str, Any] = {"models": self.models}
        if busy_timeout is not None:
            options["busy_timeout"] = busy_timeout

        def open_workspace() -> Workspace:
            return Workspace(location, **options)

        self.open_workspace = open_workspace
        self.readers = WorkspaceThreads(open_workspace, readers, "crosswire-read")
        self.writer = WorkspaceThreads(open_workspace, 1, "crosswire-write")

    async def read(self, work: Callable[[Workspace], T]) -> T:
        return await self.readers.run(work)

    async def write(self, work: Callable[[Workspace], T]) -> T:
        return await self.writer.run(work)

    def stop(self) -> None:
        self.writer.stop()
        self.readers.stop()
