"""The nlp layer's entry point: Articles -> ArticleAnalysis (sentences, mentions, quotes,
citations), batched through ``nlp.pipe``. spaCy Docs never leave this module."""

from __future__ import annotations

import logging
import os
import time
from collections.abc import Callable, Iterable, Iterator, Sequence
from concurrent.futures import Future
from typing import TypeVar

from spacy.language import Language
from spacy.tokens import Doc

from ..models import Article, ArticleAnalysis, Mention
from ..settings import Settings
from .citations import extract_citations
from .claims import clause_spans
from .content import content_is_clause
from .cues import title_part
from .model import configure, load_model
from .quotes import extract_quotes
from .roles import role_frames
from .selective import SelectiveRunner
from .sentences import to_sentences

__all__ = ["NlpPipeline", "MENTION_LABELS", "NLP_VERSION"]

log = logging.getLogger(__name__)
T = TypeVar("T")
MENTION_LABELS = frozenset({"PERSON", "ORG", "GPE", "NORP", "LOC", "FAC", "EVENT", "OUTLET"})
NLP_VERSION = "newsprism-nlp-34"  # 34: "he"/"she" after a sentence led by "he" or "the <role>" with no subject person reaches back past it, a described main subject ("Strzok's attorney", "the lawyer for X, David Kendall,") is the person it describes or names, the one person named as an object in the sentence before is "he" when no one that can speak is its subject, "His response:" is the person asked, "the House speaker"/"the California Democrat"/"the president" speak as the one person the article described so before (title, party, state), a lower-case role before a name the tagger made an organisation ("Strzok attorney X") is a person, "saying after X's announcement that Y" reports Y as the speaker's; 33: a lone surname the tagger files as an organisation or a place ("O’Rourke", "Griffin"; also with the O’ dropped) is the person, "he"/"she" take the nearest sentence's main-clause subject before a reported clause's and skip the reported subjects of a sentence led by "he" or "the <role>", "Mrs. X" with two Xs named marks that mention only, a "Name verb ...:" label speaks as its subject, "Secretary of the Interior X" speaks as X, "the president" tagged a name is none, "X, he told Y, is Z" reports the whole clause; 32: a date after a cue noun is no content ("its statement of Wednesday morning"), "the city's fire service said" speaks as an organisation; 31: a name the tagger made a person that the article shows to be an organisation ("America Awesome PAC", "a Twitter post", "X, a retailer,", "X closed its shops", also where the tagger calls it an organisation or a product: "Tarnwick's headquarters") is no "he"/"she" antecedent and speaks as an organisation, an untyped name with such evidence or an organisation's last word ("Tarnwick Chemicals") speaks as one, an aside whose verb the model read as a noun (", documents seen by Estmark Rising show,") is parsed again and reports its clause, an outlet's name after an honorific ("Mr. Bloomberg") is no outlet; 30: "he"/"she" can refer to a surname the tagger took for an organisation ("Holder" ORG, "Eric Holder" PERSON) or to a person in a role it took for one ("Karin Holt, director of ..."), never to a name modifying a noun ("the Varnholm volumes"), and is the one unnamed person governing its clause ("a spokesman said he", "one worker, who asked not to be named because he feared"), a source's name keeps no quotation mark without its pair; 29: "residents' groups", "the group", "Liberal groups" speak as organisations ("a group of senators" as unnamed people); 28: a question someone may or should ask ("are entitled to ask whether") has the stance of a position, "the minister" is the person named with that title (the latest before it while no one else was named since, else the only one after), "he"/"she" skip a person the article marks with the other gender (honorific or gendered role word); 27: the writer's "you" is no quote source, a dateline is no part of a content, "asked not to be named" is no statement, a tag hung on a later conjunct reports from the sentence start, "ordered X to Y" reports Y, a quoted word describing the source is not its quotation, a name with a person's role in apposition speaks as a person, words quoted from a document the writer has seen are the document's, "the ministry" names the ministry named before, "ordinary Estmarkers" are a group, "documents seen by X" is no report; 26: "chief executive" and "boss" are titles before a name; 25: a dotted abbreviation ("a.m.", "U.S.") before a capitalised function word ends the sentence, "A, but B, X reported" reports both clauses, a PERSON holding "and" speaks as an organisation, "spokeswoman" is a title before a name, "the company" and eleven more head nouns speak as organisations, a cue span never runs backwards; 24: a full name after a title is the speaker without it, a time after a cue is not its particle, a publication named after its description speaks, "found the means to" is no report; 23: the nearer of two subjects before a verb, "as" read as a preposition inside a subject opens a clause, "statements following X" names a topic; 22: a noun the parser joined to an earlier phrase is the subject of the finite clause after it ("... and the cabinet had approved"); 21: twelfth attribution round (source choice) and the cue lexicon tail; 20: eleventh attribution round (Title Case headlines re-parsed in sentence case, clauses through titles and nested quotations, relays of a quoted turn, "about" predicates); 19: source spans as PolNeAR writes them (relative clauses, titles before names, "who"/"which" sources); 18: a citing verb keeps its particle ("Axios has filled in"), quotes say whether their content is a clause; 17: a phase verb before the cue's "to" is part of the cue ("went on to say"); 16: tenth attribution round (roundup lines, dash-signed quotation paragraphs, a quotation after a lead-in goes on); 15: position cues (oppose, back, target) classed apart from statements; 14: ninth attribution round (datelines with a date, a colon's list, an object's infinitive, phrasal and object cues); 13: a verb before ", “" as cue, cue-less quotations after a report, no "find X"; 12: role frames (who did what to whom)


