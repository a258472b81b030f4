"""Which cue, signature or earlier speaker a quote belongs to.

Tried in this order by ``crosswire.attribution.quotes``: a dash signature (“...” ― Name); a cue in a
sentence the quote touches; a name and colon before it (Trump: “...”, From the report: “...”);
a transcript label inside it ("PENCE: ..."); the speaker of the quote it continues; the cue of
the sentence just before it.
"""

from __future__ import annotations

import re

from crosswire.attribution.context import ArticleContext, Speaker, speaker_of
from crosswire.attribution.cues import Cue
from crosswire.attribution.marks import QuotedSpan
from crosswire.attribution.speakers import (
    FEMALE_TITLES,
    MALE_TITLES,
    ORGANISATION_NOUNS,
    PERSON_TITLES,
)
from crosswire.attribution.subjects import subject_of
from crosswire.attribution.verbs import DOCUMENT_NOUNS, cue_lemma, is_cue_verb

Span_ = tuple[int, int]


def holds(cue: Cue, quote: QuotedSpan) -> bool:
    """The cue's complement contains the quote."""
    complement = cue.complement
    return (
        complement is not None and complement[0] <= quote.start and complement[1] >= quote.end - 1
    )


def quote_cue(context: ArticleContext, quote: QuotedSpan, cues: list[Cue]) -> Cue | None:
    """The cue a quote belongs to: the best-ranked cue in a sentence the quote touches (or just
    after a quote ending in ?/!), else the cue before a colon that opens it ("X said:")."""
    text = context.text
    touching = [
        cue
        for cue in cues
        if cue.sentence[0] < quote.end
        and cue.sentence[1] > quote.start
        and _in_quote_paragraphs(text, quote, cue.start)
        and not _starts_new_attribution(text, quote, cue)
    ]
    if not touching:
        touching = _cues_just_after(context, quote, cues)
    if touching:
        return min(touching, key=lambda cue: cue_rank(quote, cue))
    before = text[: quote.start].rstrip()
    if before.endswith(":"):
        colon = len(before) - 1
        earlier = [cue for cue in cues if cue.end <= colon and cue.sentence[1] >= colon - 1]
        if earlier:
            return earlier[-1]
    return None


def cue_rank(quote: QuotedSpan, cue: Cue) -> tuple:
    """Sort key for the cues near a quote, best first: a cue whose complement holds the quote,
    one with a subject, the sentence's main verb, the nearest, after the quote before before
    it. (Preferring cues right next to the quote, or not reporting something else, measured no
    better on PolNeAR train: 0.905 against 0.907 direct speaker accuracy at the time.)"""
    after = cue.start >= quote.end
    gap = cue.start - quote.end if after else quote.start - cue.end
    return (not holds(cue, quote), cue.subject is None, not cue.main, abs(gap), not after)


def _starts_new_attribution(text: str, quote: QuotedSpan, cue: Cue) -> bool:
    """“... not true.” He said Clinton ...: a cue after a finished quoted sentence that reports
    a clause of its own starts a new attribution (the parser often joins the two sentences)."""
    return (
        cue.start >= quote.end
        and cue.complement is not None
        and cue.complement[0] >= quote.end
        and _last_mark(text, quote) == "."
    )


def _last_mark(text: str, quote: QuotedSpan) -> str:
    """The last character inside the quote: “...,” gives "," and “...?” gives "?"."""
    return text[quote.start : quote.end].rstrip("”\"'‘’ \n")[-1:]


def _cues_just_after(context: ArticleContext, quote: QuotedSpan, cues: list[Cue]) -> list[Cue]:
    """Cues opening the sentence right after a quote that the parser cut off from it: a quote
    ending in ?, ! or a comma (“... ?” he asks. / “...!” Clinton said after the meeting.), or a
    full stop followed by a bare signature sentence (“... missing.” Trump said.). The words
    between quote and cue are at most five, or the cue's own subject phrase ("Miller, a retired
    worker from a nuclear plant, said")."""
    text = context.text
    rest = text[quote.end : quote.end + 80]
    mark = _last_mark(text, quote)
    if not rest[:1].isspace() or "\n" in rest[:2] or mark not in ("?", "!", ",", "."):
        return []
    near = []
    for cue in cues:
        gap = text[quote.end : cue.start]
        if (
            not quote.end < cue.start <= quote.end + 120
            or "\n" in gap
            or any(stop in _without_abbreviations(gap) for stop in '.?!;"“”')
        ):
            continue
        if mark == "." and not _bare_signature(context, cue):
            continue
        if len(gap.split()) <= 5 or _subject_fills_gap(context, quote, cue):
            near.append(cue)
    return near


