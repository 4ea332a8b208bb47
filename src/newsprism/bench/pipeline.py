"""``newsprism bench pipeline``: whole-pipeline throughput and peak memory, per stage.

Runs extract -> store (a fresh SQLite file) -> nlp -> stories -> dossiers -> render on real
text, with no network: the demo corpus by default, or any JSONL (optionally ``.xz``/``.gz``)
of article records. Field names are mapped so that the Baly et al. (2020) AllSides dump
(``content_original``, ``source``, ``date``, ``authors``) reads as well as newsprism's own
(``text``, ``outlet``, ``published``, ``author``). Prints a per-stage table, then one JSON line.
"""

from __future__ import annotations

import gzip
import json
import lzma
import os
import resource
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path
from typing import IO, Any

from rich.console import Console
from rich.table import Table

from ..errors import UsageError
from ..models import Disposition, Dossier, RawDocument
from ..settings import Settings

__all__ = ["run_pipeline_bench", "read_records"]

_FIELD_MAP = {
    "text": ("text", "content_original", "content", "body"),
    "title": ("title", "headline"),
    "outlet": ("outlet", "source", "site_name"),
    "published": ("published", "date", "published_at"),
    "url": ("url", "link"),
    "author": ("author", "authors"),
}


def _open(path: Path) -> IO[str]:
    if path.suffix == ".xz":
        return lzma.open(path, "rt", encoding="utf-8")
    if path.suffix == ".gz":
        return gzip.open(path, "rt", encoding="utf-8")
    return path.open("r", encoding="utf-8")


def read_records(path: Path, n: int | None) -> Iterator[RawDocument]:
    """Yield up to ``n`` JSONL records as raw documents with newsprism's field names."""
    if not path.is_file():
        raise UsageError(f"--input {path}: no such file")
    count = 0
    with _open(path) as fh:
        for lineno, line in enumerate(fh, 1):
            if n is not None and count >= n:
                break
            line = line.strip()
            if not line:
                continue
            try:
                rec = json.loads(line)
            except ValueError:
                continue
            mapped: dict[str, Any] = {}
            for key, names in _FIELD_MAP.items():
                for name in names:
                    if rec.get(name):
                        mapped[key] = rec[name]
                        break
            count += 1
            yield RawDocument(
                source=f"{path.name}:{lineno}",
                kind="record",
                content=json.dumps(mapped).encode("utf-8"),
            )


def _cpu() -> float:
    """CPU seconds of this process plus its finished children (the nlp workers)."""
    own = resource.getrusage(resource.RUSAGE_SELF)
    kids = resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + kids.ru_utime + kids.ru_stime


def _load() -> list[float] | None:
    try:
        return [round(x, 2) for x in os.getloadavg()]
    except OSError:  # pragma: no cover - platforms without a load average
        return None


def _peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024.0


