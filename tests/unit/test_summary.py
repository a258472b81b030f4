"""The extractive summarizer: budget, citations, novelty, support by origins, time order; and the
Multi-News evaluation's baselines, cache and scorer. No models: the hashing encoder stands in."""

import itertools

import pytest

from crosswire.analysis.summary import (
    SummaryConfig,
    SummaryInput,
    is_summary_sentence,
    numbers_in,
    summarize,
    word_count,
)
from crosswire.evaluation import multinews
from crosswire.nlp.encoder import HashingEncoder

pytestmark = pytest.mark.unit

ENCODER = HashingEncoder()

PORT = SummaryInput(
    "a1",
    (
        "The harbour authority approved the new container terminal on Monday after a long review.",
        "Dock workers said the expansion would bring hundreds of jobs to the eastern district.",
        "Environmental groups warned that dredging could harm the estuary and its fish stocks.",
        "The terminal is expected to open in 2026 and to double the port's capacity.",
    ),
)
PORT_REWRITE = SummaryInput(
    "a2",
    (
        "Officials approved the new container terminal at the harbour on Monday after a long "
        "review.",
        "Fishermen fear that dredging the channel will damage the estuary and its fish stocks.",
        "The mayor praised the decision as a turning point for the city's economy.",
    ),
)
PORT_THIRD = SummaryInput(
    "a3",
    (
        "A court challenge against the port plan was filed by residents on Tuesday morning.",
        "The terminal is expected to open in 2026 and to double the port's capacity.",
        "Residents complained about night-time noise from the cranes at the old quay.",
    ),
)


def test_budget_in_words_is_respected():
    for budget in (0, 12, 25, 40, 250):
        output = summarize([PORT, PORT_REWRITE, PORT_THIRD], encoder=ENCODER, max_words=budget)
        assert sum(word_count(s.text) for s in output) <= budget
    assert summarize([PORT], encoder=ENCODER, max_words=0) == []
    assert len(summarize([PORT, PORT_REWRITE, PORT_THIRD], encoder=ENCODER, max_words=250)) >= 5


def test_every_sentence_is_verbatim_from_its_article_and_its_citations_carry_it():
    documents = {d.article_id: d for d in (PORT, PORT_REWRITE, PORT_THIRD)}
    config = SummaryConfig()
    vectors = {}
    output = summarize(list(documents.values()), encoder=ENCODER)
    assert output
    for sentence in output:
        assert sentence.article_ids[0] == sentence.article_id
        assert sentence.text in documents[sentence.article_id].sentences
        vectors[sentence.text] = ENCODER.encode([sentence.text])[0]
        for cited in sentence.article_ids[1:]:
            others = documents[cited].sentences
            best = max(float(ENCODER.encode([o])[0] @ vectors[sentence.text]) for o in others)
            assert sentence.text in others or best >= config.cite_threshold
    # The shared sentence cites both articles; the two independent origins are counted.
    shared = "The terminal is expected to open in 2026 and to double the port's capacity."
    [cited] = [s for s in summarize(list(documents.values()), encoder=ENCODER) if s.text == shared]
    assert set(cited.article_ids) == {"a1", "a3"} and cited.origins == 2


def test_a_paraphrase_missing_a_number_is_not_cited_as_carrying_the_sentence():
    assert numbers_in("He died at 42 on June 20, 2017 after 1,200 days") == {
        "42",
        "20",
        "2017",
        "1200",
    }
    documents = [
        SummaryInput("x", ("The singer of the band died on Tuesday at the age of 42.",)),
        SummaryInput("y", ("The singer of the band died on Tuesday at the age of 42 years.",)),
        SummaryInput("z", ("The singer of the band died on Tuesday at a young age.",)),
    ]
    # Keep every sentence (no novelty cut) and cite on any loose similarity: numbers decide.
    config = SummaryConfig(cite_threshold=0.3, duplicate_threshold=1.01)
    by_article = {s.article_id: s for s in summarize(documents, encoder=ENCODER, config=config)}
    assert by_article["x"].article_ids == ("x", "y")
    assert by_article["z"].article_ids == ("z", "x", "y")  # it has no number to miss


def test_no_two_output_sentences_say_the_same_thing():
    near_copies = [
        SummaryInput(
            f"d{i}",
            (
                f"Rescue teams searched the collapsed mine for the missing workers {tail}.",
                "The company said it would pay for the funerals of the two men found dead.",
                "Heavy rain had flooded the lower galleries for three days before the collapse.",
            ),
        )
        for i, tail in enumerate(("overnight", "all night", "through the night"))
    ]
    config = SummaryConfig()
    output = summarize(near_copies, encoder=ENCODER, config=config)
    vectors = ENCODER.encode([s.text for s in output])
    for a, b in itertools.combinations(range(len(output)), 2):
        assert float(vectors[a] @ vectors[b]) < config.duplicate_threshold
    assert sum(s.text.startswith("Rescue teams") for s in output) == 1
    assert sum(s.text.startswith("The company") for s in output) == 1


