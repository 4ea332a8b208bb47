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
from spacy.attrs import DEP, HEAD, LEMMA, LOWER, POS, SENT_START, TAG
from spacy.language import Language
from spacy.tokens import Doc, Span
from threadpoolctl import threadpool_limits

from . import cues as _cues
from .memo import memoise
from .outlets import NEWSY_WORDS
from .sentences import TITLE_SMALL, doc_sentences, find_quote_pairs

__all__ = ["CandidateFilter", "SelectiveRunner", "FIRST_PASS", "SECOND_PASS", "headline_spans", "headline_words",
           "aside_cues"]

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
        self.reparse = _components(nlp, SECOND_PASS)
        self.rener = _components(nlp, ("ner",))
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
        docs = self._parse(texts, batch_size)
        self._recase_headlines(docs, batch_size)
        self._reparse_asides(docs, batch_size)
        return docs

    def _reparse_asides(self, docs: list[Doc], batch_size: int) -> None:
        """Parse again the sentences where the model read the verb of a reporting aside as a
        noun ("a disaster that, documents seen by Estmark Rising show, was years in the
        making": "Rising show" a noun phrase; :func:`aside_cues`): the sentence without the
        aside, and the aside alone with its verb in the past tense ("documents seen by
        Estmark Rising showed"). Where the aside then reads as that verb with a noun subject
        agreeing with it and covering the rest of the aside, both parses are written back: the
        aside hangs on the verb of the clause it interrupts (``parataxis``, as the model parses
        "the fire, officials say, was ..."), or a closing aside's verb is the root with the
        clause before it as its complement ("..., officials say."); the word keeps its own
        present-tense tag."""
        if not self.reparse:
            return
        subs: list[Doc] = []
        where: list[tuple[int, int, int, int, int, int]] = []
        for d, doc in enumerate(docs):
            for a, b, c, k in aside_cues(doc):
                end = k + 2 if k + 2 < b and doc[k + 1].text == "," else k + 1  # both commas
                words = [doc[i].text for i in range(c + 1, k)] + [_PAST[doc[k].lower_]]
                subs.append(_sub_doc(doc, [i for i in range(a, b) if not c <= i < end]))
                subs.append(Doc(doc.vocab, words=words))
                where.append((d, a, b, c, k, end))
        if not subs:
            return
        subs = _run(self.reparse, subs, batch_size)
        for n, (d, a, b, c, k, end) in enumerate(where):
            doc, host, aside = docs[d], subs[2 * n], subs[2 * n + 1]
            verb = aside[-1]
            subj = next((t for t in verb.children if t.dep_ == "nsubj"), None)
            plural = not doc[k].lower_.endswith("s")
            if (verb.dep_ != "ROOT" or verb.pos_ != "VERB" or subj is None or subj.pos_ != "NOUN"
                    or (subj.tag_ == "NNS") != plural or subj.left_edge.i != 0 or subj.right_edge.i != verb.i - 1):
                continue  # the aside is no noun phrase reporting by that verb, in agreement
            host_ids = [i for i in range(a, b) if not c <= i < end]
            # the clause the aside interrupts: the verb over the word after it, else the root
            nxt = host_ids.index(end) if end in host_ids else None
            h = host[nxt] if nxt is not None else host[0].sent.root
            while h.pos_ not in ("VERB", "AUX") and h.head.i != h.i:
                h = h.head
            arr = doc.to_array(_COPIED)
            sent_arr = doc.to_array([SENT_START])
            for sub, ids in ((host, host_ids), (aside, list(range(c + 1, k + 1)))):
                rows = sub.to_array(_COPIED)
                for j, i in enumerate(ids):
                    arr[i, :4] = rows[j, :4]
                    arr[i, 4] = np.uint64((ids[sub[j].head.i] - i) % (1 << 64))
            links = [(k, host_ids[h.i], "parataxis"), (c, k, "punct")] + ([(k + 1, k, "punct")] if end == k + 2 else [])
            if nxt is None or doc[end].is_punct and end + 1 >= b:
                # a closing aside ("..., documents show."): its verb is the root and the
                # clause before it the complement, as in "..., officials say."
                root = host[0].sent.root
                links = [(k, k, "ROOT"), (host_ids[root.i], k, "ccomp"), (c, k, "punct")] + [
                    (i, k, "punct") for i in range(k + 1, b) if doc[i].is_punct]
            for i, head, dep in links:
                arr[i, 3] = doc.vocab.strings.add(dep)
                arr[i, 4] = np.uint64((head - i) % (1 << 64))
            doc.from_array(_COPIED, arr)
            doc.from_array([SENT_START], sent_arr)
            doc[k].tag_ = "VBP" if plural else "VBZ"
            doc[k].pos_ = "VERB"

    def _recase_headlines(self, docs: list[Doc], batch_size: int) -> None:
        """Tag and parse Title Case headline lines again in sentence case (see
        :func:`headline_words`) and write their tags, lemmas and arcs back: the model reads
        "Trump Slams Clinton Over Emails" as a run of proper nouns, "Trump slams Clinton over
        emails" as a report."""
        if not self.reparse:
            return
        subs: list[Doc] = []
        where: list[tuple[int, int, int]] = []
        for d, doc in enumerate(docs):
            spans = headline_spans(doc)
            for a, b in spans:
                words = headline_words(doc, a, b, spans)
                if words is None:
                    continue
                sub = Doc(doc.vocab, words=words, spaces=[bool(t.whitespace_) for t in doc[a:b]])
                sub.from_array([SENT_START], doc.to_array([SENT_START])[a:b].copy())
                subs.append(sub)
                where.append((d, a, b))
        if not subs:
            return
        subs = _run(self.reparse + self.rener, subs, batch_size)
        for (d, a, b), sub in zip(where, subs, strict=True):
            doc = docs[d]
            _merge(doc, [(a, b, sub)], keep=True)
            if self.rener:  # entities read in sentence case ("Lia Moss", not "Lia Moss Slams Harbour")
                new = [Span(doc, a + e.start, a + e.end, label=e.label_) for e in sub.ents]
                kept = [e for e in doc.ents if e.end <= a or e.start >= b or e.label_ == "OUTLET" and not any(
                    n.start < e.end and e.start < n.end for n in new)]
                doc.ents = sorted(kept + new, key=lambda e: e.start)

    def _parse(self, texts: list[str], batch_size: int) -> list[Doc]:
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


