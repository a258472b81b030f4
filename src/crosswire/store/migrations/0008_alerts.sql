-- Alerts out (issue #12): webhooks told of new stories, story updates and new conflicts.
-- An alert keeps its signing secret (it must sign every delivery, so it cannot be kept hashed)
-- and whether it was added with --allow-private (the SSRF guard is re-applied at each delivery
-- with that choice). Every event that matches an alert gets one alert_queue row, written before
-- anything is sent: 'pending' until delivered ('done') or out of attempts ('failed'), so a killed
-- process resumes the pending ones. Every attempt is one row of alert_deliveries.
CREATE TABLE IF NOT EXISTS alerts (
    id INTEGER PRIMARY KEY,
    webhook TEXT NOT NULL,
    on_event TEXT NOT NULL CHECK (on_event IN ('new-story', 'story-update', 'conflict')),
    story_id TEXT,
    query TEXT,
    secret TEXT NOT NULL,
    allow_private INTEGER NOT NULL DEFAULT 0,
    created TEXT NOT NULL
);

CREATE TABLE IF NOT EXISTS alert_events (
    id INTEGER PRIMARY KEY,
    kind TEXT NOT NULL,
    payload TEXT NOT NULL,
    at TEXT NOT NULL
);

CREATE TABLE IF NOT EXISTS alert_queue (
    alert_id INTEGER NOT NULL REFERENCES alerts(id) ON DELETE CASCADE,
    event_id INTEGER NOT NULL REFERENCES alert_events(id),
    state TEXT NOT NULL DEFAULT 'pending',
    attempts INTEGER NOT NULL DEFAULT 0,
    next_try TEXT NOT NULL,
    last_error TEXT,
    PRIMARY KEY (alert_id, event_id)
);

CREATE INDEX IF NOT EXISTS alert_queue_due ON alert_queue (state, next_try);

CREATE TABLE IF NOT EXISTS alert_deliveries (
    id INTEGER PRIMARY KEY,
    alert_id INTEGER NOT NULL,
    event_id INTEGER NOT NULL,
    attempt INTEGER NOT NULL,
    status INTEGER,
    error TEXT,
    at TEXT NOT NULL
);