class NlpPipeline:
    """Analyse articles. ``timings`` accumulates seconds per stage ('spacy', 'quotes',
    'citations') over all calls to :meth:`analyze`."""

    def __init__(self, settings: Settings | None = None, nlp: Language | None = None) -> None:
        self.settings = settings or Settings()
        self.nlp = configure(nlp if nlp is not None else load_model(self.settings.spacy_model))
        meta = self.nlp.meta
        # Every sentence is tagged and parsed unless ``selective_parse`` asks to parse only
        # those that can carry an attribution (see .selective); either way the attribute
        # ruler and lemmatizer run memoised (.memo), with the same output.
        selective = self.settings.selective_parse and SelectiveRunner.usable(self.nlp)
        self.runner = SelectiveRunner(self.nlp, selective=selective)
        mode = "+selective" if selective else ""
        self.version = f"{NLP_VERSION}{mode}+{meta.get('name', '?')}-{meta.get('version', '?')}"
        self.timings: dict[str, float] = {"spacy": 0.0, "quotes": 0.0, "citations": 0.0}

    def add_outlets(self, names: Iterable[str]) -> int:
        """Teach the outlet tagger extra outlet names (e.g. every outlet in the store)."""
        tagger = self.nlp.get_pipe("newsprism_outlets")
        return int(tagger.add_outlets(names))  # type: ignore[attr-defined]

    def analyze(self, articles: Sequence[Article]) -> list[ArticleAnalysis]:
        return list(self.iter_analyze(articles, len(articles)))

    def processes_for(self, n: int | None) -> int:
        """Worker processes for ``n`` articles: the setting, or with 0 ("auto") every core
        once there are enough articles to amortise starting the workers (spaCy starts them
        for each ``pipe`` call)."""
        wanted = self.settings.nlp_processes
        if wanted > 0:
            return wanted
        cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else (os.cpu_count() or 1)
        return cores if cores > 1 and (n is None or n >= 4 * max(1, self.settings.nlp_batch_size)) else 1

    def iter_analyze(self, articles: Iterable[Article], n: int | None = None) -> Iterator[ArticleAnalysis]:
        """Stream analyses in input order. With several processes, each worker runs spaCy
        *and* the extractors on a chunk and sends back only the small ``ArticleAnalysis``
        records: no ``Doc`` is pickled and the parent does not become the bottleneck."""
        procs = self.processes_for(n)
        if procs > 1 and _WORKER is None:  # never fork again inside a worker
            yield from self._iter_parallel(articles, procs)
            return
        yield from self._iter_serial(articles)

    def _iter_serial(self, articles: Iterable[Article]) -> Iterator[ArticleAnalysis]:
        pending: list[Article] = []

        def texts() -> Iterator[str]:
            for a in articles:
                pending.append(a)
                yield a.text

        bs = max(1, self.settings.nlp_batch_size)
        it = iter(self.runner.pipe(texts(), bs))
        while True:
            t0 = time.perf_counter()
            try:
                doc = next(it)
            except StopIteration:
                return
            self.timings["spacy"] += time.perf_counter() - t0
            yield self.analyze_doc(doc, pending.pop(0))

    def _iter_parallel(self, articles: Iterable[Article], procs: int) -> Iterator[ArticleAnalysis]:
        import multiprocessing as mp
        from concurrent.futures import ProcessPoolExecutor

        global _WORKER
        _WORKER = self  # inherited by the forked workers: the model is loaded once, shared copy-on-write
        chunk = max(1, self.settings.nlp_batch_size)
        in_flight: list[Future[tuple[list[ArticleAnalysis], dict[str, float]]]] = []
        try:
            with ProcessPoolExecutor(max_workers=procs, mp_context=mp.get_context("fork")) as pool:
                batch: list[Article] = []
                for article in articles:
                    batch.append(article)
                    if len(batch) == chunk:
                        in_flight.append(pool.submit(_analyze_chunk, batch))
                        batch = []
                    while len(in_flight) > 2 * procs:  # bounded memory, order kept
                        yield from self._collect(in_flight.pop(0))
                if batch:
                    in_flight.append(pool.submit(_analyze_chunk, batch))
                while in_flight:
                    yield from self._collect(in_flight.pop(0))
        finally:
            _WORKER = None

    def _collect(self, future: Future[tuple[list[ArticleAnalysis], dict[str, float]]]) -> list[ArticleAnalysis]:
        analyses, timings = future.result()
        self.runner.tokens_parsed += int(timings.pop("tokens_parsed", 0))
        self.runner.tokens_seen += int(timings.pop("tokens_seen", 0))
        for k, v in timings.items():
            self.timings[k] = self.timings.get(k, 0.0) + v
        return analyses

    def analyze_doc(self, doc: Doc, article: Article) -> ArticleAnalysis:
        t1 = time.perf_counter()
        quotes = _guarded(article, "quotes", lambda: [
            q.model_copy(update={"content_clause": content_is_clause(doc, q)})
            for q in extract_quotes(doc, article.id)])
        t2 = time.perf_counter()
        citations = _guarded(article, "citations", lambda: list(extract_citations(doc, article.id, quotes)))
        t3 = time.perf_counter()
        self.timings["quotes"] += t2 - t1
        self.timings["citations"] += t3 - t2
        mentions = [
            Mention(start=e.start_char, end=e.end_char, text=e.text, label=e.label_)
            for e in doc.ents
            if e.label_ in MENTION_LABELS and any(c.isupper() or c.isdigit() for c in e.text)
            and not title_part(e)
        ]
        return ArticleAnalysis(article_id=article.id, sentences=to_sentences(doc), mentions=mentions,
                               quotes=quotes, citations=citations, nlp_version=self.version,
                               clauses=_guarded(article, "clauses", lambda: clause_spans(doc)),
                               roles=_guarded(article, "roles", lambda: role_frames(doc)))


