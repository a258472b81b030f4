-- PostgreSQL form of migrations/0001_initial.sql (same tables, same meaning). Articles, the
-- inputs they came from, per-article NLP results and the sentence-embedding cache.
-- Full-text search: a stored tsvector of title and text (the 'simple' configuration: lower-cased
-- words, no stemming, as SQLite's FTS5 unicode61 tokenizer gives) under a GIN index, in place of
-- the articles_fts virtual table. A filler lexeme '|' (which no query can hold: the parser never
-- makes one) sits between title and text, so a phrase cannot run from the title's last word
-- into the text's first, as in FTS5 where a phrase lies within one column.
CREATE TABLE articles (
    id TEXT PRIMARY KEY,
    seq INTEGER NOT NULL,              -- order of arrival in this workspace
    source TEXT NOT NULL,
    title TEXT NOT NULL,
    text TEXT NOT NULL,
    original_text TEXT NOT NULL,
    outlet TEXT,
    outlet_source TEXT NOT NULL,
    url TEXT,
    author TEXT,
    published TEXT,
    published_source TEXT NOT NULL,
    published_evidence TEXT,
    language TEXT NOT NULL,
    language_note TEXT,
    removed_json TEXT NOT NULL,
    issues_json TEXT NOT NULL,
    search TSVECTOR GENERATED ALWAYS AS (
        to_tsvector('simple', title) || '''|'':1'::tsvector || to_tsvector('simple', text)
    ) STORED
);
CREATE INDEX articles_search ON articles USING GIN (search);

-- Every input (file, record, WARC entry) that was read, the hash of its raw content, and the
-- article it became
CREATE TABLE inputs (
    source TEXT PRIMARY KEY,
    content_hash TEXT NOT NULL,
    article_id TEXT REFERENCES articles(id)
);
CREATE INDEX inputs_article ON inputs(article_id);

CREATE TABLE sentences (
    article_id TEXT NOT NULL REFERENCES articles(id),
    idx INTEGER NOT NULL,
    start INTEGER NOT NULL,
    "end" INTEGER NOT NULL,
    text TEXT NOT NULL,
    text_hash TEXT NOT NULL,
    PRIMARY KEY (article_id, idx)
);
CREATE INDEX sentences_hash ON sentences(text_hash);

CREATE TABLE mentions (
    article_id TEXT NOT NULL REFERENCES articles(id),
    start INTEGER NOT NULL,
    "end" INTEGER NOT NULL,
    text TEXT NOT NULL,
    label TEXT NOT NULL,
    PRIMARY KEY (article_id, start, "end", label)
);

-- An article is listed here in the same transaction that writes its sentences and mentions,
-- so a killed run never leaves half an analysis behind.
CREATE TABLE nlp_done (
    article_id TEXT PRIMARY KEY REFERENCES articles(id),
    model TEXT NOT NULL
);

-- Vectors as little-endian float32 bytes (4 bytes a dimension), as the SQLite store keeps them.
CREATE TABLE embeddings (
    text_hash TEXT NOT NULL,
    model TEXT NOT NULL,
    vector BYTEA NOT NULL,
    PRIMARY KEY (text_hash, model)
);
