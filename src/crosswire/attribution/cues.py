"""Attribution cues in a dependency-parsed spaCy ``Doc``: the speech or thought word, who it
belongs to (the grammatical subject, found by ``subjects``) and what was said (its complement).
The word lists are in ``verbs``.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from crosswire.attribution.speakers import SpanIndex
from crosswire.attribution.subjects import subject_of
from crosswire.attribution.verbs import (
    LISTENER_VERBS,
    OBJECT_CONTENT_VERBS,
    SPEECH_VERBS,
    THOUGHT_VERBS,
    TOPIC_PREPOSITIONS,
    TOPICS,
    cue_lemma,
    is_cue_verb,
)


@dataclass(frozen=True)
class Cue:
    """A cue and its arguments as token indices / character spans of the parsed text."""

    start: int
    end: int
    text: str
    token: int  # the head token of the cue (verb, or "according")
    subject: int | None  # token index of the source's head, when there is one
    complement: tuple[int, int] | None  # character span of what was said, when the parse gives it
    thought: bool = False  # a verb of thought or intention rather than of saying
    sentence: tuple[int, int] = (0, 0)  # character span of the cue's sentence
    #: False for a verb outside the lists that frames a quote ("“...,” Oliver barked"): such a
    #: cue introduces that quote only, never reported speech.
    lexical: bool = True
    #: The cue is its sentence's main verb (or joined to it), not buried in a relative or
    #: adverbial clause ("a term Rubio has used to describe").
    main: bool = True


def _span(tokens) -> tuple[int, int] | None:
    tokens = [t for t in tokens if not t.is_space]
    while tokens and (tokens[0].is_punct and tokens[0].text not in '"“”'):
        tokens = tokens[1:]
    while tokens and (tokens[-1].is_punct and tokens[-1].text not in '"“”'):
        tokens = tokens[:-1]
    if not tokens:
        return None
    return tokens[0].idx, tokens[-1].idx + len(tokens[-1].text)


def complement_of(verb) -> tuple[int, int] | None:
    """What the cue verb reports: its clause ("said (that) ..."), its object for verbs like
    "deny", the listener and the request ("urged voters to ..."), the topic ("asked about ...",
    "referring to ..."), or, for a cue hung on the clause it reports ("..., she said" and "X,
    they said, did Y"), the rest of that clause."""
    lemma = cue_lemma(verb)
    children = list(verb.children)
    objects = [c for c in children if c.dep_ in ("dobj", "attr", "dative")]
    for child in children:
        if child.dep_ == "ccomp":
            return _span(list(child.subtree))
        if child.dep_ == "xcomp":
            if lemma in LISTENER_VERBS and objects and objects[0].i < child.i:
                return _span(list(objects[0].subtree) + list(child.subtree))
            if lemma in SPEECH_VERBS and lemma not in OBJECT_CONTENT_VERBS:
                continue  # "continued to argue": the cue is the inner verb
            return _span(list(child.subtree))
    if lemma in OBJECT_CONTENT_VERBS and lemma not in LISTENER_VERBS and objects:
        tokens = list(objects[0].subtree)
        for child in children:  # "accused X of Y", "called X Y"
            if (
                child.i > objects[0].i
                and child.dep_ in ("prep", "oprd")
                and (child.lower_ == "of" or child.dep_ == "oprd")
            ):
                tokens += list(child.subtree)
        return _span(sorted(tokens, key=lambda t: t.i))
    for child in children:
        if child.dep_ == "prep" and child.lower_ in TOPIC_PREPOSITIONS.get(lemma, TOPICS):
            objects_of = [g for g in child.children if g.dep_ in ("pobj", "pcomp")]
            if objects_of:
                return _span(list(objects_of[0].subtree))
    if verb.dep_ in ("parataxis", "ccomp") and verb.head.i != verb.i and not _reported_by(verb):
        own = {t.i for t in verb.subtree}
        rest = [t for t in verb.head.subtree if t.i not in own]
        if verb.head.i > verb.i:  # "X, they said, did Y": keep what follows the cue too
            return _span(rest)
        return _span([t for t in rest if t.i < verb.i])
    return None


def _reported_by(verb) -> bool:
    """The verb is what an earlier cue with a subject reports ("officials said work would
    continue"), so it is no frame hung on that clause."""
    head = verb.head
    return (
        verb.dep_ == "ccomp"
        and head.i < verb.i
        and is_cue_verb(head)
        and any(child.dep_ == "nsubj" for child in head.children)
    )


def _cue_text(verb) -> str:
    """The cue's words: the verb and an adjacent particle ("point out")."""
    particles = [c for c in verb.children if c.dep_ == "prt" and c.i == verb.i + 1]
    return verb.text_with_ws + particles[0].text if particles else verb.text


def _cue_span(verb) -> tuple[int, int]:
    end_token = verb
    for child in verb.children:
        if child.dep_ == "prt" and child.i == end_token.i + 1:
            end_token = child
    return verb.idx, end_token.idx + len(end_token.text)


def sentence_spans(doc) -> list:
    """The sentence (a spaCy ``Span``) of every token, computed once (``token.sent`` walks the
    whole document on every call)."""
    of_token: list = [None] * len(doc)
    for sentence in doc.sents:
        for index in range(sentence.start, sentence.end):
            of_token[index] = sentence
    return of_token


def according_to_cues(doc, sentences: list | None = None) -> list[Cue]:
    """ "according to X, ...": the source is the object of "to", the content the rest of the
    clause."""
    sentences = sentences or sentence_spans(doc)
    cues = []
    for token in doc:
        if (
            token.lower_ != "according"
            or token.i + 1 >= len(doc)
            or doc[token.i + 1].lower_ != "to"
        ):
            continue
        to = doc[token.i + 1]
        objects = [c for c in to.children if c.dep_ == "pobj"] or [
            c for c in token.children if c.dep_ == "pobj"
        ]
        source = objects[0].i if objects else None
        phrase = {t.i for t in token.subtree} | {t.i for t in to.subtree}
        head = token.head if token.head.i != token.i else token
        sentence = sentences[token.i]
        rest = [t for t in (head.subtree if head is not token else sentence) if t.i not in phrase]
        rest = [t for t in rest if sentence.start <= t.i < sentence.end]
        if rest and min(phrase) > rest[0].i:
            rest = [t for t in rest if t.i < min(phrase)]
        elif rest:
            rest = [t for t in rest if t.i > max(phrase)]
        cues.append(
            Cue(
                token.idx,
                to.idx + len(to.text),
                f"{token.text_with_ws}{to.text}",
                token.i,
                source,
                _span(rest),
                False,
                (sentence.start_char, sentence.end_char),
            )
        )
    return cues


def find_cues(doc, quoted: Sequence[tuple[int, int]] = ()) -> list[Cue]:
    """Every cue verb (with its subject and complement) and every "according to" in ``doc``,
    leaving out cues inside ``quoted`` spans (they are the quoted speaker's own words)."""
    sentences = sentence_spans(doc)
    quoted_index = SpanIndex(quoted)
    cues = []
    for token in doc:
        if not is_cue_verb(token) or token.idx in quoted_index:
            continue
        start, end = _cue_span(token)
        lemma = cue_lemma(token)
        thought = lemma in THOUGHT_VERBS and lemma not in SPEECH_VERBS
        sentence = sentences[token.i]
        cues.append(
            Cue(
                start,
                end,
                _cue_text(token),
                token.i,
                subject_of(token, quoted_index),
                complement_of(token),
                thought,
                (sentence.start_char, sentence.end_char),
                main=is_main_verb(token),
            )
        )
    cues.extend(cue for cue in according_to_cues(doc, sentences) if cue.start not in quoted_index)
    taken = {cue.token for cue in cues}
    for token in quote_framing_verbs(doc, quoted, quoted_index):
        if token.i in taken:
            continue
        taken.add(token.i)
        start, end = _cue_span(token)
        sentence = sentences[token.i]
        cues.append(
            Cue(
                start,
                end,
                _cue_text(token),
                token.i,
                subject_of(token, quoted_index),
                None,
                False,
                (sentence.start_char, sentence.end_char),
                lexical=False,
                main=is_main_verb(token),
            )
        )
    return sorted(cues, key=lambda cue: cue.start)


def is_main_verb(token) -> bool:
    """The sentence's root, or a verb joined to it ("said ... and added"), or a participle
    hanging on it ("..., adding")."""
    if token.dep_ == "ROOT":
        return True
    return token.dep_ in ("conj", "advcl", "parataxis", "ccomp") and token.head.dep_ == "ROOT"


def quote_framing_verbs(
    doc, quoted: Sequence[tuple[int, int]], quoted_index: SpanIndex | None = None
) -> list:
    """Verbs of any kind in the two frames of a quote: right after it with their subject
    ("“...,” an angry Hollande retaliated", "“...?” asked Trump") and before the colon or comma
    that opens a quoted sentence ("Kasich resisted: “...”", "Trump issued a statement, “...”")."""
    text = doc.text
    by_start = {token.idx: token for token in doc}
    index = SpanIndex(quoted) if quoted_index is None else quoted_index
    found = []
    for start, end in quoted:
        # “...,” X said / “...?” X asked; after “... .” a new sentence begins.
        last = text[start:end].rstrip("”\"' \n")[-1:]
        following = _token_at_or_after(doc, by_start, end) if last in ",?!—–-…" else None
        if following is not None:
            window = [t for t in doc[following.i : following.i + 7]]
            for token in window:
                if (token.is_punct and token.text in '.;!?"“”') or "\n" in token.text:
                    break
                if token.pos_ == "VERB" and token.dep_ in ("ROOT", "ccomp", "parataxis", "conj"):
                    subject = subject_of(token, index)
                    if subject is not None and doc[subject].idx >= end:
                        found.append(token)
                    break
        # Where the text before the quote ends, spaces left out (not ``text[:start].rstrip()``:
        # copying the text before each quote was quadratic in the number of quotes).
        before = start
        while before > 0 and text[before - 1].isspace():
            before -= 1
        if text[before - 1 : before] in (":", ",") and text[start + 1 : start + 2].isupper():
            colon = _token_at_or_after(doc, by_start, before - 1)
            sentence_start = colon.sent.start if colon is not None else 0
            verbs = [t for t in doc[sentence_start : colon.i] if t.pos_ == "VERB"] if colon else []
            verbs = [t for t in verbs if subject_of(t, index) is not None]
            if verbs:
                found.append(verbs[-1])
    return found


def _token_at_or_after(doc, by_start: dict, position: int):
    for offset in range(0, 4):
        token = by_start.get(position + offset)
        if token is not None:
            return token
    return None
