"""The errors crosswire raises for things a user can fix. Each message names the input, file or
setting at fault and says what to do; the CLI prints it without a traceback (exit code 2)."""

from __future__ import annotations


class UserError(RuntimeError):
    """Something the user can fix (a missing model, an unusable database); no traceback."""


class ModelMissing(UserError):
    """A model package is not installed; the message says how to install it."""


class StoreError(UserError):
    """The workspace cannot be opened or used (not a crosswire database, a newer schema, busy)."""


class ExtraMissing(UserError):
    """A package of an optional extra (``eval`` unless told) is not installed; says how to
    install it."""

    def __init__(self, package: str, needed_for: str, extra: str = "eval"):
        super().__init__(
            f"{needed_for} needs {package}, from crosswire's `{extra}` extra: run "
            f"`bash scripts/bootstrap.sh --dev` or `.venv/bin/pip install -e '.[{extra}]'`"
        )


class AliasFileError(UserError, ValueError):
    """The workspace's alias table cannot be read; the message names the file and the line."""


class StoreBusy(StoreError):
    """Another process held the workspace for longer than the busy timeout; names the holder."""


class RunFailed(RuntimeError):
    """A stage of a run failed on something no input explains (a bug, not a bad input).

    ``briefing`` holds what the run had before the failure (the stored articles, and whatever
    the stages before the failing one found); ``trace`` is the formatted traceback, for a file
    (the CLI saves it beside the workspace and prints the path, not the trace)."""

    def __init__(self, stage: str, error: BaseException, trace: str, briefing):
        super().__init__(f"the {stage} stage failed: {type(error).__name__}: {error}")
        self.stage = stage
        self.error = error
        self.trace = trace
        self.briefing = briefing
