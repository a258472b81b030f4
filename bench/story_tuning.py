"""Story clustering settings swept on an analysed workspace, without running the pipeline again:
the articles' profiles are read back from a workspace that `crosswire eval pile --db` or
`crosswire eval ecbplus --db` filled, clustered with each setting as `cluster_stories` does in a
run, and scored by BCubed against the gold (for the pile: the tuning half, the check half and the
whole; tune on the tuning half only).

    PYTHONPATH=src .venv/bin/python bench/story_tuning.py pile /tmp/pile.db
    PYTHONPATH=src .venv/bin/python bench/story_tuning.py ecbplus /tmp/ecb.db
    PYTHONPATH=src .venv/bin/python bench/story_tuning.py pile /tmp/pile.db --splits tune

``--splits HALF`` lists the events of that half that were split, with each article's date, its
source, its length and its title, to see why.
"""

from __future__ import annotations

import argparse
import dataclasses
from collections import defaultdict

from _common import evaldata_path
from crosswire.evaluation import ecbplus, pile
from crosswire.nlp.models import default_models
from crosswire.stages import RunOptions, RunState
from crosswire.store import open_store
from crosswire.stories.clustering import cluster_stories
from crosswire.stories.profiles import ClusterConfig, article_profiles

#: Settings tried: (name, ClusterConfig changes).
VARIANTS: tuple[tuple[str, dict], ...] = (
    ("default", {}),
    *(
        (f"inferred-date penalty at most {cap}", {"inferred_penalty_max": cap})
        for cap in (0.0, 0.05, 0.1, 0.2, 0.3, 99.0)
    ),
    ("join 0.45", {"join_threshold": 0.45}),
    ("join 0.55", {"join_threshold": 0.55}),
    ("entity weight 0.75", {"entity_weight": 0.75}),
    ("entity weight 0.3", {"entity_weight": 0.3}),
    ("merge 0.7", {"merge_threshold": 0.7}),
    ("lead sentences 12", {"lead_sentences": 12}),
    ("top entities 8", {"story_top_entities": 8}),
)


def gold_documents(kind: str) -> tuple[list[str], dict[str, str], dict[str, str]]:
    """Document names in input-line order, their gold story, and their half (pile only)."""
    if kind == "pile":
        documents = pile.load_pile(evaldata_path("multinews-sample/sample_validation.csv"))
        return (
            [d.name for d in documents],
            {d.name: str(d.event) for d in documents},
            {d.name: d.half for d in documents},
        )
    corpus = ecbplus.load_corpus(evaldata_path("ecbplus/ECB+_LREC2014/ECB+"))
    return [d.name for d in corpus], {d.name: d.gold_story for d in corpus}, {}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("kind", choices=("pile", "ecbplus"))
    parser.add_argument("db")
    parser.add_argument("--splits", help="list the split events of this half (tune / check)")
    args = parser.parse_args()
    names, gold, halves = gold_documents(args.kind)
    store = open_store(args.db)
    articles = store.articles()
    line_of: dict[str, list[int]] = defaultdict(list)
    for article in articles:
        for source in store.sources_of(article.id) or [article.source]:
            line_of[article.id].append(int(source.rsplit(":", 1)[1]))
    doc_article = {names[line - 1]: a for a, lines in line_of.items() for line in lines}
    state = RunState(
        store=store, models=default_models(), options=RunOptions(), articles=articles, sources={}
    )
    for name, changes in VARIANTS:
        config = dataclasses.replace(ClusterConfig(), **changes)
        profiles = article_profiles(
            articles,
            state.sentences_by_article,
            state.vectors,
            state.mentions_by_article,
            config,
        )
        clustering = cluster_stories(profiles, config)
        predicted = {
            n: clustering.assignment.get(doc_article.get(n, ""), f"alone:{n}") for n in names
        }
        parts = {"all": list(names)}
        for half in sorted(set(halves.values())):
            parts[half] = [n for n in names if halves[n] == half]
        figures = "  ".join(
            f"{part} {pile.bcubed_over(predicted, gold, items).f1:.4f}"
            for part, items in parts.items()
        )
        print(f"{name:<40} stories {len(set(predicted.values())):>4}  BCubed F1  {figures}")
        if args.splits and name == "default":
            show_splits(args.splits, names, gold, halves, predicted, doc_article, articles)


def show_splits(half, names, gold, halves, predicted, doc_article, articles) -> None:
    by_id = {a.id: a for a in articles}
    events: dict[str, list[str]] = defaultdict(list)
    for n in names:
        if halves.get(n) == half:
            events[gold[n]].append(n)
    for event, members in sorted(events.items(), key=lambda kv: int(kv[0])):
        stories = {predicted[n] for n in members}
        if len(stories) < 2:
            continue
        print(f"--- event {event}: {len(members)} documents in {len(stories)} stories")
        for n in members:
            article = by_id.get(doc_article.get(n, ""))
            if article is None:
                print(f"  {n}: no article")
                continue
            print(
                f"  {n} story {predicted[n][:8]} {article.published or '-':<10} "
                f"{article.published_source:<8} {len(article.text.split()):>5}w  "
                f"{article.title[:90]!r}"
            )


if __name__ == "__main__":
    main()
