"""The ``newsprism`` command line.

Commands are thin: they validate arguments and call plain functions in
:mod:`newsprism.pipeline`, the store and the renderers. Errors a user can cause become one
line on stderr and an exit code: 0 ok, 1 some items failed, 2 usage, 3 all items failed.
"""

from __future__ import annotations

import logging
import os
import sys
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.console import Console
from rich.table import Table

from .. import __version__
from ..errors import NewsprismError, NotFound, UsageError
from ..settings import Settings, load_settings

__all__ = ["app", "run"]

app = typer.Typer(
    name="newsprism",
    help="See one news story through every outlet that covers it.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
    rich_markup_mode=None,
)
bench_app = typer.Typer(help="Benchmarks that print numbers (figures go in the README).", no_args_is_help=True)
app.add_typer(bench_app, name="bench")

err = Console(stderr=True, highlight=False, soft_wrap=True)
out = Console(highlight=False, soft_wrap=True)


class _State:
    def __init__(self) -> None:
        self.global_flags: dict[str, Any] = {}  # --db/--config from the top-level callback


state = _State()


def _settings(**flags: Any) -> Settings:
    merged = {**state.global_flags, **{k: v for k, v in flags.items() if v is not None}}
    config = merged.pop("config", None)
    return load_settings(config, **merged)


def _open_store(settings: Settings, *, create: bool = True) -> Any:
    """The store; read-only commands pass ``create=False`` so that a mistyped --db is an
    error instead of a new empty database."""
    from ..store import Store

    return Store(settings.db, create=create)


@app.callback()
def main(
    db: Annotated[str | None, typer.Option("--db", help="SQLAlchemy database URL or SQLite file path")] = None,
    config: Annotated[Path | None, typer.Option("--config", help="TOML/JSON settings file")] = None,
    verbose: Annotated[int, typer.Option("-v", "--verbose", count=True, help="more logging on stderr")] = 0,
    version: Annotated[bool, typer.Option("--version", help="print the version and exit")] = False,
) -> None:
    if version:
        out.print(f"newsprism {__version__}")
        raise typer.Exit(0)
    logging.basicConfig(
        level=logging.WARNING - 10 * min(verbose, 2),
        format="%(levelname)s %(name)s: %(message)s",
        stream=sys.stderr,
    )
    flags: dict[str, Any] = {"config": config}
    if db is not None:
        flags["db"] = db if "://" in db else f"sqlite:///{db}"
    state.global_flags = flags


# ---------------------------------------------------------------- helpers


def _progress_cb() -> Any:
    """A rich progress callback on a terminal, nothing otherwise."""
    if not sys.stderr.isatty():
        return None
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

    prog = Progress(
        TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn(), console=err
    )
    tasks: dict[str, Any] = {}

    def cb(stage: str, done: int, total: int | None) -> None:
        if not prog.live.is_started:
            prog.start()
        if stage not in tasks:
            tasks[stage] = prog.add_task(stage, total=total)
        prog.update(tasks[stage], completed=done, total=total)

    cb.stop = prog.stop  # type: ignore[attr-defined]
    return cb


def _summary(report: Any) -> None:
    c = report.counts()
    table = Table(title="dispositions", show_edge=False, box=None)
    table.add_column("status")
    table.add_column("count", justify="right")
    for status in ("ingested", "updated", "unchanged", "skipped", "failed"):
        if c.get(status):
            table.add_row(status, str(c[status]))
    err.print(table)
    for d in report.dispositions:
        if d.status in ("skipped", "failed"):
            err.print(f"  {d.status}: {d.source}: {d.reason}", markup=False)
    if c.get("unchanged") and not (c.get("ingested") or c.get("updated")):
        err.print("nothing new: every input was already stored unchanged", markup=False)
    placed = getattr(report, "placements", [])
    if placed:
        new = sum(1 for p in placed if p.is_new)
        born = {p.story_id for p in placed if p.is_new}  # stories this run started
        joined = len({p.story_id for p in placed if not p.is_new} - born)
        merged = sum(len(p.merged) for p in placed)
        split = sum(len(getattr(p, "split", ())) for p in placed)
        copies = sum(1 for p in placed if p.duplicate_of)
        err.print(
            f"stories: {len(placed)} article(s) placed, {new} new stor{'y' if new == 1 else 'ies'}, "
            f"{joined} existing grew, {merged} merge(s), "
            + (f"{split} split(s), " if split else "")
            + f"{copies} near-duplicate(s)",
            markup=False,
        )