def _without_abbreviations(words: str) -> str:
    """``words`` less parentheses and abbreviation stops ("Rep. Jim McDermott (D-Wash.)")."""
    words = re.sub(r"\([^()]*\)", "", words)
    return re.sub(r"\b(?:[A-Z][a-z]{0,3}|[A-Z](?:\.[A-Z])+)\.", "", words)


#: Verbs that sign a quote on their own in a sentence after it ("Trump said.", "she wrote").
SIGNATURE_VERBS = frozenset(
    {
        "say",
        "write",
        "add",
        "tell",
        "tweet",
        "post",
        "state",
        "explain",
        "continue",
        "conclude",
        "note",
        "recall",
    }
)


def _bare_signature(context: ArticleContext, cue: Cue) -> bool:
    """The cue's sentence only signs the quote before it: "Trump said." / "Weaver said
    Tuesday." / "she told reporters." — a saying verb with no object (but a listener), no
    clause, no negation ("Jones said nothing", "Jones agreed", "Jones responded angrily" are
    sentences of their own)."""
    if cue.complement is not None and cue.complement[0] >= cue.end:
        return False
    verb = context.doc[cue.token]
    lemma = cue_lemma(verb)
    if lemma not in SIGNATURE_VERBS:
        return False
    for child in verb.children:
        if child.dep_ in ("neg", "ccomp", "xcomp", "advcl") or (
            child.dep_ == "dobj" and lemma != "tell"
        ):
            return False
    return len(context.text[cue.end : cue.sentence[1]].split()) <= 4


def _subject_fills_gap(context: ArticleContext, quote: QuotedSpan, cue: Cue) -> bool:
    """The words between the quote and the cue are the cue's subject and what hangs on it."""
    if cue.subject is None:
        return False
    subject = context.doc[cue.subject]
    start = min(token.idx for token in subject.subtree)
    return not context.text[quote.end : start].strip(" ,\u00a0")


def _in_quote_paragraphs(text: str, quote: QuotedSpan, position: int) -> bool:
    """``position`` lies in one of the paragraphs the quote runs through."""
    start = text.rfind("\n", 0, quote.start) + 1
    end = text.find("\n", quote.end)
    return start <= position < (end if end >= 0 else len(text))


def label_from_colon(context: ArticleContext, quote: QuotedSpan) -> Speaker | None:
    """Headline style "Trump: “...”": a name and a colon right before the quote (anywhere in a
    short line, or ending at the colon in a longer one); also "From the report: “...”"."""
    text = context.text
    line_start = text.rfind("\n", 0, quote.start) + 1
    before = text[line_start : quote.start].rstrip()
    if not before.endswith(":"):
        return None
    colon = line_start + len(before) - 1
    origin = re.search(r"\bFrom ((?:the |a |an )?[^:.;]{2,60})$", before[:-1])
    if origin:
        start, end = line_start + origin.start(1), line_start + origin.end(1)
        named = [
            m for m in context.mentions if start <= m.start < end and m.label in ("PERSON", "ORG")
        ]
        if named:
            return Speaker((start, end), named[0].text, (named[0].start, named[0].end))
        return Speaker((start, end), origin.group(1), (start, end))
    for mention in context.mentions:
        if mention.label not in ("PERSON", "ORG") or not line_start <= mention.start < colon:
            continue
        if _is_object(context, mention.start, mention.end):
            continue  # "He said of Congress:", "Osuna told The Huffington Post:": the listener
        if len(before) <= 60 or not text[mention.end : colon].strip():
            return Speaker((mention.start, mention.end), mention.text, (mention.start, mention.end))
    return None


def _is_object(context: ArticleContext, start: int, end: int) -> bool:
    """The name is the listener or the topic of a speech word in the parse ("He said of
    Congress:", "Osuna told The Huffington Post:", "a blunt message to Trump:"), not a label.
    A name right after a dash stays a label ("Pollsters agree - Carl Bialik:")."""
    if context.text[:start].rstrip().endswith(("-", "―", "—", "–")):
        return False
    span = context.doc.char_span(start, end, alignment_mode="expand")
    if span is None:
        return False
    root = span.root
    if root.dep_ in ("dobj", "dative", "iobj"):
        governor = root.head
    elif root.dep_ == "pobj" and root.head.dep_ == "prep":
        governor = root.head.head
    else:
        return False
    return is_cue_verb(governor) or cue_lemma(governor) in DOCUMENT_NOUNS


