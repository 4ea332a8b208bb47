"""``newsprism watch``: poll RSS/Atom feeds, ingest new entries, keep stories up to date.

Each poll, per feed: a conditional GET (``If-None-Match`` / ``If-Modified-Since`` from the
validators stored with the feed, so a restart keeps them); a 304 ends there. Otherwise the
entries not seen before (by guid, else link; remembered in the store) are fetched, one at
a time through the one polite :class:`~newsprism.ingest.Fetcher` (robots.txt, per-domain
delay, address guard), extracted and stored; an entry is remembered once its article is
stored, so an interrupted poll resumes where it stopped and an entry that failed on the
network is tried again next poll. The feed's validators are saved only after its entries
are done. Then the new articles are placed in stories by the online clusterer (in time
order) and, with NLP on, analysed and their stories' dossiers rebuilt.

Stopping: :class:`StopFlag` turns SIGINT/SIGTERM into a flag checked between entries,
between feeds, between analyses and while sleeping, so the store transaction in progress
always completes (every write is one transaction) and nothing half-done is left; a second
signal interrupts at once (the open transaction rolls back).
"""

from __future__ import annotations

import signal
import threading
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from types import FrameType
from typing import Any

from .errors import FetchError, NewsprismError, UsageError
from .models import Disposition
from .settings import Settings

__all__ = ["StopFlag", "Watcher", "PollReport", "FeedPoll"]


class StopFlag:
    """Set by SIGINT/SIGTERM (once; the second signal raises KeyboardInterrupt)."""

    def __init__(self) -> None:
        self._event = threading.Event()
        self.signal: str | None = None
        self._previous: dict[int, Any] = {}

    def __bool__(self) -> bool:
        return self._event.is_set()

    def set(self, why: str = "stop") -> None:
        self.signal = self.signal or why
        self._event.set()

    def wait(self, seconds: float) -> bool:
        return self._event.wait(max(0.0, seconds))

    def _handler(self, signum: int, frame: FrameType | None) -> None:
        if self._event.is_set():
            raise KeyboardInterrupt
        self.set(signal.Signals(signum).name)

    def install(self) -> None:
        for sig in (signal.SIGINT, signal.SIGTERM):
            self._previous[sig] = signal.signal(sig, self._handler)

    def restore(self) -> None:
        for sig, handler in self._previous.items():
            signal.signal(sig, handler)
        self._previous.clear()


class _Stopped(Exception):
    """Raised from a progress callback to leave the NLP stage between two articles."""


@dataclass
class FeedPoll:
    url: str
    http: int | None = None
    new_entries: int = 0
    articles: list[str] = field(default_factory=list)
    failed: list[Disposition] = field(default_factory=list)
    error: str | None = None


@dataclass
class PollReport:
    n: int
    started: datetime
    feeds: list[FeedPoll] = field(default_factory=list)
    placements: list[Any] = field(default_factory=list)
    dossiers: int = 0
    seconds: float = 0.0
    interrupted: bool = False

    @property
    def articles(self) -> list[str]:
        return [a for f in self.feeds for a in f.articles]

    def line(self) -> str:
        not_mod = sum(1 for f in self.feeds if f.http == 304)
        broken = sum(1 for f in self.feeds if f.error)
        new = sum(1 for p in self.placements if p.is_new)
        grown = len({p.story_id for p in self.placements if not p.is_new})
        merged = sum(len(p.merged) for p in self.placements)
        split = sum(len(p.split) for p in self.placements)
        dups = sum(1 for p in self.placements if p.duplicate_of)
        failed = sum(len(f.failed) for f in self.feeds)
        parts = [
            f"poll {self.n} {self.started.strftime('%H:%M:%S')}",
            f"feeds {len(self.feeds)} ({not_mod} not modified, {broken} failed)",
            f"entries {sum(f.new_entries for f in self.feeds)} new ({failed} failed)",
            f"articles {len(self.articles)} stored ({dups} copies)",
            f"stories {new} new, {grown} grown, {merged} merged" + (f", {split} split" if split else ""),
        ]
        if self.dossiers:
            parts.append(f"dossiers {self.dossiers}")
        parts.append(f"{self.seconds:.2f}s" + (" (stopped early)" if self.interrupted else ""))
        return " | ".join(parts)


def check_feed_urls(feeds: Sequence[str]) -> list[str]:
    bad = [f for f in feeds if not f.lower().startswith(("http://", "https://"))]
    if bad:
        raise UsageError(f"watch needs http(s) feed URLs, not {bad[0]!r}")
    return list(dict.fromkeys(feeds))


