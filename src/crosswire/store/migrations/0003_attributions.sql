-- Quotes and attributions found in each article, kept so later runs never parse it again.
-- `rules` names the parser model and a fingerprint of the attribution rules that found them:
-- a different value means they are found afresh.
CREATE TABLE attributions (
    article_id TEXT PRIMARY KEY REFERENCES articles(id),
    rules TEXT NOT NULL,
    attributions_json TEXT NOT NULL
);
