"""``crosswire serve``: a REST API (FastAPI on uvicorn) over one workspace.

app       create_app: shared state, the write-token rule, JSON errors
routes    /healthz, /api/stories, /api/articles, /api/search, /api/events, /feeds/*.atom
access    the reader threads and the one writer thread, each with its own Workspace
stories   story briefings (the JSON ``brief`` writes) cached per story and alias table
listing   the story list's filters, order and cursor paging
posts     POST bodies (JSON or a file upload) → documents for the pipeline
writes    a POST on the writer thread, then the events it causes
events    Server-Sent Events: the hub and each client's stream
atom      Atom feeds of the stories and of one story
auth      the bearer token: generated once, kept hashed; the non-loopback rule

Import the factory from ``crosswire.server.app`` (nothing is imported here, so the CLI can use
``auth`` without loading FastAPI).
"""
