-- What an add changed is worked out after its articles are stored, for the alerts. So that a
-- process killed in between does not lose those events, a run that may alert first writes down
-- the story assignment it started from (zlib-compressed JSON, article id -> story id) and who
-- it is (host and process id); the row goes in the same transaction as the events it yields.
-- A row whose process is gone is finished by the next run (add, brief, watch, alerts send, or
-- a serve starting).
CREATE TABLE IF NOT EXISTS pending_changes (
    id INTEGER PRIMARY KEY,
    owner TEXT NOT NULL,
    before BLOB NOT NULL,
    at TEXT NOT NULL
);

-- A feed added with --allow-private (or allow_private in the API) keeps that choice, as an
-- alert does: the watcher reads it and fetches its pages with private addresses allowed.
ALTER TABLE feeds ADD COLUMN allow_private INTEGER NOT NULL DEFAULT 0;