def run_pipeline_bench(
    settings: Settings, input: Path | None, n: int | None, *, console: Console | None = None
) -> dict[str, Any]:
    """Run the benchmark and return (and print) its figures."""
    from ..ingest import iter_raw
    from ..nlp import NlpPipeline
    from ..pipeline import (
        DEMO_CORPUS,
        RunReport,
        build_dossiers,
        comparison_embedder,
        embed_sentences,
        extract_items,
    )
    from ..render import render
    from ..store import Store

    console = console or Console(stderr=True)
    timings: dict[str, float] = {}
    cpu: dict[str, float] = {}  # CPU seconds per stage, workers included (wall-clock is noisy on a shared box)
    report = RunReport()
    load_start = _load()
    cpu_mark = [_cpu()]

    def tick(stage: str, t0: float) -> float:
        t1 = time.perf_counter()
        timings[stage] = timings.get(stage, 0.0) + (t1 - t0)
        c1 = _cpu()
        cpu[stage] = cpu.get(stage, 0.0) + (c1 - cpu_mark[0])
        cpu_mark[0] = c1
        return t1

    t0 = time.perf_counter()
    if input is None:
        raws: list[RawDocument | Disposition] = list(iter_raw([str(DEMO_CORPUS)], settings))
        label = "demo corpus"
    else:
        raws = list(read_records(input, n))
        label = str(input)
    if n is not None:
        raws = raws[:n]
    t0 = tick("read", t0)

    articles = [a for _, a in extract_items(raws, report) if a is not None]
    failures = len(report.dispositions)  # extract_items records only skips and failures
    t0 = tick("extract", t0)
    if not articles:
        raise UsageError("no articles could be read from the input")

    with tempfile.TemporaryDirectory(prefix="newsprism-bench-") as tmp:
        store = Store(f"sqlite:///{tmp}/bench.db")
        t0 = time.perf_counter()
        cpu_mark[0] = _cpu()
        for a in articles:
            store.upsert_article(a)
        t0 = tick("store", t0)

        nlp = NlpPipeline(settings)
        nlp.analyze(articles[:1])  # load and warm the model outside the timed stage
        comparison_embedder(settings, store)  # and the sentence embedder
        warm = dict(nlp.timings)
        t0 = tick("model load", t0)
        analyses = {an.article_id: an for an in nlp.iter_analyze(articles, len(articles))}
        t0 = tick("nlp", t0)
        for an in analyses.values():
            store.save_analysis(an)
        t0 = tick("store", t0)
        # the NLP stage's last step, as ensure_analyses runs it: the comparison's sentence
        # vectors, stored (the comparison below then reads them)
        embed_sentences(articles, analyses, settings, store)
        t0 = tick("vectors", t0)

        c_build = _cpu()
        stories = build_dossiers(articles, analyses, settings, store=store, report=report)
        cpu["cluster+compare"] = _cpu() - c_build
        t0 = time.perf_counter()
        cpu_mark[0] = _cpu()
        for s in stories:
            render(Dossier(stories=[s]), "html")
        tick("render", t0)
        store.close()

    timings["cluster"] = report.timings.get("cluster", 0.0)
    timings["compare"] = report.timings.get("compare", 0.0)
    nlp_parts = {f"nlp.{k}": v - warm.get(k, 0.0) for k, v in nlp.timings.items()}
    stages = ["read", "extract", "store", "nlp", "vectors", "cluster", "compare", "render"]
    total = sum(timings.get(s, 0.0) for s in stages)
    words = sum(len(a.text.split()) for a in articles)

    table = Table(title=f"bench pipeline: {len(articles)} articles from {label}", show_edge=False)
    for col in ("stage", "seconds", "share", "articles/s", "cpu s", "cpu ms/article"):
        table.add_column(col, justify="right" if col != "stage" else "left")
    for s in stages:
        sec = timings.get(s, 0.0)
        c = cpu.get(s)
        if s in ("cluster", "compare") and "cluster+compare" in cpu:  # split the pair's CPU by wall share
            both = timings.get("cluster", 0.0) + timings.get("compare", 0.0)
            c = cpu["cluster+compare"] * (sec / both) if both else 0.0
            cpu[s] = c
        table.add_row(s, f"{sec:.2f}", f"{100 * sec / total:.1f}%" if total else "-", f"{len(articles) / sec:.1f}" if sec else "-",
                      f"{c:.2f}" if c is not None else "-", f"{1000 * c / len(articles):.0f}" if c is not None else "-")
    parts_total = sum(nlp_parts.values())
    workers = nlp.processes_for(len(articles))
    for k, v in nlp_parts.items():  # CPU seconds summed over the workers: shares of the NLP work
        share = f"{100 * v / parts_total:.1f}% of nlp" if parts_total else "-"
        table.add_row(f"  {k} (cpu s, {workers} proc)", f"{v:.2f}", share, "")
    cpu_total = sum(cpu.get(s, 0.0) for s in stages)
    table.add_row("total (excl. model load)", f"{total:.2f}", "100%", f"{len(articles) / total:.1f}" if total else "-",
                  f"{cpu_total:.2f}", f"{1000 * cpu_total / len(articles):.0f}")
    console.print(table)
    figures = {
        "bench": "pipeline",
        "input": label,
        "articles": len(articles),
        "failed": failures,
        "words": words,
        "stories": len(stories),
        "seconds": round(total, 3),
        "articles_per_s": round(len(articles) / total, 2) if total else None,
        "model_load_s": round(timings.get("model load", 0.0), 2),
        "nlp_processes": nlp.processes_for(len(articles)),
        "embeddings": settings.embeddings,
        "stages_s": {s: round(timings.get(s, 0.0), 3) for s in stages},
        "nlp_parts_s": {k: round(v, 3) for k, v in nlp_parts.items()},
        "peak_rss_mb": round(_peak_mb(), 1),
        "cpu_s": round(cpu_total, 3),
        "cpu_stages_s": {s: round(cpu.get(s, 0.0), 3) for s in stages},
        "load_avg_start": load_start,
        "load_avg_end": _load(),
        "parsed_token_share": round(nlp.runner.tokens_parsed / nlp.runner.tokens_seen, 3)
        if getattr(nlp, "runner", None) is not None and nlp.runner.tokens_seen else None,
    }
    print(json.dumps(figures))
    return figures