class Watcher:
    """Polls ``feeds`` into ``store`` (see module docs). ``nlp=False`` stores articles and
    stories only (no analyses, no dossiers)."""

    def __init__(
        self,
        feeds: Sequence[str],
        settings: Settings,
        store: Any,
        *,
        nlp: bool = True,
        stop: StopFlag | None = None,
        fetcher: Any = None,
    ) -> None:
        from .ingest import Fetcher
        from .pipeline import make_assigner

        self.feeds = check_feed_urls(feeds)
        if settings.nlp_processes == 0:
            # worker processes would take the terminal's Ctrl-C too; polls are small
            settings = settings.model_copy(update={"nlp_processes": 1})
        self.settings = settings
        self.store = store
        self.nlp = nlp
        self.stop = stop if stop is not None else StopFlag()
        self._own_fetcher = fetcher is None
        self.fetcher = fetcher or Fetcher(settings)
        self.assigner = make_assigner(settings, store)
        self._pipeline: Any = None
        self.polls = 0
        self.totals = {"articles": 0, "stories_new": 0, "merged": 0, "split": 0, "failed": 0, "dossiers": 0}

    def close(self) -> None:
        if self._own_fetcher:
            self.fetcher.close()

    # ------------------------------------------------------------------ one feed
    def poll_feed(self, url: str) -> FeedPoll:
        from .extract import extract
        from .ingest.feeds import entry_document, feed_entries, is_feed_type, parse_feed
        from .ingest.sources import _Reader

        fp = FeedPoll(url)
        state = self.store.feed_state(url)
        try:
            res = self.fetcher.fetch_conditional(
                url,
                etag=state.etag if state else None,
                last_modified=state.last_modified if state else None,
            )
        except NewsprismError as exc:
            fp.error = str(exc)
            return fp
        fp.http = res.status
        if res.status == 304:
            self.store.save_feed_state(url, status=304)
            return fp
        try:
            if not is_feed_type(res.content_type, res.content):
                raise FetchError(f"{url}: not an RSS/Atom feed ({res.content_type or 'no type'})", code="not-a-feed")
            entries = feed_entries(parse_feed(res.content, source=url, base_url=res.url), source=url, overrides={})
        except NewsprismError as exc:
            fp.error = str(exc)
            return fp
        seen = self.store.seen_entries(url, [e.key for e in entries])
        reader = _Reader(self.settings, {}, self.fetcher)
        complete = True
        for entry in entries:
            if entry.key in seen:
                continue
            if self.stop:
                complete = False
                break
            seen.add(entry.key)
            fp.new_entries += 1
            try:
                article = extract(entry_document(entry, fetcher=reader.fetcher, to_raw=reader.from_fetch))
                self.store.upsert_article(article)
            except NewsprismError as exc:
                fp.failed.append(Disposition(source=entry.name, status=exc.status, reason=exc.reason))  # type: ignore[arg-type]
                if isinstance(exc, FetchError) and exc.status == "failed":
                    continue  # network trouble: try this entry again next poll
                self.store.mark_entry(url, entry.key, None)
                continue
            self.store.mark_entry(url, entry.key, article.id)
            if article.id not in fp.articles:
                fp.articles.append(article.id)
        if complete:
            self.store.save_feed_state(
                url,
                status=res.status,
                etag=res.headers.get("etag"),
                last_modified=res.headers.get("last-modified"),
            )
        return fp

    # ------------------------------------------------------------------ one poll
    def poll(self, extra: Sequence[str] = ()) -> PollReport:
        """Poll every feed once, then place, analyse and summarise. ``extra`` article ids
        (stored but not placed, e.g. after an interruption) are placed too."""
        from .pipeline import split_parts, story_dossiers

        self.polls += 1
        t0 = time.perf_counter()
        rep = PollReport(self.polls, datetime.now(UTC))
        for url in self.feeds:
            if self.stop:
                rep.interrupted = True
                break
            rep.feeds.append(self.poll_feed(url))
        if self.stop:
            rep.interrupted = True
        ids = list(dict.fromkeys([*extra, *rep.articles]))
        if ids:
            rep.placements = self.assigner.assign(self.store.articles(ids))
        if ids and self.nlp and not self.stop:
            rep.dossiers = self._dossiers([*ids, *split_parts(rep.placements, self.store)], story_dossiers)
        rep.seconds = time.perf_counter() - t0
        t = self.totals
        t["articles"] += len(rep.articles)
        t["stories_new"] += sum(1 for p in rep.placements if p.is_new)
        t["merged"] += sum(len(p.merged) for p in rep.placements)
        t["split"] += sum(len(p.split) for p in rep.placements)
        t["failed"] += sum(len(f.failed) + (1 if f.error else 0) for f in rep.feeds)
        t["dossiers"] += rep.dossiers
        return rep

    def _dossiers(self, ids: Sequence[str], story_dossiers: Callable[..., Any]) -> int:
        if self._pipeline is None:
            from .nlp import NlpPipeline

            self._pipeline = NlpPipeline(self.settings)

        def progress(stage: str, done: int, total: int | None) -> None:
            if self.stop:
                raise _Stopped

        try:
            return len(story_dossiers(ids, self.settings, self.store, pipeline=self._pipeline, progress=progress))
        except _Stopped:
            return 0

    # ------------------------------------------------------------------ loop
    def run(
        self, interval: float, *, once: bool = False, emit: Callable[[str], None] = print
    ) -> list[PollReport]:
        """Poll until stopped (or once). Articles a previous run stored but did not place
        are placed in the first poll."""
        reports = []
        pending = self.store.unassigned_ids()
        while True:
            started = time.monotonic()
            rep = self.poll(pending)
            pending = []
            reports.append(rep)
            emit(rep.line())
            for f in rep.feeds:
                if f.error:
                    emit(f"  feed failed: {f.url}: {f.error}")
                for d in f.failed:
                    emit(f"  {d.status}: {d.source}: {d.reason}")
            if once or self.stop:
                break
            if self.stop.wait(interval - (time.monotonic() - started)):
                break
        return reports

    def summary(self) -> str:
        t = self.totals
        why = f" ({self.stop.signal})" if self.stop.signal else ""
        return (
            f"watch stopped{why} after {self.polls} poll{'s' * (self.polls != 1)}: "
            f"{t['articles']} articles stored, {t['stories_new']} new stories, {t['merged']} merges, "
            + (f"{t['split']} splits, " if t["split"] else "")
            + f"{t['dossiers']} dossiers, {t['failed']} failures"
        )
