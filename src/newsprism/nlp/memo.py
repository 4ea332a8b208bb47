"""Memoised ``attribute_ruler`` and ``lemmatizer``: the same output, computed once per word.

In ``en_core_web_sm`` these two rule components cost about as much CPU as the tagger and the
parser together: the ruler runs a ``Matcher`` of ~180 patterns over every token and the
lemmatizer makes several Python calls per token. Both are functions of a few token
attributes, so each is run for real once per distinct key and the result is written back
with ``Doc.from_array`` for every later token with that key:

* the ruler's single-token patterns read ``TAG``, ``LOWER``, ``IS_SPACE`` and ``DEP`` of the
  token: key ``(ORTH, TAG, DEP)``, result = the ``TAG, POS, MORPH, LEMMA, DEP`` the real ruler
  leaves on a one-token ``Doc`` with those values. Its few multi-token patterns ("there is",
  "gonna", "let's") are run for real, by a second ruler holding only them, afterwards;
* the lemmatizer caches by ``(ORTH, POS, MORPH)`` itself (``Lemmatizer.rule_lemmatize``); the
  memo uses the same key and calls the real ``lemmatize`` on a miss, for tokens still without
  a lemma (as the lemmatizer does without ``overwrite``).

``tests/test_nlp_memo.py`` checks token by token that the output equals the real components'.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import Any

import numpy as np
from spacy.attrs import DEP, LEMMA, MORPH, ORTH, POS, TAG
from spacy.pipeline import AttributeRuler
from spacy.tokens import Doc

__all__ = ["MemoAttributeRuler", "MemoLemmatizer", "memoise"]

_RULER_OUT = [TAG, POS, MORPH, LEMMA, DEP]


class MemoAttributeRuler:
    """Drop-in for an ``AttributeRuler`` component (``__call__`` and ``pipe``)."""

    def __init__(self, ruler: AttributeRuler, max_size: int = 500_000) -> None:
        self.ruler = ruler
        self.vocab = ruler.vocab
        self.max_size = max_size
        self.memo: dict[tuple[int, int, int], list[int]] = {}
        # Patterns keep their order: a later rule wins where two set the same attribute.
        single = [p for p in ruler.patterns if all(len(pat) == 1 for pat in p["patterns"])]
        multi = [p for p in ruler.patterns if any(len(pat) > 1 for pat in p["patterns"])]
        self.single = AttributeRuler(ruler.vocab, name=f"{ruler.name}_single")
        self.single.add_patterns(single)
        self.multi: AttributeRuler | None = None
        if multi:
            self.multi = AttributeRuler(ruler.vocab, name=f"{ruler.name}_multi")
            self.multi.add_patterns(multi)

    def _solve(self, keys: list[tuple[int, int, int]]) -> None:
        """Run the single-token rules for real on one Doc holding one token per new key."""
        strings = self.vocab.strings
        doc = Doc(self.vocab, words=[strings[k[0]] for k in keys], spaces=[True] * len(keys))
        doc.from_array([TAG, DEP], np.array([[k[1], k[2]] for k in keys], dtype=np.uint64))
        self.single(doc)
        if len(self.memo) + len(keys) > self.max_size:
            self.memo.clear()
        for key, row in zip(keys, doc.to_array(_RULER_OUT).tolist(), strict=True):
            self.memo[key] = row

    def __call__(self, doc: Doc) -> Doc:
        if len(doc) == 0:
            return doc
        keys = list(map(tuple, doc.to_array([ORTH, TAG, DEP]).tolist()))
        memo = self.memo
        missing = list(dict.fromkeys(k for k in keys if k not in memo))
        if missing:
            self._solve(missing)  # type: ignore[arg-type]
        out = np.array([memo[k] for k in keys], dtype=np.uint64)
        doc.from_array(_RULER_OUT, out)  # DEP without HEAD: the arcs and sentences stay
        if self.multi is not None:
            self.multi(doc)
        return doc

    def pipe(self, docs: Iterable[Doc], batch_size: int = 32) -> Iterator[Doc]:
        for doc in docs:
            yield self(doc)


class MemoLemmatizer:
    """Drop-in for a rule-mode ``Lemmatizer`` component (``__call__`` and ``pipe``)."""

    def __init__(self, lemmatizer: Any, max_size: int = 500_000) -> None:
        self.lemmatizer = lemmatizer
        self.max_size = max_size
        self.memo: dict[tuple[int, int, int], int] = {}

    def __call__(self, doc: Doc) -> Doc:
        if len(doc) == 0:
            return doc
        arr = doc.to_array([ORTH, POS, MORPH, LEMMA])
        lemmas = arr[:, 3].copy()
        memo = self.memo
        strings = doc.vocab.strings
        changed = False
        for i, (orth, pos, morph, lemma) in enumerate(arr.tolist()):
            if lemma:
                continue
            key = (orth, pos, morph)
            value = memo.get(key)
            if value is None:
                if len(memo) >= self.max_size:
                    memo.clear()
                value = memo[key] = strings.add(self.lemmatizer.lemmatize(doc[i])[0])
            lemmas[i] = value
            changed = True
        if changed:
            doc.from_array([LEMMA], lemmas)
        return doc

    def pipe(self, docs: Iterable[Doc], batch_size: int = 32) -> Iterator[Doc]:
        for doc in docs:
            yield self(doc)


def memoise(name: str, component: Any) -> Any:
    """The memoised stand-in for the component ``name``, or the component itself."""
    if name == "attribute_ruler" and isinstance(component, AttributeRuler):
        return MemoAttributeRuler(component)
    if name == "lemmatizer" and getattr(component, "mode", None) == "rule" and hasattr(component, "lemmatize"):
        return MemoLemmatizer(component)
    return component