def _guarded(article: Article, stage: str, run: Callable[[], list[T]]) -> list[T]:
    """One rule-based stage of one article; a rule that fails on an odd parse costs that
    article that stage (a warning names both), not the whole run's analyses."""
    try:
        return run()
    except Exception as exc:  # per-article boundary: the parse, not the input, is odd
        log.warning("article %s: %s not extracted (%s: %s)", article.id, stage, type(exc).__name__,
                    str(exc).splitlines()[0] if str(exc) else "")
        return []


_WORKER: NlpPipeline | None = None


def _analyze_chunk(articles: list[Article]) -> tuple[list[ArticleAnalysis], dict[str, float]]:
    """Run in a worker process: the inherited pipeline analyses one chunk; the stage times
    it spent go back with the results (CPU seconds summed over workers)."""
    worker = _WORKER
    if worker is None:  # pragma: no cover - only if the pool was not forked from iter_analyze
        raise RuntimeError("nlp worker started without a pipeline")
    before = dict(worker.timings)
    parsed, seen = worker.runner.tokens_parsed, worker.runner.tokens_seen
    out = list(worker._iter_serial(articles))
    spent = {k: v - before.get(k, 0.0) for k, v in worker.timings.items()}
    spent["tokens_parsed"] = worker.runner.tokens_parsed - parsed
    spent["tokens_seen"] = worker.runner.tokens_seen - seen
    return out, spent
