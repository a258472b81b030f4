import numpy as np
import pytest

from crosswire.nlp.encoder import HashingEncoder
from crosswire.records import Article, Sentence, article_id_for
from crosswire.stories.dedup import DedupConfig, find_duplicates

pytestmark = pytest.mark.unit

WIRE = (
    "The port authority said on Sunday it had signed a $375 million deal with Veldhaven. "
    "The terminal will have four berths on reclaimed land north of the city. "
    "Construction is due to start within six months, officials said. "
    "Veldhaven was chosen over two rival bidders after a long tender. "
    "The company's chief visited the site in March with engineers."
)


def article(text: str, source: str) -> Article:
    return Article(
        id=article_id_for(text), source=source, title=source, text=text, original_text=text
    )


def split(a: Article) -> list[Sentence]:
    out, position = [], 0
    for index, part in enumerate(p.strip() + "." for p in a.text.split(". ") if p.strip()):
        part = part.rstrip(".") + "."
        start = a.text.find(part.rstrip("."), position)
        out.append(Sentence(a.id, index, start, start + len(part), part))
        position = start + 1
    return out


DEFAULT_CONFIG = DedupConfig()


def run(articles, sources=None, vectors=None, config=DEFAULT_CONFIG):
    sentences = {a.id: split(a) for a in articles}
    if vectors is None:
        encoder = HashingEncoder()
        texts = {s.text_hash: s.text for ss in sentences.values() for s in ss}
        vectors = dict(zip(texts, encoder.encode(list(texts.values()))))
    sources = sources or {a.id: [a.source] for a in articles}
    return find_duplicates(articles, sentences, vectors, sources, config)


def test_same_text_from_two_inputs_is_one_exact_group():
    a = article(WIRE, "a.txt")
    result = run([a], sources={a.id: ["a.txt", "feed.jsonl:2"]})
    [group] = result.duplicates
    assert (group.kind, group.article_ids, group.sources) == (
        "exact",
        (a.id,),
        ("a.txt", "feed.jsonl:2"),
    )
    assert len(result.origins) == 1


def test_case_and_punctuation_differences_are_exact_duplicates():
    a, b = article(WIRE, "a.txt"), article(WIRE.upper().replace(",", ""), "b.txt")
    result = run([a, b])
    assert [g.kind for g in result.duplicates] == ["exact"]
    assert len(result.origins) == 1


def test_a_copy_with_a_changed_sentence_is_a_near_duplicate():
    a = article(WIRE, "a.txt")
    b = article(WIRE + " Shares in the company rose 3 percent in Amsterdam trading.", "b.txt")
    c = article(
        "A rugby club won the cup final on Saturday in front of a record crowd. "
        "The coach praised the forwards.",
        "c.txt",
    )
    result = run([a, b, c])
    near = [g for g in result.duplicates if g.kind == "near"]
    assert len(near) == 1 and set(near[0].article_ids) == {a.id, b.id}
    assert 0.7 <= near[0].similarity < 1.0
    assert sorted(len(o.article_ids) for o in result.origins) == [1, 2]


def _vectors_for(pairs):
    """Sentence vectors where paired texts are close (cosine ~0.9) and others orthogonal."""
    vectors, rng = {}, np.random.default_rng(7)
    for left, right in pairs:
        base = rng.normal(size=64)
        noise = rng.normal(size=64) * 0.35
        for text, vec in ((left, base), (right, base + noise)):
            if text is not None:
                vectors[Sentence("x", 0, 0, 0, text).text_hash] = (
                    vec / np.linalg.norm(vec)
                ).astype(np.float32)
    return vectors


def test_a_paraphrase_with_the_same_facts_is_a_rewrite_and_one_origin():
    wire = article(
        "The deal is worth $375 million. It covers 30 years. Four berths will be built. "
        "Work starts soon.",
        "wire.txt",
    )
    rewrite = article(
        "Officials valued the agreement at $375 million. The concession runs 30 years. "
        "Crews will build four berths. Construction begins shortly.",
        "rewrite.txt",
    )
    other = article(
        "Fishing families fear the dredging. They want a hearing. Catches fell last year. "
        "The union wrote to the minister.",
        "other.txt",
    )
    pairs = list(zip([s.text for s in split(wire)], [s.text for s in split(rewrite)]))
    pairs += [(s.text, None) for s in split(other)]
    result = run([wire, rewrite, other], vectors=_vectors_for(pairs))
    rewrites = [g for g in result.duplicates if g.kind == "rewrite"]
    assert len(rewrites) == 1 and set(rewrites[0].article_ids) == {wire.id, rewrite.id}
    assert {o.article_ids for o in result.origins} == {
        tuple(sorted([wire.id, rewrite.id])),
        (other.id,),
    }


def test_a_paraphrase_with_different_numbers_is_not_a_rewrite():
    wire = article(
        "The deal is worth $375 million. It covers 30 years. Four berths will be built. "
        "Work starts in 2027.",
        "wire.txt",
    )
    changed = article(
        "The deal is worth $410 million. It covers 25 years. Four berths will be built. "
        "Work starts in 2029.",
        "changed.txt",
    )
    pairs = list(zip([s.text for s in split(wire)], [s.text for s in split(changed)]))
    result = run(
        [wire, changed], vectors=_vectors_for(pairs), config=DedupConfig(near_jaccard=0.99)
    )
    assert not [g for g in result.duplicates if g.kind == "rewrite"]


def test_shared_passages_list_every_occurrence():
    lead = (
        "The port authority said on Sunday it had signed a deal worth $375 million with Veldhaven."
    )
    a = article(lead + " Officials were pleased with the outcome.", "a.txt")
    b = article(lead + " Critics said the price was far too low.", "b.txt")
    result = run([a, b], config=DedupConfig(near_jaccard=0.99, counterpart_cosine=1.01))
    [passage] = result.passages
    assert passage.text == lead
    assert {occ[0] for occ in passage.occurrences} == {a.id, b.id}
    assert all(
        text.text[s:e] == lead
        for text in (a, b)
        for aid, s, e in passage.occurrences
        if aid == text.id
    )


def test_result_does_not_depend_on_input_order():
    items = [
        article(WIRE, "a.txt"),
        article(WIRE + " One more line here.", "b.txt"),
        article("Something else entirely happened in another city today.", "c.txt"),
    ]
    assert run(items) == run(list(reversed(items)))
