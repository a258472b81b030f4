"""A spaCy component that runs the model's statistical sentence splitter (``senter``) inside
the parser pipeline and keeps its sentences aside, in ``doc.spans[SENTENCES]``, without letting
them steer the parser.

The small model's parser cuts sentences worse than its ``senter``, which is trained for it: on
the demo corpus it made a sentence of a lone closing quote mark and cut a dateline ("CARDIFF |
— | A penalty …") and a name ("Veldhaven | Terminals") in two. So an article's sentences come
from ``senter`` and its quotes from the parser, both in one pass over the text; the parser sees
exactly what it saw without this component (the sentence starts are put back as they were), so
the attributions are those of a parse without ``senter``.
"""

from collections import deque
from collections.abc import Iterable, Iterator

from spacy.language import Language
from spacy.tokens import Doc

SENTENCE_STARTS = "crosswire_sentence_starts"
#: The ``doc.spans`` key of the sentences ``senter`` found (``Doc.from_docs`` keeps it).
SENTENCES = "crosswire_senter_sentences"


class SentenceStarts:
    """Runs ``senter`` on each doc, stores its sentences as spans and restores the sentence
    starts the doc had before (a paragraph component or the parser sets its own later)."""

    def __init__(self, senter):
        self.senter = senter

    def __call__(self, doc: Doc) -> Doc:
        return next(self.pipe([doc]))

    def pipe(self, docs: Iterable[Doc], batch_size: int = 128) -> Iterator[Doc]:
        kept: deque = deque()

        def remembered() -> Iterator[Doc]:
            for doc in docs:
                kept.append(doc.to_array("SENT_START"))
                yield doc

        for doc in self.senter.pipe(remembered(), batch_size=batch_size):
            before = kept.popleft()
            starts = sorted({0, *(token.i for token in doc if token.is_sent_start)})
            ends = [*starts[1:], len(doc)]
            doc.spans[SENTENCES] = [doc[a:b] for a, b in zip(starts, ends, strict=True) if a < b]
            doc.from_array(["SENT_START"], before)
            yield doc


@Language.factory(SENTENCE_STARTS)
def make_sentence_starts(nlp: Language, name: str) -> SentenceStarts:
    """The component, around the pipeline's own (disabled) ``senter``. (No postponed
    annotations in this module: spaCy validates a factory's arguments by their types.)"""
    return SentenceStarts(nlp.get_pipe("senter"))