#: "― Name" after a quote: one to four capitalised words, then a comma, stop or line end.
_SIGNATURE = re.compile(
    r"[-―—–]\s?(?!(?:The|A|An|This|That|He|She|It|They|We|I)\b)"
    r"((?:[A-Z][\w.'’-]*\s?){1,4})(?=[,.\n]|$)"
)


def label_from_dash(context: ArticleContext, quote: QuotedSpan) -> tuple[Speaker, int] | None:
    """A quote signed with a dash and a name, on its line or the next: “...” ― Jorge Falcon.
    Returns the speaker and the dash's offset."""
    text = context.text
    after = text[quote.end : quote.end + 8]
    position = quote.end + len(after) - len(after.lstrip(" .,\u00a0\n"))
    if position >= len(text) or text[position] not in "―—–-":
        return None
    for mention in context.mentions:
        if position < mention.start <= position + 3 and mention.label in ("PERSON", "ORG"):
            return Speaker(
                (mention.start, mention.end), mention.text, (mention.start, mention.end)
            ), position
    name = _SIGNATURE.match(text[position : position + 60])
    if name:
        start = position + name.start(1)
        end = start + len(name.group(1).rstrip())
        return Speaker((start, end), text[start:end], (start, end)), position
    return None


def label_from_transcript(quote: QuotedSpan, text: str) -> Speaker | None:
    """A transcript line inside quotes: "PENCE: And that's why ..."."""
    match = re.match(r"[\"“”]\s*([A-Z][A-Z.'’ -]{1,30}[A-Z.]):\s", text[quote.start : quote.end])
    if match is None:
        return None
    start, end = quote.start + match.start(1), quote.start + match.end(1)
    return Speaker((start, end), match.group(1), (start, end))


def continues(
    context: ArticleContext,
    previous_end: int,
    previous_cue: int | None,
    previous: Speaker,
    quote: QuotedSpan,
    cues: list[Cue],
) -> bool:
    """The quote goes on from the previous quote (which ended at ``previous_end``): in the same
    paragraph, or opening the next one, with no main-clause cue of another speaker between."""
    text = context.text
    if previous.source is None and previous.name is None:
        return False
    paragraph_of_previous = context.paragraph_of(previous_end - 1)
    paragraph_of_quote = context.paragraph_of(quote.start)
    if paragraph_of_quote - paragraph_of_previous > 1:
        return False
    if (
        paragraph_of_quote != paragraph_of_previous
        and text[text.rfind("\n", 0, quote.start) + 1 : quote.start].strip()
    ):
        return False
    for cue in cues:
        if (
            not previous_end <= cue.start < quote.start
            or cue.start == previous_cue
            or not cue.main
            or cue.subject is None
        ):
            continue
        subject = context.doc[cue.subject].idx
        if previous.source is not None and previous.source[0] <= subject < previous.source[1]:
            continue
        other = speaker_of(context, cue.subject, (cue.start, cue.end))
        if other.name is None or other.name != previous.name:
            return False
    return True


def cue_of_previous_sentence(
    context: ArticleContext, quote: QuotedSpan, cues: list[Cue]
) -> Cue | None:
    """A quote standing as its own sentence after one that names a speaker ("Clinton touted
    her record. “We need ...”"): the main (else last) speech cue with a subject in the
    sentence just before, in the same paragraph."""
    text = context.text
    earlier = [s for s in context.sentences if s[1] <= quote.start + 1]
    if not earlier:
        return None
    sentence = earlier[-1]
    if "\n" in text[sentence[1] : quote.start] or text[sentence[1] : quote.start].strip():
        return None
    candidates = [
        cue
        for cue in cues
        if cue.sentence == sentence and cue.subject is not None and not cue.thought and cue.lexical
    ]
    main = [cue for cue in candidates if cue.main]
    return (main or candidates)[-1] if candidates else None


def is_speech(text: str, quote: QuotedSpan) -> bool:
    """A quote that reads like speech rather than a title, a nickname or a scare quote."""
    inner = quote.inner(text)
    words = inner.split()
    if len(words) >= 6:
        return True
    return len(words) >= 2 and inner[:1].isupper() and inner.rstrip('”"')[-1:] in ",.?!…"


