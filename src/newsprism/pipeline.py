"""The application layer: ingest -> extract -> store -> nlp -> stories -> dossiers.

Plain importable functions used by the CLI, the web app and the benchmarks. Each input item
ends with exactly one :class:`~newsprism.models.Disposition`. Stages are pure over their
inputs; I/O goes through the explicit :class:`Store` and :class:`Settings` passed in.
"""

from __future__ import annotations

import json
import logging
import time
from collections import Counter
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, BinaryIO

from .errors import NewsprismError, UsageError
from .models import (
    Article,
    ArticleAnalysis,
    Disposition,
    Dossier,
    Entity,
    RawDocument,
    Story,
    StoryDossier,
)
from .settings import Settings

__all__ = [
    "RunReport",
    "ingest",
    "analyze",
    "assign_stories",
    "story_dossiers",
    "ensure_analyses",
    "build_dossiers",
    "comparison_embedder",
    "embed_sentences",
    "exit_code",
    "DEMO_CORPUS",
]

log = logging.getLogger(__name__)

DEMO_CORPUS = Path(__file__).parent / "demo" / "corpus"

Progress = Callable[[str, int, int | None], None]


def _no_progress(stage: str, done: int, total: int | None) -> None:
    return None


@dataclass
class RunReport:
    """What a run did: one disposition per input item, the articles touched, and timings."""

    dispositions: list[Disposition] = field(default_factory=list)
    article_ids: list[str] = field(default_factory=list)
    stories: list[StoryDossier] = field(default_factory=list)
    timings: dict[str, float] = field(default_factory=dict)
    placements: list[Any] = field(default_factory=list)
    """Where the run's new articles went (:class:`newsprism.cluster.service.Placement`)."""

    def counts(self) -> Counter[str]:
        return Counter(d.status for d in self.dispositions)

    def add_time(self, stage: str, seconds: float) -> None:
        self.timings[stage] = self.timings.get(stage, 0.0) + seconds


def exit_code(report: RunReport) -> int:
    """0 every item stored (or already stored), 1 some items were not, 3 none was.

    A skipped item (empty, binary, too large, no text, robots, blocked address) counts like
    a failed one here: it is bad or refused input the user named, and a script driving the
    CLI must be able to tell that something it asked for did not go in."""
    c = report.counts()
    rejected = c.get("failed", 0) + c.get("skipped", 0)
    if not report.dispositions:
        return 0
    if rejected and rejected == len(report.dispositions):
        return 3
    return 1 if rejected else 0


def extract_items(
    raws: Iterable[RawDocument | Disposition], report: RunReport
) -> Iterable[tuple[RawDocument, Article | None]]:
    """Extract each raw document; every failure or skip becomes a disposition in ``report``
    (the per-item boundary), and ``None`` stands in for the article."""
    from .extract import extract

    for item in raws:
        if isinstance(item, Disposition):
            report.dispositions.append(item)
            continue
        t0 = time.perf_counter()
        try:
            article = extract(item)
        except NewsprismError as exc:
            report.dispositions.append(Disposition(source=item.source, status=exc.status, reason=exc.reason))  # type: ignore[arg-type]
            article = None
        except Exception as exc:  # per-item boundary: record and go on
            log.debug("extract failed for %s", item.source, exc_info=True)
            report.dispositions.append(
                Disposition(source=item.source, status="failed", reason=f"failed:{type(exc).__name__}: {exc}")
            )
            article = None
        report.add_time("extract", time.perf_counter() - t0)
        yield item, article


def ingest(
    sources: Sequence[str],
    settings: Settings,
    store: Any,
    *,
    overrides: Mapping[str, str] | None = None,
    stdin: BinaryIO | None = None,
    fetcher: Any = None,
    progress: Progress = _no_progress,
    report: RunReport | None = None,
    cluster: bool = True,
    assigner: Any = None,
) -> RunReport:
    """Read every source, extract articles and store them, then (``cluster``) place the
    articles not yet in a story with the online clusterer. Never raises for a bad item."""
    from .ingest import iter_raw

    report = report or RunReport()
    raws = iter_raw(sources, settings, overrides=overrides, fetcher=fetcher, stdin=stdin)
    n = 0
    t_start = time.perf_counter()
    for raw, article in extract_items(raws, report):
        n += 1
        progress("ingest", n, None)
        if article is None:
            continue
        t0 = time.perf_counter()
        try:
            status = store.upsert_article(article)
        except NewsprismError as exc:
            report.dispositions.append(Disposition(source=raw.source, status="failed", reason=exc.reason))
            continue
        finally:
            report.add_time("store", time.perf_counter() - t0)
        report.dispositions.append(Disposition(source=raw.source, status=status, article_id=article.id))
        if article.id not in report.article_ids:
            report.article_ids.append(article.id)
    report.add_time("ingest_total", time.perf_counter() - t_start)
    if cluster and report.article_ids:
        assign_stories(report.article_ids, settings, store, report=report, assigner=assigner)
    return report