def _overrides(outlet: str | None, published: str | None, url: str | None, title: str | None) -> dict[str, str]:
    from ..pipeline import parse_overrides

    return parse_overrides(outlet=outlet, published=published, url=url, title=title)


def _write(text: str, output: Path | None) -> None:
    if output is None:
        sys.stdout.write(text if text.endswith("\n") else text + "\n")
        return
    try:
        output.parent.mkdir(parents=True, exist_ok=True)
        output.write_text(text, encoding="utf-8")
    except OSError as exc:
        raise UsageError(f"cannot write {output}: {exc.strerror or exc}") from None
    err.print(f"wrote {output}", markup=False)


def _fmt_for(fmt: str | None, output: Path | None) -> str:
    if fmt is None:
        suffix = output.suffix.lower().lstrip(".") if output else ""
        fmt = {"htm": "html", "html": "html", "md": "md", "markdown": "md", "json": "json"}.get(suffix, "json")
    fmt = fmt.lower()
    if fmt not in ("json", "md", "html"):
        raise UsageError(f"--format must be json, md or html, not {fmt!r}")
    return fmt


Outlet = Annotated[str | None, typer.Option("--outlet", help="outlet name for every input")]
Published = Annotated[str | None, typer.Option("--published", help="publication date for every input")]
Url = Annotated[str | None, typer.Option("--url", help="original URL for every input")]
Title = Annotated[str | None, typer.Option("--title", help="headline for every input")]
Split = Annotated[
    bool | None,
    typer.Option(
        "--split/--no-split",
        help="split repair of stories (opt-in; default: the story_splits setting, off)",
        show_default=False,
    ),
]
AllowPrivate = Annotated[
    bool, typer.Option("--allow-private", help="allow fetching private/loopback/link-local addresses")
]
Sources = Annotated[list[str], typer.Argument(help="files, directories, URLs, feeds, or - for stdin")]


def _run_ingest(analyze: bool, sources: list[str], overrides: dict[str, str], settings: Settings) -> Any:
    from .. import pipeline

    progress = _progress_cb()
    with _open_store(settings) as store:
        try:
            fn = pipeline.analyze if analyze else pipeline.ingest
            report = fn(
                sources,
                settings,
                store,
                overrides=overrides,
                stdin=sys.stdin.buffer if "-" in sources else None,
                progress=progress or pipeline._no_progress,
            )
        finally:
            if progress is not None:
                progress.stop()
    return report


# ---------------------------------------------------------------- commands


@app.command()
def ingest(
    sources: Sources,
    outlet: Outlet = None,
    published: Published = None,
    url: Url = None,
    title: Title = None,
    allow_private: AllowPrivate = False,
    jsonl: Annotated[bool, typer.Option("--jsonl", help="print one JSON disposition per input on stdout")] = False,
    split: Split = None,
) -> None:
    """Read articles from SOURCES and store them (re-running is a no-op)."""
    from ..pipeline import dispositions_jsonl, exit_code

    settings = _settings(allow_private=allow_private or None, story_splits=split)
    report = _run_ingest(False, sources, _overrides(outlet, published, url, title), settings)
    if jsonl:
        _write(dispositions_jsonl(report), None)
    _summary(report)
    raise typer.Exit(exit_code(report))


