"""The vectors the cross-source analysis embeds besides sentences (quote fragments, summary
units, claim frames) are kept in the workspace, so a story analysed again (an article joined it,
the server dropped its cached briefing) embeds only what is new, and reads the same."""

import sqlite3
from collections import Counter

import pytest
from tests.e2e.helpers import copy_workspace

from crosswire import pipeline
from crosswire.nlp.encoder import OnnxMiniLM
from crosswire.render.json import render_json
from crosswire.workspace import Workspace

pytestmark = [pytest.mark.integration, pytest.mark.slow]


class CountingEncoder:
    """The real encoder, remembering every text it was asked to embed."""

    def __init__(self, seen: list[str]):
        self.inner = OnnxMiniLM()
        self.name, self.dimension = self.inner.name, self.inner.dimension
        self.seen = seen

    def encode(self, texts):
        self.seen.extend(texts)
        return self.inner.encode(texts)


def briefing_of(db, story_id: str, seen: list[str]) -> str:
    models = pipeline.default_models()
    models.encoder_loader = lambda: CountingEncoder(seen)
    with Workspace(str(db), models=models) as workspace:
        return render_json(workspace.briefing(story_id))


def test_a_story_analysed_again_embeds_nothing_and_reads_the_same(demo_run, tmp_path):
    db = copy_workspace(demo_run.db, tmp_path / "ws.db")
    with sqlite3.connect(db) as connection:
        assignment = dict(connection.execute("SELECT article_id, story_id FROM story_members"))
    story_id, size = Counter(assignment.values()).most_common(1)[0]
    assert size > 2

    seen: list[str] = []
    again = briefing_of(db, story_id, seen)
    assert seen == []  # the brief that made the workspace kept what it embedded

    with sqlite3.connect(db) as connection:  # as a workspace made before they were kept
        connection.execute(
            "DELETE FROM embeddings WHERE text_hash NOT IN (SELECT text_hash FROM sentences)"
        )
    fresh = briefing_of(db, story_id, seen)
    assert seen, "the analysis embeds texts that are not sentences"
    assert fresh == again
    seen.clear()
    assert briefing_of(db, story_id, seen) == again and seen == []


def test_a_workspace_another_process_writes_still_gives_the_briefing(demo_run, tmp_path):
    """Keeping the vectors is best effort: while another process holds the workspace for
    longer than the busy timeout, the briefing is made all the same and they are dropped."""
    db = copy_workspace(demo_run.db, tmp_path / "ws.db")
    with sqlite3.connect(db) as connection:
        assignment = dict(connection.execute("SELECT article_id, story_id FROM story_members"))
        connection.execute(
            "DELETE FROM embeddings WHERE text_hash NOT IN (SELECT text_hash FROM sentences)"
        )
    story_id, _ = Counter(assignment.values()).most_common(1)[0]
    seen: list[str] = []
    models = pipeline.default_models()
    models.encoder_loader = lambda: CountingEncoder(seen)
    with Workspace(str(db), models=models, busy_timeout=0.3) as workspace:
        workspace.store  # opened (and its schema checked) first  # noqa: B018
        holder = sqlite3.connect(db)
        holder.execute("BEGIN IMMEDIATE")  # another writer, for the whole briefing
        try:
            held = render_json(workspace.briefing(story_id))
        finally:
            holder.rollback()
            holder.close()
    assert seen
    seen.clear()
    assert briefing_of(db, story_id, seen) == held
    assert seen  # nothing had been kept: this analysis embeds (and keeps) them
