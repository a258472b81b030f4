"""Ingest: paths, directories, globs, stdin, and the formats they hold → ``RawDocument`` records,
or an ``InputProblem`` naming the input and the fix.

- ``inputs``: paths, directories, globs and stdin, read file by file (the entry point,
  ``read_inputs``);
- ``formats``: text with headers, HTML, JSON, JSON Lines and WARC → ``RawDocument``;
- ``decode``: bytes → text, with charset detection;
- ``limits``: the suffixes read and the size caps.
"""