def _origin_contest(copies_share_an_origin: bool) -> str:
    """Three copies of one report against one fact from two independent outlets; a budget for
    one sentence. Returns the text chosen."""
    copied = "The minister resigned after the audit found missing funds in the budget."
    confirmed = "Two senior officials were arrested at the airport late on Friday evening."
    copies = [
        SummaryInput(f"wire{i}", (copied,), origin_id="wire" if copies_share_an_origin else None)
        for i in range(3)
    ]
    independent = [SummaryInput("daily", (confirmed,)), SummaryInput("herald", (confirmed,))]
    [chosen] = summarize(copies + independent, encoder=ENCODER, max_words=13)
    return chosen.text


def test_support_counts_origins_not_copies():
    assert _origin_contest(copies_share_an_origin=True).startswith("Two senior officials")
    # Control: were the three copies independent, they would rightly win.
    assert _origin_contest(copies_share_an_origin=False).startswith("The minister")


def test_output_is_in_time_order_where_dates_are_known_else_reading_order():
    later = SummaryInput(
        "later", ("Flood waters receded from the town centre on Thursday.",), published="2024-03-07"
    )
    earlier = SummaryInput(
        "earlier", ("Heavy rain made the river burst its banks on Monday.",), published="2024-03-04"
    )
    undated = SummaryInput(
        "undated",
        (
            "Volunteers handed out sandbags to shop owners along the high street.",
            "The council opened two shelters in the school halls for displaced families.",
        ),
    )
    output = summarize([later, undated, earlier], encoder=ENCODER, max_words=250)
    assert [s.article_id for s in output] == ["earlier", "later", "undated", "undated"]
    assert [s.position for s in output[2:]] == [0, 1]
    assert output[0].published == "2024-03-04"


def test_fragments_headlines_and_short_lines_are_not_summary_sentences():
    config = SummaryConfig()
    assert is_summary_sentence("The council opened two shelters for displaced families.", config)
    assert not is_summary_sentence("Flood latest: what we know so far", config)  # no full stop
    assert not is_summary_sentence("Share this story.", config)  # too short
    assert not is_summary_sentence("and then the council opened two shelters in town.", config)
    assert not is_summary_sentence("12:30 14:00 15:30 17:00 18:30 20:00 21:30.", config)


def test_baselines_respect_the_budget_and_lead_takes_leads_in_turn():
    documents = [PORT, PORT_REWRITE, PORT_THIRD]
    for system in (multinews.lead_round_robin, multinews.lexrank, multinews.textrank):
        for budget in (15, 40, 250):
            assert sum(word_count(s) for s in system(documents, budget)) <= budget
    lead = multinews.lead_round_robin(documents, 250)
    assert lead[:3] == [PORT.sentences[0], PORT_REWRITE.sentences[0], PORT_THIRD.sentences[0]]
    assert len(lead) == len(set(lead))


def test_rouge_scorer_gives_full_marks_to_the_reference_and_less_to_others():
    scorer = multinews.rouge_scorer()
    reference = ["The river burst its banks on Monday.", "Two shelters opened."]
    perfect = multinews.cluster_rouge(scorer, reference, reference)
    assert perfect and all(value == pytest.approx(100.0) for value in perfect.values())
    partial = multinews.cluster_rouge(scorer, ["The river flooded on Monday."], reference)
    assert 0 < partial["rouge2"] < partial["rouge1"] < 100


def test_a_dateline_never_opens_a_summary_sentence():
    from crosswire.analysis.summary import candidates

    article = SummaryInput(
        "d1",
        (
            "CHENNAI: The port authority approved four new berths on Monday.",
            "WASHINGTON (AP) — Lawmakers will vote on the budget next week.",
        ),
    )
    texts = [c.text for c in candidates([article], SummaryConfig())]
    assert texts == [
        "The port authority approved four new berths on Monday.",
        "Lawmakers will vote on the budget next week.",
    ]
    # A capitalised word joined by a hyphen is not a dateline.
    kept = SummaryInput(
        "d2",
        (
            "US-China trade talks resumed in Geneva on Monday morning.",
            "COVID-19 cases rose sharply in the port city last week.",
        ),
    )
    assert [c.text for c in candidates([kept], SummaryConfig())] == list(kept.sentences)