def online_config(settings: Settings) -> Any:
    """The online clusterer's configuration for these settings (split repair on or off)."""
    from .cluster.online import OnlineConfig
    from .cluster.service import split_config

    return split_config(OnlineConfig(), settings.story_splits)


def make_assigner(settings: Settings, store: Any) -> Any:
    """The store-backed online story assigner for these settings."""
    from .cluster.service import StoryAssigner

    return StoryAssigner(store, config=online_config(settings), embeddings=settings.embeddings)


def assign_stories(
    article_ids: Sequence[str],
    settings: Settings,
    store: Any,
    *,
    report: RunReport | None = None,
    assigner: Any = None,
) -> list[Any]:
    """Place the given stored articles that are not in a story yet (in time order) with the
    online clusterer; already placed articles are left alone, so a re-run writes nothing."""
    t0 = time.perf_counter()
    assigner = assigner or make_assigner(settings, store)
    placed = assigner.assign(store.articles(list(article_ids)))
    if report is not None:
        report.placements.extend(placed)
        report.add_time("cluster", time.perf_counter() - t0)
    return placed


def stories_of(article_ids: Sequence[str], store: Any) -> list[Story]:
    """The current stored stories of these articles, in order of first appearance."""
    sids = dict.fromkeys(store.story_ids_for_articles(list(article_ids)).get(i) for i in article_ids)
    out = []
    for sid in sids:
        if sid is not None and (story := store.get_story(sid)) is not None:
            out.append(story)
    return out


def story_dossiers(
    article_ids: Sequence[str],
    settings: Settings,
    store: Any,
    *,
    pipeline: Any = None,
    progress: Progress = _no_progress,
    report: RunReport | None = None,
) -> list[StoryDossier]:
    """Build (and store) the dossiers of the stories these articles belong to: every member
    of each story, earlier-stored ones included, analysed where needed."""
    stories = stories_of(article_ids, store)
    if not stories:
        return []
    members = store.articles(list(dict.fromkeys(i for s in stories for i in s.article_ids)))
    analyses = ensure_analyses(members, store, settings, pipeline=pipeline, progress=progress, report=report)
    dups = store.duplicates([a.id for a in members]) if hasattr(store, "duplicates") else {}
    return build_dossiers(
        members, analyses, settings, store=store, report=report, stories=stories, duplicates=dups
    )


def ensure_analyses(
    articles: Sequence[Article],
    store: Any,
    settings: Settings,
    *,
    pipeline: Any = None,
    progress: Progress = _no_progress,
    report: RunReport | None = None,
) -> dict[str, ArticleAnalysis]:
    """Return analyses for ``articles``, running the NLP stage (in batches) only where the
    stored analysis is missing or was made by another version of the NLP stage."""
    from .nlp import NlpPipeline

    nlp = pipeline or NlpPipeline(settings)
    if hasattr(store, "outlets") and hasattr(nlp, "add_outlets"):
        # Outlets the store knows are outlets when another article cites them.
        nlp.add_outlets(o.name for o in store.outlets())
    version = getattr(nlp, "version", "")
    have = store.get_analyses([a.id for a in articles])
    todo = [a for a in articles if a.id not in have or (version and have[a.id].nlp_version != version)]
    t0 = time.perf_counter()
    for done, analysis in enumerate(nlp.iter_analyze(todo, len(todo)), 1):
        store.save_analysis(analysis)
        have[analysis.article_id] = analysis
        progress("nlp", done, len(todo))
    if report is not None:
        report.add_time("nlp", time.perf_counter() - t0)
        for k, v in getattr(nlp, "timings", {}).items():
            report.timings[f"nlp.{k}"] = v
    t1 = time.perf_counter()
    embed_sentences(todo, have, settings, store, progress=progress)
    if report is not None and todo:
        report.add_time("nlp.vectors", time.perf_counter() - t1)
    return have


