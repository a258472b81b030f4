"""Attribution cues in a dependency-parsed spaCy ``Doc``: the speech or thought word, who it
belongs to (the grammatical subject) and what was said (its complement).

The verb lists are ours, written from the reporting verbs of English news, then extended with a
few general verbs (refer, talk, speak, decline, refuse) after reading which cues our rules missed
most often on PolNeAR train; dev was only scored.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

#: Verbs of saying that take a clause, a quote or a colon: "X said (that) ...", "... , X said".
SPEECH_VERBS = frozenset(
    """
say tell add write tweet post note explain announce state declare ask reply respond answer
acknowledge admit concede suggest report reveal confirm testify contend assert maintain stress
emphasize emphasise observe remark comment predict promise pledge vow urge recall complain charge
allege boast joke quip conclude continue repeat recount mention indicate signal tout agree counter
retort shout yell exclaim inform assure caution lament muse wonder estimate forecast show find
read argue claim deny insist warn propose demand threaten proclaim question describe call accuse
blame point cite hint speculate advise recommend reiterate clarify disclose complain protest
object swear guarantee brag concur echo posit opine theorize reckon elaborate interject scoff
snap tease whisper mutter chant cry email text message project acknowledge reason explain
preach plead insist inquire add remind demand refer talk speak
""".split()
)

#: Verbs of thought and intention: an attribution only with a clause ("X believes that ...").
THOUGHT_VERBS = frozenset(
    """
believe think know feel expect hope fear worry want doubt consider suspect assume imagine
understand realize realise recognize recognise decide plan intend wish prefer decline refuse
""".split()
)

#: Verbs whose direct object is what was said or stood for ("X denied the report").
OBJECT_CONTENT_VERBS = frozenset(
    """
announce deny claim propose defend criticize criticise praise endorse reject support oppose
condemn denounce dismiss blast slam attack tout demand question dispute acknowledge admit confirm
reveal predict promise pledge threaten mock decry recommend blame cite welcome applaud describe
unveil outline seek favor favour back accuse want rule challenge
""".split()
)

#: Prepositions that introduce what a speech verb was about ("asked about", "referring to");
#: ``to`` and ``for`` only for the verbs listed, elsewhere they name the listener.
_TOPICS = ("about", "of", "on", "against")
TOPIC_PREPOSITIONS = {
    "refer": ("to",),
    "point": ("to",),
    "call": ("for", "on"),
    "ask": ("about", "for"),
    "talk": ("about",),
    "speak": ("about", "of", "on"),
}

#: Things issued that speak for their issuer: "released a statement saying ...".
DOCUMENT_NOUNS = frozenset(
    """
