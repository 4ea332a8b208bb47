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
    "ensure_analyses",
    "build_dossiers",
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

    def counts(self) -> Counter[str]:
        return Counter(d.status for d in self.dispositions)

    def add_time(self, stage: str, seconds: float) -> None:
        self.timings[stage] = self.timings.get(stage, 0.0) + seconds


def exit_code(report: RunReport) -> int:
    """0 all fine, 1 some items failed, 3 every item failed (skips are not failures)."""
    c = report.counts()
    failed = c.get("failed", 0)
    if not report.dispositions:
        return 0
    if failed and failed == len(report.dispositions):
        return 3
    return 1 if failed else 0


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
) -> RunReport:
    """Read every source, extract articles and store them. Never raises for a bad item."""
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
    return report


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
    return have


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
) -> list[StoryDossier]:
    """Group ``articles`` into stories and build one dossier per story (stored if a store is given)."""
    from .cluster import group_stories
    from .compare import build_story_dossier
    from .nlp import resolve_entities

    aliases = _load_aliases(settings)
    t0 = time.perf_counter()
    stories: list[Story] = group_stories(articles, analyses, threshold=settings.story_threshold)
    t1 = time.perf_counter()
    by_id = {a.id: a for a in articles}
    out: list[StoryDossier] = []
    for story in stories:
        members = [by_id[i] for i in story.article_ids]
        member_an = [analyses[i] for i in story.article_ids if i in analyses]
        entities: list[Entity] = resolve_entities(members, member_an, aliases)
        dossier = build_story_dossier(
            story, members, {a.article_id: a for a in member_an}, entities,
            embedder="default" if settings.embeddings else None,
        )
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
    articles = store.articles(report.article_ids)
    if not articles:
        return report
    analyses = ensure_analyses(articles, store, settings, progress=progress, report=report)
    build_dossiers(articles, analyses, settings, store=store, report=report)
    return report


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
