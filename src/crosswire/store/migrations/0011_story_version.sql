-- A counter that save_stories raises in the transaction of every change to the stories or their
-- members. A reader that follows other processes' writes (serve's event stream) reads this one
-- row and reads the whole story assignment only when it has moved.
CREATE TABLE IF NOT EXISTS story_version (
    one INTEGER PRIMARY KEY CHECK (one = 1),
    version BIGINT NOT NULL
);
INSERT INTO story_version (one, version) VALUES (1, 0);
