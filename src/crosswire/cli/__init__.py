"""The command line: a thin layer over ``crosswire.Workspace``."""

from crosswire.cli.main import app, main

__all__ = ["app", "main"]
