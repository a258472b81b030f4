"""The words of attribution: speech, thought and object-content verbs, verbs whose object is
the listener, documents that speak for their issuer, and the prepositions that introduce a topic.

The verb lists are ours, written from the reporting verbs of English news, then extended with a
few general verbs (refer, talk, speak, decline, refuse) after reading which cues our rules missed
most often on PolNeAR train; dev was only scored.
"""

from __future__ import annotations

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
TOPICS = ("about", "of", "on", "against")
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


def cue_lemma(token) -> str:
    """The lower-cased lemma the lists are looked up by."""
    return token.lemma_.lower()


def is_cue_verb(token) -> bool:
    """A verb (not an auxiliary, not an adjective-like participle) from the lists above."""
    if token.pos_ not in ("VERB",) or token.dep_ in ("amod", "compound"):
        return False
    lemma = cue_lemma(token)
    return lemma in SPEECH_VERBS or lemma in THOUGHT_VERBS or lemma in OBJECT_CONTENT_VERBS
