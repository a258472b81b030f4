"""Ingest: paths, directories, globs, stdin, and the formats they hold → ``RawDocument`` records,
or an ``InputProblem`` naming the input and the fix."""
