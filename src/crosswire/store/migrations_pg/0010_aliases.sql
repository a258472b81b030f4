-- The workspace alias table (name -> canonical name, overriding entity merging), for a workspace
-- on a server: it has no folder for the aliases.toml a SQLite workspace keeps beside its file,
-- and every host that opens the workspace must see the same table.
CREATE TABLE IF NOT EXISTS aliases (
    name TEXT PRIMARY KEY,
    canonical TEXT NOT NULL
);