def share(text: str, inner: Span_, outer: Span_) -> float:
    """The part of ``outer``'s non-space characters that ``inner`` covers."""
    covered = text[max(inner[0], outer[0]) : min(inner[1], outer[1])]
    whole = text[outer[0] : outer[1]]
    return len("".join(covered.split())) / max(1, len("".join(whole.split())))


def reporting_speaker(
    context: ArticleContext, cue: Cue, cues: list[Cue], speaker: Speaker
) -> Speaker:
    """ "Bolton said he would advise Trump on “...”": the cue's subject is a pronoun inside the
    complement of a cue whose named subject that pronoun stands for. Both name one speaker, and
    the outer cue's name is the source as written; otherwise ``speaker`` as it is."""
    if cue.subject is None or context.doc[cue.subject].pos_ != "PRON" or speaker.name is None:
        return speaker
    for outer in cues:
        if (
            outer is cue
            or outer.subject is None
            or outer.complement is None
            or not outer.complement[0] <= cue.start < outer.complement[1]
            or context.doc[outer.subject].pos_ == "PRON"
        ):
            continue
        other = speaker_of(context, outer.subject, outer.complement)
        if other.name is not None and other.name_span == speaker.name_span:
            return other
    return speaker


def framing_verb(context: ArticleContext, quote: QuotedSpan):
    """ "Washington thanked Obama for “taking these steps ...”", "He offered “my thoughts and
    prayers ...”": a quote no cue reports, held in the predicate of a verb before it whose
    subject comes before the quote too. The subject is the one whose words are quoted, as a
    reader takes it. Returns the verb token and the subject's token index, or ``None``."""
    doc = context.doc
    span = doc.char_span(quote.start, quote.end, alignment_mode="expand")
    if span is None or _title_case(quote.inner(context.text)):
        return None
    token = span.root
    for _ in range(6):
        head = token.head
        if head.i == token.i or quote.start <= head.idx < quote.end:
            if head.i == token.i:
                return None
            token = head
            continue
        if head.pos_ in ("VERB", "AUX") and head.idx < quote.start:
            subject = subject_of(head, context.quote_spans)
            if subject is None or doc[subject].idx >= quote.start or not _agent(doc[subject]):
                return None
            return head, subject
        token = head
    return None


_AGENT_NOUNS = PERSON_TITLES | MALE_TITLES | FEMALE_TITLES | ORGANISATION_NOUNS


def _agent(token) -> bool:
    """A subject that can speak: a name, a personal pronoun, or a person's or organisation's
    title ("the senator", "the campaign"); not "the music" or "his guilty pleasure"."""
    if token.ent_type_ in ("PERSON", "ORG", "NORP") or token.pos_ == "PROPN":
        return True
    if token.pos_ == "PRON":
        return token.lower_ in ("he", "she", "they", "we")
    return token.lower_ in _AGENT_NOUNS or token.lemma_.lower() in _AGENT_NOUNS


_TITLE_LINKS = frozenset("a an and at by for from in of on or the to with".split())


def _title_case(words: str) -> bool:
    """A short quote whose every word but the small links is capitalised is a title or a
    slogan ("The Nightly Show with Larry Wilmore", "Make America Great Again"), not someone's
    words."""
    found = re.findall(r"[^\W\d_][\w'’-]*", words)
    content = [word for word in found if word.lower() not in _TITLE_LINKS]
    return 0 < len(found) <= 8 and bool(content) and all(word[0].isupper() for word in content)


#: Nouns for something said: their owner said the quote they introduce ("Clinton's response
#: was: “...”", "her comment that “...”").
WORDS_NOUNS = frozenset(
    """
comment remark response reply answer words quote statement slogan message promise claim
demand question motto line
""".split()
)


def owner_of_words(context: ArticleContext, quote: QuotedSpan) -> int | None:
    """The owner of a noun for something said, written just before a quote no cue reports:
    "her March comment that, “...”", "Clinton's response was: “...”". The owner is a name or
    "her"; the noun is at most six words before the quote, in its sentence."""
    doc = context.doc
    span = doc.char_span(quote.start, quote.end, alignment_mode="expand")
    if span is None:
        return None
    sentence = doc[span.start].sent
    for token in reversed(doc[max(sentence.start, span.start - 7) : span.start]):
        if token.pos_ != "NOUN" or token.lemma_.lower() not in WORDS_NOUNS:
            continue
        for child in token.children:
            if child.dep_ == "poss" and (
                child.ent_type_ in ("PERSON", "ORG")
                or child.pos_ == "PROPN"
                or child.lower_ == "her"
            ):
                return child.i
        return None
    return None
