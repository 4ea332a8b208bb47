"""newsprism.nlp: text -> sentences, entity mentions, quotes and citations; entity resolution.

spaCy ``Doc`` objects never leave this package; everything returned uses character offsets
into ``Article.text``.
"""

from .citations import extract_citations
from .entities import load_aliases, resolve_entities
from .model import load_model
from .outlets import canonical_outlet
from .pipeline import NlpPipeline
from .quotes import extract_quotes

__all__ = [
    "load_model",
    "NlpPipeline",
    "resolve_entities",
    "load_aliases",
    "extract_quotes",
    "extract_citations",
    "canonical_outlet",
]