def test_a_missing_eval_package_is_a_user_error_saying_how_to_install_it(monkeypatch):
    import builtins

    from crosswire.errors import ExtraMissing
    from crosswire.evaluation import multinews

    real_import = builtins.__import__

    def without_rouge(name, *args, **kwargs):
        if name.startswith("rouge_score"):
            raise ModuleNotFoundError(f"No module named {name!r}")
        return real_import(name, *args, **kwargs)

    monkeypatch.setattr(builtins, "__import__", without_rouge)
    with pytest.raises(ExtraMissing, match=r"rouge-score.*eval.*bootstrap\.sh --dev"):
        multinews.rouge_scorer()


# --- no fragment and no page furniture in a summary (texts written for these tests) ----------

FERRY = SummaryInput(
    "f1",
    (
        "Live Briefing: Harbour Ferry Strike",
        "Follow our live briefing for the latest on the ferry strike and the talks.",
        "Your browser doesn't support HTML5 video.",
        "WATCH: Ferry crews walk out at dawn",
        "Ferry crews across the harbour walked off the job on Monday over a pay dispute.",
        "Sign up for our morning newsletter to get the day's top stories in your inbox.",
        "The union's leader told reporters: \"We have waited two years for a fair offer.",
        "We will not wait another winter.",
        'The company has not listened to a single proposal," she said outside the depot.',
        'Commuters queued at the bus stops, where songs such as "Harbour Lights," "Blue Water"',
        "The city council said it would run extra buses until the ferries are back in service.",
        "Ferry Timetable Changes For The Week Ahead Across The Harbour Routes.",
    ),
)
FERRY_REWRITE = SummaryInput(
    "f2",
    (
        "Ferry workers walked off the job across the harbour on Monday in a dispute over pay.",
        "Sign up for Harbour Daily and get breaking news delivered to your inbox every morning.",
        "The council said it would run extra buses until ferry service resumes.",
        '"Thank you to every commuter who has been patient with us," union leader Jane Doe said.',
    ),
)


def test_no_summary_sentence_is_furniture_or_a_fragment():
    from crosswire.extract.furniture import furniture_reason
    from crosswire.text.fragments import fragment_reason

    output = summarize([FERRY, FERRY_REWRITE], encoder=ENCODER, max_words=250)
    texts = [s.text for s in output]
    assert texts, "the articles have real sentences to summarise"
    for text in texts:
        assert fragment_reason(text) is None, text
        assert furniture_reason(text) is None, text
    for furniture in (FERRY.sentences[:4], FERRY.sentences[5], FERRY_REWRITE.sentences[1]):
        for line in (furniture,) if isinstance(furniture, str) else furniture:
            assert line not in texts
    # The cut-off list and the capitalised heading without a verb are left out too.
    assert FERRY.sentences[9] not in texts and FERRY.sentences[11] not in texts
    # An attributed quote with a named speaker is a statement and may be used.
    assert FERRY_REWRITE.sentences[3] in texts


def test_a_quotation_split_by_the_splitter_is_joined_back_into_one_summary_unit():
    from crosswire.analysis.summary import candidates

    texts = [c.text for c in candidates([FERRY], SummaryConfig(max_words=60))]
    whole = " ".join(FERRY.sentences[6:9])
    assert whole in texts
    for piece in FERRY.sentences[6:9]:
        assert piece not in texts
    # Too long for a summary once joined: no piece stands alone instead, not even the middle one
    # that carries no quotation mark.
    short = [c.text for c in candidates([FERRY], SummaryConfig(max_words=20))]
    assert not any(piece in short for piece in FERRY.sentences[6:9])


def test_the_summary_units_keep_their_reading_positions():
    from crosswire.analysis.summary import candidates

    found = candidates([FERRY], SummaryConfig())
    assert [c.position for c in found] == list(range(len(found)))
    assert found[0].text == FERRY.sentences[4]


def test_a_bare_quotation_joins_the_reported_speech_before_it_and_nothing_else():
    from crosswire.analysis.summary import candidates

    article = SummaryInput(
        "q1",
        (
            '"We have waited two years for a fair offer," the union leader said on Monday.',
            '"The crews will stay out until the company comes back to the table."',
            "The ferry company said it would publish a new offer later this week.",
            '"Every route will run again by the weekend, we are confident of it."',
        ),
    )
    texts = [c.text for c in candidates([article], SummaryConfig())]
    assert texts == [" ".join(article.sentences[:2]), article.sentences[2]]


def test_the_eval_split_is_fixed_by_the_first_document_as_the_pile_halves_are():
    from crosswire.evaluation.pile import half_of

    texts = [f"Story {n}: the harbour ferry crews walked out on Monday." for n in range(12)]
    parts = []
    for n, text in enumerate(texts):
        part = multinews.part_of(multinews.Cluster(n, (text, "A second report."), "Summary."))
        moved = multinews.part_of(multinews.Cluster(n + 100, (text,), "Another summary."))
        assert part == moved == half_of(text)
        parts.append(part)
    assert set(parts) == set(multinews.PARTS)