def comparison_embedder(settings: Settings, store: Any = None) -> Any:
    """The sentence embedder the comparison uses under these settings (None: words and
    entities only), reading and writing its vectors through ``store`` when it can keep
    them (:class:`~newsprism.embed.stored.StoredEmbedder`)."""
    if not settings.embeddings:
        return None
    from .compare.facts import story_embedder

    inner = story_embedder(settings.embedder)
    if inner is None or store is None or not hasattr(store, "save_sentence_vectors"):
        return inner
    from .embed import CachedEmbedder
    from .embed.stored import StoredEmbedder

    # the store is the cache: the model itself, not the process-wide in-memory cache
    # (which would grow with every sentence a long-running `watch` ever saw)
    return StoredEmbedder(inner.inner if isinstance(inner, CachedEmbedder) else inner, store)


VECTOR_BATCH_ARTICLES = 16


def embed_sentences(
    articles: Sequence[Article],
    analyses: Mapping[str, ArticleAnalysis],
    settings: Settings,
    store: Any,
    *,
    progress: Progress = _no_progress,
) -> int:
    """The NLP stage's last step: the comparison's sentence vectors of ``articles``,
    computed now (those not stored yet) and stored, so no comparison of any story they
    join computes them again. Returns how many were computed."""
    emb = comparison_embedder(settings, store)
    if emb is None or not hasattr(emb, "computed") or not articles:
        return 0
    from .compare.facts import sentence_texts

    arts = list(articles)
    for s in range(0, len(arts), VECTOR_BATCH_ARTICLES):
        chunk = arts[s : s + VECTOR_BATCH_ARTICLES]
        try:
            emb.embed(sentence_texts(chunk, {a.id: analyses[a.id] for a in chunk if a.id in analyses}))
        except Exception as exc:  # a broken model must not lose the analyses
            log.warning("sentence vectors not stored (%s); the comparison will compute them", exc)
            return int(emb.computed)
        progress("vectors", s + len(chunk), len(arts))
    return int(emb.computed)


def _load_aliases(settings: Settings) -> dict[str, list[str]]:
    if not settings.aliases:
        return {}
    from .nlp import load_aliases

    return load_aliases(settings.aliases)


def build_dossiers(
    articles: Sequence[Article],
    analyses: Mapping[str, ArticleAnalysis],
    settings: Settings,
    *,
    store: Any = None,
    report: RunReport | None = None,
    stories: Sequence[Story] | None = None,
    duplicates: Mapping[str, str] | None = None,
) -> list[StoryDossier]:
    """Build one dossier per story (stored if a store is given). ``stories`` are the stored
    stories of ``articles``; without them ``articles`` alone are clustered in memory (the
    online clusterer, nothing stored but the dossiers: benchmarks use this)."""
    from .cluster.service import cluster_in_memory
    from .compare import build_story_dossier
    from .nlp import resolve_entities

    aliases = _load_aliases(settings)
    t0 = time.perf_counter()
    if stories is None:
        stories = cluster_in_memory(articles, embeddings=settings.embeddings, config=online_config(settings))
    t1 = time.perf_counter()
    by_id = {a.id: a for a in articles}
    out: list[StoryDossier] = []
    embedder = comparison_embedder(settings, store)
    for story in stories:
        members = [by_id[i] for i in story.article_ids]
        member_an = [analyses[i] for i in story.article_ids if i in analyses]
        entities: list[Entity] = resolve_entities(members, member_an, aliases)
        dossier = build_story_dossier(
            story, members, {a.article_id: a for a in member_an}, entities, embedder=embedder
        )
        if duplicates:
            dossier = count_copies_once(dossier, duplicates)
        if store is not None:
            store.save_story(story, dossier)
        out.append(dossier)
    if report is not None:
        report.add_time("cluster", t1 - t0)
        report.add_time("compare", time.perf_counter() - t1)
        report.stories = out
    return out


def analyze(
    sources: Sequence[str],
    settings: Settings,
    store: Any,
    *,
    overrides: Mapping[str, str] | None = None,
    stdin: BinaryIO | None = None,
    fetcher: Any = None,
    progress: Progress = _no_progress,
) -> RunReport:
    """Ingest ``sources``, analyse the articles they hold and build their stories' dossiers."""
    report = ingest(
        sources, settings, store, overrides=overrides, stdin=stdin, fetcher=fetcher, progress=progress
    )
    if report.article_ids:
        ids = [*report.article_ids, *split_parts(report.placements, store)]
        story_dossiers(ids, settings, store, progress=progress, report=report)
    return report


