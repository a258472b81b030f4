-- Feeds in (issue #12): the feeds a workspace follows, and its fetch queue. A feed keeps the
-- validators of its last answer (ETag, Last-Modified) for a conditional GET, its last success
-- and its last failure with the reason. Every entry link ever seen has one row in fetch_queue:
-- 'pending' until fetched, 'fetching' while a watcher has it (a row left so by a killed watcher
-- is taken up again), then 'done' or 'failed' (with the reason). Rows are kept after that, so
-- the table is also the set of seen entries and nothing is fetched twice.
CREATE TABLE IF NOT EXISTS feeds (
    id INTEGER PRIMARY KEY,
    url TEXT NOT NULL UNIQUE,
    title TEXT,
    added TEXT NOT NULL,
    etag TEXT,
    last_modified TEXT,
    last_checked TEXT,
    last_success TEXT,
    last_error TEXT,
    last_error_at TEXT
);

CREATE TABLE IF NOT EXISTS fetch_queue (
    url TEXT PRIMARY KEY,
    feed_id INTEGER REFERENCES feeds(id) ON DELETE SET NULL,
    title TEXT,
    published TEXT,
    author TEXT,
    state TEXT NOT NULL DEFAULT 'pending',
    attempts INTEGER NOT NULL DEFAULT 0,
    next_try TEXT NOT NULL,
    first_seen TEXT NOT NULL,
    last_error TEXT
);

CREATE INDEX IF NOT EXISTS fetch_queue_due ON fetch_queue (state, next_try);

-- Hosts and ranges the fetcher may reach although not public (a trusted intranet feed), as
-- `crosswire feeds trust` records them; every fetch of the workspace adds them to --allow-host.
CREATE TABLE IF NOT EXISTS trusted_hosts (
    entry TEXT PRIMARY KEY,
    added TEXT NOT NULL
);
