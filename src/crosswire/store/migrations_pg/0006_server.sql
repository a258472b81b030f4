-- PostgreSQL form of migrations/0006_server.sql.
-- The server's write tokens, stored only as salted scrypt hashes (crosswire.server.auth).
CREATE TABLE IF NOT EXISTS server_tokens (
    name TEXT PRIMARY KEY,
    hash TEXT NOT NULL,
    created TEXT NOT NULL
);