@app.command()
def analyze(
    sources: Sources,
    fmt: Annotated[str | None, typer.Option("--format", "-f", help="json, md or html (default from -o, else json)")] = None,
    output: Annotated[Path | None, typer.Option("-o", "--output", help="write the dossier here")] = None,
    outlet: Outlet = None,
    published: Published = None,
    url: Url = None,
    title: Title = None,
    allow_private: AllowPrivate = False,
    aliases: Annotated[Path | None, typer.Option("--aliases", help="JSON file {name: [aliases]}")] = None,
    split: Split = None,
) -> None:
    """Ingest SOURCES, group them into stories and write their dossiers."""
    from ..pipeline import dossier_of, exit_code
    from ..render import render

    kind = _fmt_for(fmt, output)
    settings = _settings(
        allow_private=allow_private or None, aliases=str(aliases) if aliases else None, story_splits=split
    )
    report = _run_ingest(True, sources, _overrides(outlet, published, url, title), settings)
    _summary(report)
    if report.stories:
        _write(render(dossier_of(report.stories), kind), output)  # type: ignore[arg-type]
        err.print(f"{len(report.stories)} stor{'y' if len(report.stories) == 1 else 'ies'} from {len(report.article_ids)} articles", markup=False)
    else:
        err.print("no articles to analyze", markup=False)
    code = exit_code(report)
    raise typer.Exit(code if report.stories or code else 3)


@app.command()
def stories(
    jsonl: Annotated[bool, typer.Option("--jsonl", help="one JSON object per story on stdout")] = False,
    as_json: Annotated[bool, typer.Option("--json", help="a JSON array of the stories on stdout")] = False,
    limit: Annotated[int | None, typer.Option("--limit", "-n", min=1, help="the N most recently seen stories")] = None,
) -> None:
    """List the stored stories: outlets, articles, first/last seen, top entities."""
    import json

    from ..pipeline import story_rows

    with _open_store(_settings(), create=False) as store:
        rows = story_rows(store, limit)
    if as_json:
        _write(json.dumps(rows, ensure_ascii=False, indent=1), None)
        return
    if jsonl:
        for r in rows:
            print(json.dumps(r, ensure_ascii=False))
        return
    if not rows:
        err.print("no stories yet: run `newsprism ingest SRC...` or `newsprism watch FEED...`", markup=False)
        return
    from rich import box
    from rich.text import Text

    wide = out.width >= 140  # a narrow terminal gets one "seen" column, entities under the title
    table = Table(show_edge=False, box=box.SIMPLE_HEAD, pad_edge=False, padding=(0, 1))
    table.add_column("id", no_wrap=True)
    table.add_column("outlets", justify="right", no_wrap=True)
    table.add_column("articles", justify="right", no_wrap=True)
    if wide:
        table.add_column("first seen", no_wrap=True)
        table.add_column("last seen", no_wrap=True)
        table.add_column("top entities", ratio=1)
    else:
        table.add_column("seen", no_wrap=True)
    table.add_column("title" if wide else "title / top entities", ratio=2)
    for r in rows:
        n = r["duplicates"]
        arts = str(r["articles"]) + (f" ({n} cop{'y' if n == 1 else 'ies'})" if n else "")
        first, last = (r["first_seen"] or "")[:16], (r["last_seen"] or "")[:16]
        ents = ", ".join(r["top_entities"])
        cells = [r["id"], str(len(r["outlets"])), arts]
        head = r["title"] + (f" (split from {r['split_from']})" if r.get("split_from") else "")
        if wide:
            cells += [first.replace("T", " "), last.replace("T", " "), ents, head]
        else:
            seen = first[:10] + ("" if last[:10] == first[:10] else f" to {last[5:10]}")
            title = Text(head)
            if ents:
                title.append("\n" + ents, style="dim")
            cells += [seen, title]  # type: ignore[list-item]
        table.add_row(*cells)
    out.print(table)


