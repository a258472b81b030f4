"""Who a cue belongs to in the parse: the subject of a speech or thought verb, the agent of a
passive, the issuer of a document, or the name the small parser attached elsewhere ("“...,”
added Murphy", "Ramos, 58, told")."""

from __future__ import annotations

from collections.abc import Sequence

from crosswire.attribution.speakers import SpanIndex, inside
from crosswire.attribution.verbs import DOCUMENT_NOUNS, LISTENER_VERBS, SPEECH_VERBS, cue_lemma

_SUBJECT_DEPS = ("nsubj",)
_INHERIT_DEPS = ("xcomp", "advcl", "conj", "pcomp")


def subject_of(verb, quoted: Sequence[tuple[int, int]] | SpanIndex = ()) -> int | None:
    """The source's head token: the verb's subject, the agent of a passive, or (for a
    subject-less "..., adding that" or "wants to say") the subject of the verb it hangs on.
    A subject inside ``quoted`` spans is the parser joining a quote to the clause: skipped."""

    def outside(token) -> bool:
        return not inside(token.idx, quoted)

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
            sender = _sending_verb(noun)
            if sender is not None:
                current = sender  # "emailed supporters saying", "sent a text to voters saying"
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
    previous = verb.i - 1
    while previous >= 0 and doc[previous].is_space:
        previous -= 1  # “...,”\xa0added Gowdy: a space token between the mark and the verb
    before = doc[previous] if previous >= 0 else None
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
        or (cue_lemma(verb) not in SPEECH_VERBS and verb.tag_ not in ("VBD", "VBZ"))
    ):
        return None  # “...,” exhorted Clinton's introducer: any finite verb frames it
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


def _name_after_quote(verb, quoted: Sequence[tuple[int, int]] | SpanIndex, outside) -> int | None:
    """“...,” Texas delegate Bill Eastland, wearing a cowboy hat, said: the sentence goes on
    from a closing quote with a person's name, and the verb has no subject of its own. (A
    closing mark lies inside its quote's span, so marks are found by the spans' ends.)"""
    if cue_lemma(verb) not in SPEECH_VERBS:
        return None
    doc = verb.doc
    sentence_start = verb.sent.start
    ends = quoted.last_positions if isinstance(quoted, SpanIndex) else {e - 1 for _, e in quoted}
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
        described = _noun_of_relative_clause(token, sentence_start, verb.i)
        if described is not None and outside(described):
            return described.i  # "an intelligence source, who was not authorized ..., told"
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


def _noun_of_relative_clause(token, sentence_start: int, verb_index: int):
    """The noun a relative clause ending right before a subject-less verb hangs on ("Kunin,
    who has been critical of Sanders, said" -> Kunin), or ``None``."""
    clause = token
    while (
        clause.dep_ != "relcl"
        and clause.head.i != clause.i
        and sentence_start <= clause.head.i < verb_index
    ):
        clause = clause.head
    noun = clause.head
    if (
        clause.dep_ == "relcl"
        and sentence_start <= noun.i < clause.i
        and noun.pos_ in ("NOUN", "PROPN")
        and noun.dep_ not in ("dobj", "pobj", "dative")
    ):
        return noun
    return None


#: Verbs of sending something written: what hangs on their object ("a news article reporting",
#: "supporters saying") is the content sent, and the sender is their subject.
SENDING_VERBS = frozenset(
    """
send email e-mail text mail tweet post release issue publish circulate distribute forward
""".split()
)


def _sending_verb(noun):
    """The sending verb whose object, or whose listener after "to", is ``noun``."""
    head = noun.head
    if noun.dep_ == "pobj" and head.dep_ in ("dative", "prep") and head.lower_ == "to":
        head = head.head
    elif noun.dep_ not in ("dobj", "dative"):
        return None
    return head if head.pos_ == "VERB" and cue_lemma(head) in SENDING_VERBS else None
