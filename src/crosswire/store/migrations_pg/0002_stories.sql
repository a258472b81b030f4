-- PostgreSQL form of migrations/0002_stories.sql.
-- Online story clustering state: running sums per story so adding one article is cheap.
CREATE TABLE stories (
    id TEXT PRIMARY KEY,
    seq INTEGER NOT NULL,              -- order of founding
    vector_sum BYTEA NOT NULL,         -- little-endian float32
    entity_counts_json TEXT NOT NULL,
    first_date TEXT,
    last_date TEXT
);

CREATE TABLE story_members (
    article_id TEXT PRIMARY KEY REFERENCES articles(id),
    story_id TEXT NOT NULL,
    seq INTEGER NOT NULL               -- order the article joined its story
);
CREATE INDEX story_members_story ON story_members(story_id);

-- Merges and splits, in the order they happened: which story ids became which.
CREATE TABLE story_changes (
    seq BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    kind TEXT NOT NULL,
    from_ids_json TEXT NOT NULL,
    into_ids_json TEXT NOT NULL,
    article_id TEXT,
    score DOUBLE PRECISION
);