def split_parts(placements: Sequence[Any], store: Any) -> list[str]:
    """An article of each story a split in ``placements`` touched: the store dropped both
    parts' dossiers, and the part no placed article is in is rebuilt only through it."""
    out = []
    for sid in dict.fromkeys(s for p in placements for pair in getattr(p, "split", ()) for s in pair):
        story = store.get_story(sid)
        if story is not None and story.article_ids:
            out.append(story.article_ids[0])
    return out


def count_copies_once(dossier: StoryDossier, duplicates: Mapping[str, str]) -> StoryDossier:
    """Near-duplicates (wire copies, re-posts) count once in a consensus fact's
    ``independent``: an outlet whose every evidence article in the fact is a copy of another
    evidence article of the fact (from another outlet) adds no independent report. The
    count is capped, never raised, so relays the comparison engine already discounted are
    not discounted twice."""
    outlet = {a.id: a.outlet or a.id for a in dossier.articles}
    facts = []
    changed = False
    for f in dossier.facts:
        if f.kind != "consensus" or f.independent is None:
            facts.append(f)
            continue
        ids = {e.article_id for e in f.evidence}
        by_outlet: dict[str, set[str]] = {}
        for i in ids:
            by_outlet.setdefault(outlet.get(i, i), set()).add(i)
        copies = sum(
            1
            for o, arts in by_outlet.items()
            if all(duplicates.get(i) in ids and outlet.get(duplicates[i], "") != o for i in arts)
        )
        cap = max(1, len(by_outlet) - copies)
        if copies and f.independent > cap:
            facts.append(f.model_copy(update={"independent": cap}))
            changed = True
        else:
            facts.append(f)
    return dossier.model_copy(update={"facts": facts}) if changed else dossier


def dossier_of(stories: Sequence[StoryDossier]) -> Dossier:
    return Dossier(stories=list(stories))


def parse_overrides(**flags: str | None) -> dict[str, str]:
    """CLI flags -> the ``meta`` overrides the ingest layer applies (``None`` = not given)."""
    out = {k: v for k, v in flags.items() if v is not None}
    if "published" in out:
        from datetime import datetime

        try:
            datetime.fromisoformat(out["published"].replace("Z", "+00:00"))
        except ValueError:
            import dateparser

            if dateparser.parse(out["published"]) is None:
                raise UsageError(f"--published: cannot read a date from {out['published']!r}") from None
    return out


def dispositions_jsonl(report: RunReport) -> str:
    return "\n".join(json.dumps(d.model_dump(mode="json")) for d in report.dispositions)


_LIST_LABELS = frozenset({"PERSON", "ORG", "GPE", "LOC", "NORP", "FAC", "EVENT"})


def story_rows(store: Any, limit: int | None = None, top: int = 3) -> list[dict[str, Any]]:
    """The stories list (most recently seen first): counts per outlet, article and copy
    counts, first/last seen and the ``top`` entities by the number of member articles that
    name them (from stored analyses; capitalised phrases for articles not analysed yet)."""
    from .cluster.features import cap_entities

    summaries = store.story_summaries(limit)
    ids = [i for s in summaries for i in s.article_ids]
    mentions = store.analysis_mentions(ids)
    missing = [i for i in ids if i not in mentions]
    texts = {a.id: f"{a.title}. {a.text[:600].rsplit(' ', 1)[0]}" for a in store.articles(missing)} if missing else {}
    rows = []
    for s in summaries:
        count: Counter[str] = Counter()
        shown: dict[str, str] = {}
        for aid in s.article_ids:
            if aid in mentions:
                names = [t for label, t in mentions[aid] if label in _LIST_LABELS]
            else:
                names = [p.title() for p in cap_entities(texts.get(aid, "")) if " " in p]
            keys = {}
            for n in names:
                n = " ".join(n.split())
                key = n.casefold()
                if key and key not in keys:
                    keys[key] = n
            for key, n in keys.items():
                count[key] += 1
                shown.setdefault(key, n)
        ranked = sorted(count.items(), key=lambda kv: (-kv[1], kv[0]))[:top]
        rows.append(
            {
                "id": s.id,
                "title": s.title,
                "first_seen": s.first_seen.isoformat() if s.first_seen else None,
                "last_seen": s.last_seen.isoformat() if s.last_seen else None,
                "articles": s.articles,
                "duplicates": s.duplicates,
                "outlets": s.outlets,
                "top_entities": [shown[k] for k, _ in ranked],
                "article_ids": s.article_ids,
                "split_from": s.split_from,
            }
        )
    return rows
