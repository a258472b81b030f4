-- Provenance read from the text: where the title came from, the words the outlet was read from,
-- the wire agency credited (kept apart from the publisher) and, when the evidence for the date
-- disagreed, the candidate dates (a JSON list) instead of a guess.
ALTER TABLE articles ADD COLUMN title_source TEXT NOT NULL DEFAULT 'metadata';
ALTER TABLE articles ADD COLUMN outlet_evidence TEXT;
ALTER TABLE articles ADD COLUMN credit TEXT;
ALTER TABLE articles ADD COLUMN credit_source TEXT NOT NULL DEFAULT 'none';
ALTER TABLE articles ADD COLUMN credit_evidence TEXT;
ALTER TABLE articles ADD COLUMN published_candidates_json TEXT NOT NULL DEFAULT '[]';
