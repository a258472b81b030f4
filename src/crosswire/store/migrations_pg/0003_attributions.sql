-- PostgreSQL form of migrations/0003_attributions.sql.
-- Quotes and attributions found in each article, kept so later runs never parse it again.
-- `rules` names the parser model and a fingerprint of the attribution rules that found them.
CREATE TABLE attributions (
    article_id TEXT PRIMARY KEY REFERENCES articles(id),
    rules TEXT NOT NULL,
    attributions_json TEXT NOT NULL
);
