"""Run spaCy's expensive components only where their output is read.

The extractors (:mod:`.quotes`, :mod:`.citations`, :mod:`.speakers`) read part-of-speech
tags, lemmas and the dependency parse, and only around an attribution: a cue verb, "according
to", a quotation, a cited outlet, a document noun. Everything else newsprism keeps from the
nlp layer (sentences, entity mentions) needs no tagger, parser or lemmatizer. So a batch goes
through two passes:

1. **every token**: the tokenizer, ``newsprism_sentences`` (paragraph and quotation
   boundaries), the statistical ``senter`` (shipped in the model, disabled by default; it
   fills in the boundaries the rules left open), the ``ner`` (with its own embedding layer)
   and ``newsprism_outlets``;
2. **candidate sentences only** (see :class:`CandidateFilter`): consecutive candidates are
   copied into one small ``Doc`` each, run through ``tok2vec``, ``tagger``, ``parser``,
   ``attribute_ruler`` and ``lemmatizer``, and their tags, lemmas and dependency arcs are
   written back into the article's ``Doc`` (heads are relative offsets, so they stay valid).

Tokens of other sentences keep no tag, lemma or arc (``pos_ == ""``, ``dep_ == ""``, head =
self); sentence boundaries are those of pass 1 throughout (the parser is constrained to them,
since every token's boundary flag is preset). On a 2-core box this cuts the per-article CPU
time of the nlp stage by more than half (see docs/choices.md, "NLP: parse only where
attributions can be").
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Iterator

import numpy as np
from spacy.attrs import DEP, HEAD, LEMMA, POS, SENT_START, TAG
from spacy.language import Language
from spacy.tokens import Doc
from threadpoolctl import threadpool_limits

from . import cues as _cues
from .memo import memoise
from .outlets import NEWSY_WORDS
from .sentences import doc_sentences, find_quote_pairs

__all__ = ["CandidateFilter", "SelectiveRunner", "FIRST_PASS", "SECOND_PASS"]

FIRST_PASS = ("newsprism_sentences", "senter", "ner", "newsprism_outlets")
SECOND_PASS = ("tok2vec", "tagger", "parser", "attribute_ruler", "lemmatizer")
_COPIED = [TAG, POS, LEMMA, DEP, HEAD]
# Nouns the citation extractor reads without a cue verb (kept in step with citations.py's
# _BOOKS/_MEDIA; a missing one only means a sentence is parsed that need not be).
_CITATION_NOUNS = frozenset({"book", "books", "memoir", "biography", "report", "reports", "media",
                             "press", "television", "outlets", "tv", "according"})
_QUOTE_CHARS = re.compile("[\"“”«»„‹›]")


def _plural(word: str) -> set[str]:
    out = {word, word + "s"}
    if word.endswith("y"):
        out.add(word[:-1] + "ies")
    if word.endswith(("s", "sh", "ch", "x")):
        out.add(word + "es")
    return out


class CandidateFilter:
    """Which sentences can carry an attribution or a citation, read off surface forms and the
    entities of pass 1. The word lists are derived at call time from :mod:`.cues` (cue verbs
    in every inflection the lexicon and the model's lemma exceptions know, document nouns),
    so cues added to the lexicon are picked up without touching this module."""

    def __init__(self, nlp: Language) -> None:
        lemma_of: dict[str, set[str]] = {}
        if "lemmatizer" in nlp.component_names:
            lookups = getattr(nlp.get_pipe("lemmatizer"), "lookups", None)
            if lookups is not None and lookups.has_table("lemma_exc"):
                for pos in ("verb", "noun"):
                    for form, lemmas in lookups.get_table("lemma_exc").get(pos, {}).items():
                        for lemma in lemmas:
                            lemma_of.setdefault(lemma, set()).add(form)
        words: set[str] = set(getattr(_cues, "CUE_FORMS", ()))
        for lemma in getattr(_cues, "CUE_STANCE", {}):
            words |= lemma_of.get(lemma, set())
        for noun in getattr(_cues, "DOC_NOUNS", ()):
            words |= _plural(noun) | lemma_of.get(noun, set())
        words |= _CITATION_NOUNS
        self.words = frozenset(w.lower() for w in words)

    def candidates(self, doc: Doc, sents: list[tuple[int, int, int, int]]) -> list[bool]:
        """One flag per sentence ``(tok start, tok end, char start, char end)`` of ``doc``."""
        text = doc.text
        flags = [False] * len(sents)
        starts = [s[0] for s in sents]

        def sent_at(tok_i: int) -> int:
            return max(0, int(np.searchsorted(starts, tok_i, side="right")) - 1)

        for k, (a, b, cs, ce) in enumerate(sents):
            if _QUOTE_CHARS.search(text, cs, ce):
                flags[k] = True
                continue
            for tok in doc[a:b]:
                if tok.lower_ in self.words:
                    flags[k] = True
                    break
        quotes = find_quote_pairs(text)
        if quotes:  # curly single quotes and quotations spanning sentences
            char_starts = [s[2] for s in sents]
            for p in quotes:
                lo = max(0, int(np.searchsorted(char_starts, p.open, side="right")) - 1)
                hi = max(0, int(np.searchsorted(char_starts, p.close, side="right")) - 1)
                for k in range(lo, hi + 1):
                    flags[k] = True
        for ent in doc.ents:
            if ent.label_ == "OUTLET" or (ent.label_ == "ORG" and NEWSY_WORDS.search(ent.text)):
                flags[sent_at(ent.start)] = True
        return flags


def _components(nlp: Language, names: Iterable[str]) -> list[tuple[str, Callable]]:
    have = set(nlp.component_names)
    return [(n, memoise(n, nlp.get_pipe(n))) for n in names if n in have]


def _run(procs: list[tuple[str, Callable]], docs: list[Doc], batch_size: int) -> list[Doc]:
    for _, proc in procs:
        if hasattr(proc, "pipe"):
            docs = list(proc.pipe(docs, batch_size=batch_size))
        else:
            docs = [proc(d) for d in docs]
    return docs


class SelectiveRunner:
    """Texts -> Docs in the two passes described in the module docstring, or with
    ``selective=False`` in one pass through the model's enabled pipeline. Either way the
    attribute ruler and lemmatizer run memoised (:mod:`.memo`). ``tokens_parsed`` and
    ``tokens_seen`` count what the parser saw."""

    def __init__(self, nlp: Language, selective: bool = True) -> None:
        self.nlp = nlp
        self.selective = selective
        if selective:
            self.first = _components(nlp, FIRST_PASS)
            self.second = _components(nlp, SECOND_PASS)
        else:
            self.first = _components(nlp, nlp.pipe_names)
            self.second = []
        self.filter = CandidateFilter(nlp)
        self.tokens_parsed = 0
        self.tokens_seen = 0

    @staticmethod
    def usable(nlp: Language) -> bool:
        """The model has what the two passes need (a sentence recogniser, a parser, an NER)."""
        names = set(nlp.component_names)
        return {"senter", "parser", "ner", "newsprism_sentences"} <= names

    def pipe(self, texts: Iterable[str], batch_size: int = 32) -> Iterator[Doc]:
        batch: list[str] = []
        for text in texts:
            batch.append(text)
            if len(batch) >= batch_size:
                yield from self._batch(batch, batch_size)
                batch = []
        if batch:
            yield from self._batch(batch, batch_size)

    def _batch(self, texts: list[str], batch_size: int) -> list[Doc]:
        # One BLAS thread: the matrices are small, and the nlp workers already use every core.
        with threadpool_limits(limits=1, user_api="blas"):
            return self._batch_inner(texts, batch_size)

    def _batch_inner(self, texts: list[str], batch_size: int) -> list[Doc]:
        docs = _run(self.first, [self.nlp.make_doc(t) for t in texts], batch_size)
        if not self.selective:
            n = sum(len(d) for d in docs)
            self.tokens_seen += n
            self.tokens_parsed += n
            return docs
        subs: list[Doc] = []
        where: list[tuple[int, int, int]] = []  # (doc index, token start, token end)
        for d, doc in enumerate(docs):
            self.tokens_seen += len(doc)
            if len(doc) == 0:
                continue
            sents = doc_sentences(doc)
            flags = self.filter.candidates(doc, sents)
            sent_arr = doc.to_array([SENT_START])
            runs: list[tuple[int, int]] = []
            for (a, b, _, _), flag in zip(sents, flags, strict=True):
                if not flag:
                    continue
                if runs and runs[-1][1] >= a - 1 and all(doc[i].is_space for i in range(runs[-1][1], a)):
                    runs[-1] = (runs[-1][0], b)
                else:
                    runs.append((a, b))
            for a, b in runs:
                sub = Doc(doc.vocab, words=[t.text for t in doc[a:b]],
                          spaces=[bool(t.whitespace_) for t in doc[a:b]])
                sub.from_array([SENT_START], sent_arr[a:b].copy())
                subs.append(sub)
                where.append((d, a, b))
                self.tokens_parsed += b - a
        subs = _run(self.second, subs, batch_size)
        by_doc: dict[int, list[tuple[int, int, Doc]]] = {}
        for (d, a, b), sub in zip(where, subs, strict=True):
            by_doc.setdefault(d, []).append((a, b, sub))
        for d, parts in by_doc.items():
            _merge(docs[d], parts)
        return docs


def _merge(doc: Doc, parts: list[tuple[int, int, Doc]]) -> None:
    """Write the tags, lemmas and arcs of the parsed pieces back into ``doc``; keep ``doc``'s
    sentence boundaries (writing heads re-derives them from the trees, which cover only
    the parsed sentences)."""
    sent_arr = doc.to_array([SENT_START])
    arr = np.zeros((len(doc), len(_COPIED)), dtype=np.uint64)
    for a, b, sub in parts:
        arr[a:b] = sub.to_array(_COPIED)
    doc.from_array(_COPIED, arr)
    doc.from_array([SENT_START], sent_arr)
