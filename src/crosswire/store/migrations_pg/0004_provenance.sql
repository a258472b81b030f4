-- PostgreSQL form of migrations/0004_provenance.sql: provenance read from the text.
ALTER TABLE articles ADD COLUMN title_source TEXT NOT NULL DEFAULT 'metadata';
ALTER TABLE articles ADD COLUMN outlet_evidence TEXT;
ALTER TABLE articles ADD COLUMN credit TEXT;
ALTER TABLE articles ADD COLUMN credit_source TEXT NOT NULL DEFAULT 'none';
ALTER TABLE articles ADD COLUMN credit_evidence TEXT;
ALTER TABLE articles ADD COLUMN published_candidates_json TEXT NOT NULL DEFAULT '[]';
