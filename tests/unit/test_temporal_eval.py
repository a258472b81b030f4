"""The TimeML evaluation protocol: lenient values, the fixed tuning/check split, SemEval-style
files (sentences as ``<s>`` elements, DCT only) and the timeline-anchor proxy. All documents
here are written for these tests."""

import datetime as dt

import pytest

from crosswire.evaluation import timeml
from crosswire.temporal.expressions import TemporalExpression

pytestmark = pytest.mark.unit


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("1968-XX", "1968"),
        ("1968-XX-XX", "1968"),
        ("2000-W7", "2000-W07"),
        ("2000-W7-WE", "2000-W07-WE"),
        ("2000-W07", "2000-W07"),
        ("2000-01-05TEV", "2000-01-05"),
        ("2000-01-05TMO", "2000-01-05"),
        ("2000-01-05", "2000-01-05"),
        ("XXXX-05", "XXXX-05"),
        ("PAST_REF", "PAST_REF"),
        ("199", "199"),
    ],
)
def test_lenient_equalises_the_three_annotation_conventions_and_nothing_else(value, expected):
    assert timeml.lenient(value) == expected


def test_the_split_is_fixed_by_the_name_and_puts_about_a_third_in_the_check_part():
    names = [f"doc{i:04d}" for i in range(900)]
    parts = [timeml.split_of(n) for n in names]
    assert parts == [timeml.split_of(n) for n in names]
    assert set(parts) == {"tuning", "check"}
    assert 250 < parts.count("check") < 350


TIMEBANK_STYLE = """<?xml version="1.0"?>
<TimeML><DCT><TIMEX3 tid="t0" type="DATE" value="2004-03-10">March 10, 2004</TIMEX3></DCT>
<TEXT>The mill closed <TIMEX3 tid="t1" type="DATE" value="2004-03-08">Monday</TIMEX3> and
will reopen in <TIMEX3 tid="t2" type="DATE" value="2004-W12">the week of the 15th</TIMEX3>,
a spokesman said <TIMEX3 tid="t3" type="DATE" value="2004-03-10TMO">this morning</TIMEX3>.
It ran for <TIMEX3 tid="t4" type="DURATION" value="P3Y">three years</TIMEX3>.</TEXT></TimeML>
"""

SEMEVAL_STYLE = """<?xml version="1.0"?>
<TimeML><DOCID>4321</DOCID>
<DCT><TIMEX3 tid="t0" type="DATE" value="2004-03-10">2004-03-10</TIMEX3></DCT>
<TEXT><s id="0">Ferry line opens new route</s><s id="1">March 10 , 2004</s><s id="2">The ferry \
first sailed on June 2 , 1999 .</s><s id="3">It will sail to the islands next week .</s></TEXT>
</TimeML>
"""

TIMELINE = (
    "Ferry\n1\t1999-06-02\t4321-2-sailed\n2\t2004-03-10\t4321-0-opens\n3\t2004-W12\t4321-3-sail\n"
)


def test_a_timebank_style_file_keeps_the_itertext_protocol_and_scores_strict_and_lenient(
    tmp_path,
):
    (tmp_path / "mill.tml").write_text(TIMEBANK_STYLE)
    [doc] = timeml.load_corpus(tmp_path)
    assert doc.published == dt.date(2004, 3, 10)
    assert doc.text.startswith("The mill closed Monday and\nwill reopen")
    assert [g.value for g in doc.dates] == ["2004-03-08", "2004-W12", "2004-03-10TMO"]

    def resolver(text: str, published: dt.date) -> list[TemporalExpression]:
        def at(word: str, value: str) -> TemporalExpression:
            start = text.index(word)
            return TemporalExpression(start, start + len(word), word, value, "day", "test")

        return [at("Monday", "2004-03-08"), at("week", "2004-W12"), at("morning", "2004-03-10")]

    report, rows = timeml.score([doc], resolver)
    assert (report.all.gold, report.all.correct, report.all.correct_lenient) == (3, 2, 3)
    assert report.all.recall == 1.0
    assert len(rows) == 3
    part = timeml.split_of("mill")
    assert report.parts[part].gold == 3
    assert report.parts[{"tuning": "check", "check": "tuning"}[part]].gold == 0


def test_semeval_style_files_load_once_with_sentences_apart_and_timelines_give_anchors(tmp_path):
    for folder in ("trackA_TimeML", "trackB_TimeML"):
        (tmp_path / folder).mkdir()
        (tmp_path / folder / "4321_Ferry_line_opens.tml").write_text(SEMEVAL_STYLE)
    # A shorter copy of the same document (same id, another name, title sentence dropped).
    untitled = SEMEVAL_STYLE.replace('<s id="0">Ferry line opens new route</s>', "")
    (tmp_path / "trackA_TimeML" / "4321_Ferry.tml").write_text(untitled)
    (tmp_path / "TimeLines_Gold").mkdir()
    (tmp_path / "TimeLines_Gold" / "ferry.txt").write_text(TIMELINE)

    documents = timeml.load_corpus(tmp_path)
    assert [d.name for d in documents] == ["4321_Ferry_line_opens"]
    [doc] = documents
    assert "route\nMarch 10 , 2004\nThe ferry" in doc.text
    assert not doc.dates
    sentence = {sid: doc.text[start:end] for sid, start, end in doc.sentences}
    assert sentence["2"] == "The ferry first sailed on June 2 , 1999 ."

    anchors = timeml.timeline_anchors(tmp_path, documents)
    # The entry dated as the DCT is left out: no expression is needed to date it.
    assert anchors == {
        ("4321_Ferry_line_opens", "2", "1999-06-02"),
        ("4321_Ferry_line_opens", "3", "2004-W12"),
    }
    report = timeml.evaluate(tmp_path)
    assert report.all.gold == 0
    assert report.anchors is not None
    # "June 2 , 1999" (tokenised comma) and "next week" both resolve to the timeline's dates.
    assert (report.anchors.anchors, report.anchors.matched, report.anchors.in_sentence) == (
        2,
        2,
        2,
    )


def test_a_folder_without_tml_files_fails_with_a_hint(tmp_path):
    with pytest.raises(timeml.TimeBankMissing, match="semeval2015"):
        timeml.load_corpus(tmp_path)