@app.command()
def watch(
    feeds: Annotated[list[str], typer.Argument(help="RSS/Atom feed URLs to poll")],
    interval: Annotated[float, typer.Option("--interval", min=0.1, help="seconds between polls")] = 300.0,
    once: Annotated[bool, typer.Option("--once", help="poll once and exit (for cron and tests)")] = False,
    nlp: Annotated[bool, typer.Option("--nlp/--no-nlp", help="analyse new articles and rebuild their stories' dossiers")] = True,
    allow_private: AllowPrivate = False,
    split: Split = None,
) -> None:
    """Poll FEEDS until stopped: new entries are stored and placed in stories.

    Conditional GETs (ETag / Last-Modified kept in the store), only new entries fetched,
    robots.txt and a per-host delay respected. Ctrl-C or SIGTERM stops after the current
    step and prints a summary; a second Ctrl-C stops at once.
    """
    from ..watch import StopFlag, Watcher, check_feed_urls

    check_feed_urls(feeds)
    settings = _settings(allow_private=allow_private or None, story_splits=split)
    stop = StopFlag()
    stop.install()
    try:
        with _open_store(settings) as store:
            watcher = Watcher(feeds, settings, store, nlp=nlp, stop=stop)
            try:
                reports = watcher.run(interval, once=once, emit=lambda line: out.print(line, markup=False))
            except KeyboardInterrupt:  # the second signal: the step in progress was rolled back
                err.print(f"{watcher.summary()}; interrupted at once", markup=False)
                raise typer.Exit(130) from None
            finally:
                watcher.close()
            err.print(watcher.summary(), markup=False)
    finally:
        stop.restore()
    if once:
        broken = sum(1 for f in reports[-1].feeds if f.error)
        raise typer.Exit(3 if broken and broken == len(reports[-1].feeds) else 1 if broken else 0)
    raise typer.Exit(0)


@app.command()
def show(
    story: Annotated[str, typer.Argument(help="story id (or a unique prefix)")],
    fmt: Annotated[str | None, typer.Option("--format", "-f", help="json, md or html")] = None,
    output: Annotated[Path | None, typer.Option("-o", "--output")] = None,
) -> None:
    """Print a stored story's dossier (Markdown by default)."""
    from ..models import Dossier
    from ..render import render

    kind = _fmt_for(fmt or (None if output else "md"), output)
    with _open_store(_settings(), create=False) as store:
        found = store.get_story(story)
        if found is None:
            raise NotFound(f"no story {story!r}: `newsprism stories` lists them")
        dossier = store.get_dossier(found.id)
        if dossier is None:
            raise NotFound(f"story {found.id} has no dossier yet: run `newsprism analyze` on its articles")
    _write(render(Dossier(stories=[dossier]), kind), output)  # type: ignore[arg-type]


@app.command()
def search(
    text: Annotated[str, typer.Argument(help="words to look for in titles and texts")],
    limit: Annotated[int, typer.Option("--limit", "-n", min=1, max=1000)] = 20,
    jsonl: Annotated[bool, typer.Option("--jsonl")] = False,
) -> None:
    """Full-text search over stored articles."""
    import json

    with _open_store(_settings(), create=False) as store:
        hits = store.search(text, limit=limit)
    if jsonl:
        for art, snippet in hits:
            print(json.dumps({"id": art.id, "outlet": art.outlet, "title": art.title, "snippet": snippet}))
        return
    if not hits:
        err.print(f"no article matches {text!r}", markup=False)
        return
    for art, snippet in hits:
        out.print(f"[bold]{art.id}[/bold]  {art.outlet or '?'}  {art.title}", markup=True)
        out.print(f"    {snippet}", markup=False)


@app.command()
def demo(
    output: Annotated[Path, typer.Option("-o", "--output", help="where to write the HTML dossier")] = Path(
        "demo-dossier.html"
    ),
) -> None:
    """Analyze the bundled demo corpus and write its HTML dossier."""
    from ..pipeline import DEMO_CORPUS, dossier_of, exit_code
    from ..render import render

    flags: dict[str, Any] = {"aliases": str(DEMO_CORPUS / "aliases.json")}
    if "db" not in state.global_flags and not os.environ.get("NEWSPRISM_DB"):
        flags["db"] = "sqlite:///newsprism-demo.db"
    settings = _settings(**flags)
    report = _run_ingest(True, [str(DEMO_CORPUS)], {}, settings)
    _summary(report)
    _write(render(dossier_of(report.stories), "html"), output)
    md_lines = [f"{len(report.stories)} stories, {len(report.article_ids)} articles"]
    for s in report.stories:
        kinds: dict[str, int] = {}
        for f in s.facts:
            kinds[f.kind] = kinds.get(f.kind, 0) + 1
        md_lines.append(
            f"  {s.id}  {len(s.articles)} articles  {s.title}  "
            f"facts={kinds} quotes={len(s.quotes)} citations={len(s.citations)}"
        )
    err.print("\n".join(md_lines), markup=False)
    raise typer.Exit(exit_code(report))