# the verbs of an aside that a document, a poll or a study "says" by, and their past forms
_PAST = {"show": "showed", "shows": "showed", "suggest": "suggested", "suggests": "suggested",
         "indicate": "indicated", "indicates": "indicated"}
_ASIDE_END = frozenset({",", ".", ";", "—", "–", "!", "?"})


def aside_cues(doc: Doc) -> list[tuple[int, int, int, int]]:
    """(sentence start, end, opening comma, verb) of each "show(s)" / "suggest(s)" /
    "indicate(s)" the model read as a noun at the end of an aside opened by a comma, after a
    phrase of at least three words: ", documents seen by Estmark Rising show," and ", records
    obtained by the paper suggest." (a subject with a modifier, which the model tends to run
    into the verb). Not a noun after a determiner or an adjective ("the daytime talk show,")."""
    hits = np.flatnonzero(np.isin(doc.to_array(LOWER), [doc.vocab.strings.add(w) for w in _PAST]))
    out = []
    if not len(hits):
        return out
    for a, b, _, _ in doc_sentences(doc):
        for k in hits[(hits >= a + 4) & (hits < b)].tolist():
            t = doc[k]
            if t.pos_ not in ("NOUN", "PROPN") or k + 1 >= b and t.i + 1 < len(doc):
                continue
            if k + 1 < b and doc[k + 1].text not in _ASIDE_END:
                continue
            comma = next((i for i in range(k - 1, a - 1, -1) if doc[i].text in (",", "—", "–", ";")), None)
            if comma is None or k - comma - 1 < 3 or doc[k - 1].pos_ in ("DET", "ADJ", "NUM"):
                continue
            out.append((a, b, comma, k))
    return out


def _sub_doc(doc: Doc, ids: list[int]) -> Doc:
    """The tokens ``ids`` of ``doc`` (one sentence) as a Doc of their own."""
    sub = Doc(doc.vocab, words=[doc[i].text for i in ids],
              spaces=[bool(doc[i].whitespace_) for i in ids])
    sub[0].is_sent_start = True
    for t in sub[1:]:
        t.is_sent_start = False
    return sub


def headline_spans(doc: Doc) -> list[tuple[int, int]]:
    """Token ranges of the sentences that are a whole line in Title Case ("Donald Trump
    Finally Endorses House Speaker Paul Ryan."): at least four words, every word but the small
    ones capitalised."""
    text = doc.text
    out = []
    for a, b, cs, ce in doc_sentences(doc):
        if cs > 0 and text[cs - 1] != "\n" or ce < len(text) and text[ce:ce + 1] not in ("\n", ""):
            continue
        words = [t for t in doc[a:b] if t.is_alpha and t.lower_ not in TITLE_SMALL]
        if len(words) >= 4 and all(t.text[0].isupper() for t in words):
            out.append((a, b))
    return out


def headline_words(doc: Doc, a: int, b: int, spans: list[tuple[int, int]] | None = None) -> list[str] | None:
    """The words of the Title Case line ``doc[a:b]`` in sentence case, or None when no word
    changes: a capitalised word stays so only where the article writes it so inside a
    sentence outside the headlines ``spans`` (a name: "Trump", "Senate"); the others are
    lowered ("Slams" -> "slams"). Acronyms and the first word are kept."""
    heads = {i for x, y in (headline_spans(doc) if spans is None else spans) for i in range(x, y)}
    named = {t.text for t in doc if t.i not in heads and t.is_title and not t.is_sent_start
             and t.i > 0 and doc[t.i - 1].text not in (":", "“", '"', "‘", "'", "—", "-", "–")}
    words = [t.text for t in doc[a:b]]
    changed = False
    for t in doc[a + 1 : b]:
        if t.is_title and len(t.text) > 1 and t.text not in named:
            words[t.i - a] = t.text.lower()
            changed = True
    return words if changed else None


def _merge(doc: Doc, parts: list[tuple[int, int, Doc]], keep: bool = False) -> None:
    """Write the tags, lemmas and arcs of the parsed pieces back into ``doc``; keep ``doc``'s
    sentence boundaries (writing heads re-derives them from the trees, which cover only
    the parsed sentences), and with ``keep`` the analyses of the other tokens."""
    sent_arr = doc.to_array([SENT_START])
    arr = doc.to_array(_COPIED) if keep else np.zeros((len(doc), len(_COPIED)), dtype=np.uint64)
    for a, b, sub in parts:
        arr[a:b] = sub.to_array(_COPIED)
    doc.from_array(_COPIED, arr)
    doc.from_array([SENT_START], sent_arr)