statement letter message post tweet memo email note release ad advertisement video report
op-ed column editorial filing complaint petition
""".split()
)

#: Verbs whose object is the listener, not the message ("told reporters", "asked him").
LISTENER_VERBS = frozenset({"tell", "ask", "inform", "assure", "remind", "urge", "warn", "advise"})

_SUBJECT_DEPS = ("nsubj",)
_INHERIT_DEPS = ("xcomp", "advcl", "conj", "pcomp")


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


def cue_lemma(token) -> str:
    return token.lemma_.lower()


def is_cue_verb(token) -> bool:
    """A verb (not an auxiliary, not an adjective-like participle) from the lists above."""
    if token.pos_ not in ("VERB",) or token.dep_ in ("amod", "compound"):
        return False
    lemma = cue_lemma(token)
    return lemma in SPEECH_VERBS or lemma in THOUGHT_VERBS or lemma in OBJECT_CONTENT_VERBS


def subject_of(verb, quoted: Sequence[tuple[int, int]] = ()) -> int | None:
    """The source's head token: the verb's subject, the agent of a passive, or (for a
    subject-less "..., adding that" or "wants to say") the subject of the verb it hangs on.
    A subject inside ``quoted`` spans is the parser joining a quote to the clause: skipped."""

    def outside(token) -> bool:
        return not any(start <= token.idx < end for start, end in quoted)

    current = verb
    for _ in range(4):
        subjects = [
            child
            for child in current.children
            if child.dep_ in _SUBJECT_DEPS and child.lower_ != "there" and outside(child)
        ]
        if subjects:  # a quote parsed as a second subject is further from the verb
            return min(subjects, key=lambda child: abs(child.i - current.i)).i
        passive = [c for c in current.children if c.dep_ == "nsubjpass" and outside(c)]
        if passive and current is not verb and verb.dep_ == "conj":
            return passive[0].i  # "X was joined on stage by Y and joked" -> X
        for child in current.children:
            if child.dep_ == "agent" and current is verb:
                objects = [g for g in child.children if g.dep_ == "pobj"]
                if objects:
                    return objects[0].i
        if passive and cue_lemma(current) in ("quote", "cite"):
            return passive[0].i  # "Braynard is quoted as saying"
        if any(child.dep_ in ("nsubjpass", "csubj", "expl") for child in current.children):
            return None
        misparsed = _misparsed_subject(current, outside) if current is verb else None
        if misparsed is None and current is verb:
            misparsed = _nearest_noun_before(verb, outside)
        if misparsed is None and current is verb:
            misparsed = _name_after_quote(verb, quoted, outside)
        if misparsed is not None:
            return misparsed
        if current.dep_ == "acl" and current.head.pos_ in ("NOUN", "PROPN"):
            noun = current.head  # "a statement saying ...": the statement's issuer
            if noun.lemma_.lower() in DOCUMENT_NOUNS and noun.head.pos_ == "VERB":
                current = noun.head
                continue
            return noun.i if outside(noun) else None  # "supporters chanting ..."
        if current.head.i != current.i and (
            current.dep_ in _INHERIT_DEPS
            or (current.dep_ == "prep" and current.pos_ == "ADP" and current is not verb)
        ):
            current = current.head  # "tried to laugh it off by interjecting" -> tried
            continue
        return None
    return None


def _misparsed_subject(verb, outside) -> int | None:
    """Parses the small model gets wrong around a speech verb: “...,” Bozell answers (the name
    made a compound of the verb), “...,” added Murphy (the name made its object), and a finite
    verb left with no subject at all ("..., her adviser, Jake Sullivan, said:", the name hung on
    an earlier noun), where the nearest noun before the verb is taken."""
    doc = verb.doc
    before = doc[verb.i - 1] if verb.i > 0 else None
    if (
        before is not None
        and before.head.i == verb.i
        and before.pos_ in ("PROPN", "PRON")
        and before.dep_ in ("compound", "npadvmod", "nmod", "dep", "poss")
    ):
        return before.i
    after = doc[verb.i + 1] if verb.i + 1 < len(doc) else None
    if (
        after is None
        or before is None
        or not _closes_quote(before)
        or cue_lemma(verb) not in SPEECH_VERBS
    ):
        return None
    if cue_lemma(verb) in LISTENER_VERBS and not (cue_lemma(verb) == "ask" and before.text != ","):
        return None  # “...,” told reporters: a listener; but “...?” asked the boy: the asker
    head = after
    while head.head.i != verb.i and head.head.i != head.i and head.head.i > verb.i:
        head = head.head
    if (
        head.head.i == verb.i
        and (head.pos_ in ("PROPN", "NOUN", "PRON") or head.is_title)
        and head.dep_ in ("dobj", "attr", "npadvmod", "dep", "appos", "oprd", "advmod")
    ):
        return head.i
    return _first_name_run(doc, verb.i + 1, min(len(doc), verb.i + 9))


_NOT_SOURCES = ("DATE", "TIME", "GPE", "LOC", "FAC", "CARDINAL", "ORDINAL")


def _first_name_run(doc, start: int, end: int) -> int | None:
    """The last token of the first run of proper nouns in ``doc[start:end]``, stopping at
    punctuation: "said Oversight ranking Democrat Elijah Cummings" -> Cummings."""
    index = start
    while index < end and not doc[index].is_punct:
        token = doc[index]
        if token.pos_ == "PROPN" and token.ent_type_ not in _NOT_SOURCES:
            while index + 1 < end and doc[index + 1].pos_ == "PROPN":
                index += 1
            return index
        index += 1
    return None


def _name_after_quote(verb, quoted: Sequence[tuple[int, int]], outside) -> int | None:
    """“...,” Texas delegate Bill Eastland, wearing a cowboy hat, said: the sentence goes on
    from a closing quote with a person's name, and the verb has no subject of its own. (A
    closing mark lies inside its quote's span, so marks are found by the spans' ends.)"""
    if cue_lemma(verb) not in SPEECH_VERBS:
        return None
    doc = verb.doc
    sentence_start = verb.sent.start
    ends = {end - 1 for _, end in quoted}
    closing = [t.i for t in doc[sentence_start : verb.i] if t.text in ("”", '"') and t.idx in ends]
    for mark in closing:
        for token in doc[mark + 1 : min(mark + 6, verb.i)]:
            if token.ent_type_ in ("PERSON", "ORG") and outside(token):
                entity_end = token.i
                while entity_end + 1 < verb.i and doc[entity_end + 1].ent_iob_ == "I":
                    entity_end += 1
                return entity_end
            if token.is_punct:
                break
    return None


def _has_subject(token, outside) -> bool:
    return any(c.dep_ in ("nsubj", "nsubjpass") and outside(c) for c in token.children)


def _closes_quote(token) -> bool:
    """A closing quote mark, or a comma right after one ("...", added Murphy): the verb after
    it is inverted. A comma after plain words is not ("..., calling him “a disgrace”")."""
    marks = ("”", '"', "’", "'")
    if token.text in marks:
        return True
    return token.text == "," and token.i > 0 and token.doc[token.i - 1].text in marks


def _nearest_noun_before(verb, outside) -> int | None:
    """The noun phrase right before a subject-less finite speech verb, climbed to its top
    ("Brent Bozell III, founder of the Media Research Center, tells" -> Bozell)."""
    if verb.tag_ not in ("VBD", "VBZ", "VBP") or cue_lemma(verb) not in SPEECH_VERBS:
        return None
    if verb.dep_ == "conj" and _has_subject(verb.head, outside):
        return None  # "Trump attacked Clinton, then said ...": the subject comes from "attacked"
    sentence_start = verb.sent.start
    for index in range(verb.i - 1, max(sentence_start, verb.i - 5) - 1, -1):
        token = verb.doc[index]
        if (
            token.is_punct
            or token.is_space
            or token.pos_ in ("ADV", "AUX", "PART")
            or (token.pos_ == "NUM" and token.dep_ == "appos")
        ):
            continue  # "Ramos, 58, told": an age between the name and the verb
        if token.pos_ == "ADJ" and any(c.dep_ == "det" for c in token.children) and outside(token):
            return token.i  # "the 43-year-old asked" (the adjective parsed as the head)
        if token.pos_ not in ("PROPN", "NOUN", "PRON") or not outside(token):
            return None
        if (
            token.ent_type_ in ("PERSON", "ORG")
            and token.dep_ not in ("nsubj", "poss")
            and not (token.dep_ in ("dobj", "pobj", "dative") and _has_subject(token.head, outside))
        ):
            # A name misparsed ("screenwriter Cole Haddon wrote", "Ramos, 58, told"); not the
            # object of a clause that has its own subject ("Obama praised Merkel, said").
            return token.i
        while (
            sentence_start <= token.head.i < verb.i
            and token.head.i != token.i
            and token.dep_ in ("pobj", "prep", "appos", "compound", "poss", "conj")
        ):
            token = token.head
        if token.pos_ in ("PROPN", "NOUN", "PRON") and token.dep_ not in ("dobj", "pobj", "nsubj"):
            return token.i
        return None
    return None


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
        if child.dep_ == "prep" and child.lower_ in TOPIC_PREPOSITIONS.get(lemma, _TOPICS):
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
    """ "according to X, ...": the source is the object of "to", the content the rest of the clause."""
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
    cues = []
    for token in doc:
        if not is_cue_verb(token) or any(start <= token.idx < end for start, end in quoted):
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
                subject_of(token, quoted),
                complement_of(token),
                thought,
                (sentence.start_char, sentence.end_char),
                main=is_main_verb(token),
            )
        )
    cues.extend(
        cue
        for cue in according_to_cues(doc, sentences)
        if not any(start <= cue.start < end for start, end in quoted)
    )
    taken = {cue.token for cue in cues}
    for token in quote_framing_verbs(doc, quoted):
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
                subject_of(token, quoted),
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


def quote_framing_verbs(doc, quoted: Sequence[tuple[int, int]]) -> list:
    """Verbs of any kind in the two frames of a quote: right after it with their subject
    ("“...,” an angry Hollande retaliated", "“...?” asked Trump") and before the colon or comma
    that opens a quoted sentence ("Kasich resisted: “...”", "Trump issued a statement, “...”")."""
    text = doc.text
    by_start = {token.idx: token for token in doc}
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
                    subject = subject_of(token, quoted)
                    if subject is not None and doc[subject].idx >= end:
                        found.append(token)
                    break
        before = text[:start].rstrip()
        if before.endswith((":", ",")) and text[start + 1 : start + 2].isupper():
            colon = _token_at_or_after(doc, by_start, len(before) - 1)
            sentence_start = colon.sent.start if colon is not None else 0
            verbs = [t for t in doc[sentence_start : colon.i] if t.pos_ == "VERB"] if colon else []
            verbs = [t for t in verbs if subject_of(t, quoted) is not None]
            if verbs:
                found.append(verbs[-1])
    return found


def _token_at_or_after(doc, by_start: dict, position: int):
    for offset in range(0, 4):
        token = by_start.get(position + offset)
        if token is not None:
            return token
    return None