@app.command()
def serve(
    host: Annotated[str, typer.Option("--host", help="address to bind (loopback unless told otherwise)")] = "127.0.0.1",
    port: Annotated[int, typer.Option("--port", min=1, max=65535)] = 8000,
) -> None:
    """Serve the web app and JSON API over the store."""
    from ..web import serve as run_server

    run_server(_settings(), host=host, port=port)


@app.command("settings")
def show_settings() -> None:
    """Print every setting with its value, default and description."""
    current = _settings()
    table = Table(show_edge=False)
    for col in ("name", "value", "default", "description"):
        table.add_column(col)
    for name, f in Settings.model_fields.items():
        table.add_row(name, repr(getattr(current, name)), repr(f.default), f.description or "")
    out.print(table)


@bench_app.command("pipeline")
def bench_pipeline(
    input: Annotated[Path | None, typer.Option("--input", help="JSONL(.xz) of articles; default: the demo corpus")] = None,
    n: Annotated[int | None, typer.Option("--n", min=1, help="use the first N articles")] = None,
    batch_size: Annotated[int | None, typer.Option("--batch-size", min=1)] = None,
    embeddings: Annotated[bool | None, typer.Option("--embeddings/--no-embeddings", help="align with sentence embeddings (default: the embeddings setting)")] = None,
) -> None:
    """Whole-pipeline throughput (articles/s, no network) and peak memory, per stage."""
    from ..bench.pipeline import run_pipeline_bench

    settings = _settings(nlp_batch_size=batch_size, embeddings=embeddings)
    run_pipeline_bench(settings, input, n, console=err)


@bench_app.command("quotes")
def bench_quotes(
    polnear: Annotated[Path, typer.Option("--polnear", help="the PolNeAR folder (../shared/data/polnear)")],
    split: Annotated[str, typer.Option("--split", help="train, dev or test")] = "dev",
    limit: Annotated[int | None, typer.Option("--limit", min=1, help="first N documents only")] = None,
) -> None:
    """Score quote extraction against PolNeAR (per role and per relation)."""
    from ..bench.quotes import run_quotes_bench

    if split not in ("train", "dev", "test"):
        raise UsageError(f"--split must be train, dev or test, not {split!r}")
    if not polnear.exists():
        raise UsageError(f"--polnear {polnear}: no such directory")
    run_quotes_bench(polnear, split, limit, console=err, settings=_settings())


@bench_app.command("web")
def bench_web(
    n: Annotated[int, typer.Option("--n", min=50, help="synthetic articles to store")] = 100_000,
    repeat: Annotated[int, typer.Option("--repeat", min=1)] = 15,
) -> None:
    """Server-side render time of a 50-article story page and the stories list."""
    import tempfile

    from ..web.bench import run_web_bench

    with tempfile.TemporaryDirectory(prefix="newsprism-web-bench-") as tmp:
        flags = {} if "db" in state.global_flags else {"db": f"sqlite:///{tmp}/web.db"}
        run_web_bench(_settings(**flags), n_articles=n, repeat=repeat)


@bench_app.command("cluster")
def bench_cluster(
    data: Annotated[Path, typer.Option("--data", help="the evaluation data folder (../shared/data)")],
    synthetic: Annotated[int | None, typer.Option("--synthetic", min=100, help="also time a synthetic stream of N articles")] = None,
    embeddings: Annotated[bool, typer.Option("--embeddings/--no-embeddings", help="use the MiniLM embedder")] = True,
    embed_cache: Annotated[Path | None, typer.Option("--embed-cache", help="keep the streams' embeddings in this folder between runs")] = None,
    allsides_spread: Annotated[int, typer.Option("--allsides-spread", min=1, help="hours before its roundup an AllSides excerpt without a dated link is stamped (0 to this)")] = 24,
    allsides_link_days: Annotated[bool, typer.Option("--allsides-link-days/--no-allsides-link-days", help="stamp an AllSides excerpt on the day its link names")] = True,
) -> None:
    """Story clustering quality (BCubed, pairwise) on real streams, and speed on synthetic ones.
    ``--allsides-spread 48 --no-allsides-link-days`` is the stream before the sixth round."""
    from ..bench.cluster import run_cluster_bench

    if not data.is_dir():
        raise UsageError(f"--data {data}: no such directory")
    run_cluster_bench(
        data,
        synthetic,
        console=err,
        embeddings=embeddings,
        embed_cache=embed_cache,
        allsides={"spread_hours": allsides_spread, "url_dates": allsides_link_days},
    )


