-- The crosswire processes that have the workspace open, so one that finds it busy can say who
-- holds it. A row is added when a process opens the workspace and removed when it closes it; a
-- process killed outright leaves its row, which the next opener on the same host drops once the
-- process is gone.
CREATE TABLE IF NOT EXISTS writers (
    host TEXT NOT NULL,
    pid INTEGER NOT NULL,
    command TEXT NOT NULL,
    started TEXT NOT NULL,
    PRIMARY KEY (host, pid)
);
