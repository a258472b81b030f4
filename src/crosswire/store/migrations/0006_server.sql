-- The server's write tokens, stored only as salted scrypt hashes (crosswire.server.auth): the
-- token itself is shown once, when it is generated, and never kept.
CREATE TABLE IF NOT EXISTS server_tokens (
    name TEXT PRIMARY KEY,
    hash TEXT NOT NULL,
    created TEXT NOT NULL
);