@bench_app.command("compare")
def bench_compare(
    basil: Annotated[Path | None, typer.Option("--basil", help="BASIL folder (../shared/data/basil): lex/inf bias recovery")] = None,
    neus: Annotated[Path | None, typer.Option("--neus", help="NeuS folder (../shared/data/neus_allsides): ROUGE of the consensus summary")] = None,
    lim: Annotated[Path | None, typer.Option("--lim", help="lim2020 folder (../shared/data/lim2020_biased_sents): framing vs crowd ratings")] = None,
    speed_data: Annotated[Path | None, typer.Option("--speed-data", help="JSONL(.xz) of real articles for the 5..100-article timing, e.g. ../shared/data/baly2020_allsides/articles.jsonl.xz")] = None,
    speed_sizes: Annotated[str | None, typer.Option("--speed-sizes", help="story sizes in articles for --speed-data, comma-separated (default 5,10,20,50,100,200)")] = None,
    limit: Annotated[int | None, typer.Option("--limit", min=1, help="first N stories of BASIL and NeuS only")] = None,
    alignment: Annotated[bool, typer.Option("--alignment/--no-alignment", help="score alignment on the labelled demo pairs")] = True,
    embeddings: Annotated[bool, typer.Option("--embeddings/--no-embeddings", help="align with sentence embeddings (the `embedder` setting; the alignment section scores every installed embedder)")] = True,
    fit_align: Annotated[bool, typer.Option("--fit-align", help="refit the alignment models on the tuning pairs (writes newsprism/data/align_model.json) before scoring")] = False,
    fit_out: Annotated[Path | None, typer.Option("--fit-out", help="write the refit alignment models here instead")] = None,
) -> None:
    """Comparison quality (BASIL, NeuS, lim2020, labelled pairs) and speed; ends with one JSON line."""
    from ..bench.compare import run_compare_bench

    sizes = None
    if speed_sizes:
        try:
            sizes = sorted({int(x) for x in speed_sizes.split(",") if x.strip()})
        except ValueError:
            raise UsageError(f"--speed-sizes {speed_sizes!r}: comma-separated whole numbers") from None
    run_compare_bench(
        _settings(), basil=basil, neus=neus, lim=lim, speed_data=speed_data, speed_sizes=sizes, limit=limit,
        embeddings=embeddings, alignment=alignment, fit_align=fit_align, fit_out=fit_out, console=err,
    )


# ---------------------------------------------------------------- entry point


def run(argv: list[str] | None = None) -> int:
    """Console-script entry: never a traceback for user mistakes."""
    command = typer.main.get_command(app)
    try:
        rv = command.main(args=argv, prog_name="newsprism", standalone_mode=False)
        code = rv if isinstance(rv, int) else 0
    except typer.Exit as exc:
        code = exc.exit_code
    except (typer.Abort, KeyboardInterrupt):
        err.print("newsprism: interrupted", markup=False)
        code = 130
    except UsageError as exc:
        err.print(f"newsprism: error: {exc}", markup=False)
        code = 2
    except NewsprismError as exc:
        err.print(f"newsprism: error: {exc}", markup=False)
        code = 3
    except BrokenPipeError:
        code = 0
    except Exception as exc:
        # Typer bundles its own click; its usage errors carry format_message/exit_code.
        if not hasattr(exc, "format_message"):
            raise
        message = " ".join(str(exc.format_message()).split())
        code = int(getattr(exc, "exit_code", 2) or 2)
        if type(exc).__name__ == "NoArgsIsHelpError":
            ctx = getattr(exc, "ctx", None)
            if ctx is not None:
                sys.stdout.write(ctx.get_help() + "\n")
            code = 2 if argv else 0
        else:
            err.print(f"newsprism: error: {message}", markup=False)
    if argv is None:
        sys.exit(code)
    return code


if __name__ == "__main__":
    run()
