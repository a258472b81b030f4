-- An index on the articles' order of arrival: every stored article takes the next seq from
-- MAX(seq), which without it read the whole articles table (texts included) once per article,
-- so an add slowed with the size of the workspace (a synthetic fill went from about 250
-- articles/s at 1,000 articles to 30 at 37,000).
CREATE INDEX IF NOT EXISTS articles_seq ON articles (seq);
