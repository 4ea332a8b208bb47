"""End-to-end tests of the real CLI: real SQLite files, the real spaCy model, real inputs."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import jsonschema
import pytest

from newsprism.cli.main import run
from newsprism.pipeline import DEMO_CORPUS

ROOT = Path(__file__).resolve().parents[1]
SCHEMA = json.loads((ROOT / "docs" / "dossier.schema.json").read_text())

ARTICLE = """Harbour bridge in Lenskaya closes after cracks found

Engineers closed the Old Harbour Bridge in Lenskaya on Monday after inspectors found cracks in two support piers, the city council said.

"We will not reopen it until every pier has been checked," council engineer Mara Velt told reporters. Traffic was diverted to the ring road.
"""


def cli(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = run(list(args))
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def _count(db: Path, table: str) -> int:
    with sqlite3.connect(db) as con:
        return con.execute(f"select count(*) from {table}").fetchone()[0]


def test_ingest_twice_is_a_noop(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    src = tmp_path / "bridge.txt"
    src.write_text(ARTICLE, encoding="utf-8")
    db = tmp_path / "n.db"
    code, out, err = cli(capsys, "--db", str(db), "ingest", str(src), "--outlet", "Lenskaya Post", "--jsonl")
    assert code == 0, err
    first = [json.loads(line) for line in out.splitlines()]
    assert [d["status"] for d in first] == ["ingested"]
    code, out, err = cli(capsys, "--db", str(db), "ingest", str(src), "--outlet", "Lenskaya Post", "--jsonl")
    assert code == 0
    second = [json.loads(line) for line in out.splitlines()]
    assert [d["status"] for d in second] == ["unchanged"]
    assert second[0]["article_id"] == first[0]["article_id"]
    assert "nothing new" in err
    assert _count(db, "articles") == 1


@pytest.mark.parametrize(
    ("name", "content", "reason"),
    [
        ("empty.txt", b"", "empty"),
        ("blank.txt", b"   \n\n  \n", "empty"),
        ("binary.txt", bytes(range(256)) * 40, "binary"),
        ("broken.html", b"<html><body><div><p>", "no-text"),
    ],
)
def test_bad_input_is_one_line_and_keeps_the_store(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], name: str, content: bytes, reason: str
) -> None:
    db = tmp_path / "n.db"
    good = tmp_path / "good.txt"
    good.write_text(ARTICLE, encoding="utf-8")
    assert cli(capsys, "--db", str(db), "ingest", str(good))[0] == 0
    bad = tmp_path / name
    bad.write_bytes(content)
    other = tmp_path / "other.txt"
    other.write_text(ARTICLE.replace("Monday", "Tuesday").replace("Harbour", "River"), encoding="utf-8")
    code, out, err = cli(capsys, "--db", str(db), "ingest", str(bad), str(other))
    assert "Traceback" not in err
    assert reason in err
    assert code == 1  # one input did not go in; the other did
    assert _count(db, "articles") == 2
    code, out, err = cli(capsys, "--db", str(db), "ingest", str(bad))
    assert code == 3 and "Traceback" not in err  # nothing went in
    assert [line for line in err.splitlines() if reason in line] == [f"  skipped: {bad}: skipped:{reason}"]
    assert _count(db, "articles") == 2


def test_missing_file_and_all_failed(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    db = tmp_path / "n.db"
    code, out, err = cli(capsys, "--db", str(db), "ingest", str(tmp_path / "nope.txt"))
    assert code == 3
    assert "not-found" in err and "Traceback" not in err


@pytest.mark.parametrize("command", [["stories"], ["show", "story-x"], ["search", "bridge"]])
def test_read_commands_do_not_create_a_database(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], command: list[str]
) -> None:
    db = tmp_path / "typo" / "n.db"
    code, out, err = cli(capsys, "--db", str(db), *command)
    assert code == 3
    assert err.strip().count("\n") == 0 and "no database at" in err and "Traceback" not in err
    assert not db.exists() and not db.parent.exists()


def test_non_utf8_text_is_read(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    db = tmp_path / "n.db"
    src = tmp_path / "cp1252.txt"
    src.write_bytes(ARTICLE.replace("Mara Velt", "Mará Velt").replace('"', "\u201c", 1).encode("cp1252"))
    code, out, err = cli(capsys, "--db", str(db), "ingest", str(src))
    assert code == 0, err
    code, out, err = cli(capsys, "--db", str(db), "search", "Velt", "--jsonl")
    hit = json.loads(out.splitlines()[0])
    assert hit["title"].startswith("Harbour bridge")


@pytest.mark.parametrize(
    "args",
    [
        ["ingest", "--no-such-flag", "x"],
        ["analyze", "--format", "pdf", "x.txt"],
        ["show"],
        ["ingest", "x.txt", "--published", "not a date at all zzz"],
        ["bench", "pipeline", "--n", "0"],
    ],
)
def test_bad_flags_exit_2_with_one_line(tmp_path: Path, capsys: pytest.CaptureFixture[str], args: list[str]) -> None:
    code, out, err = cli(capsys, "--db", str(tmp_path / "n.db"), *args)
    assert code == 2
    lines = [line for line in err.splitlines() if line.strip()]
    assert len(lines) == 1, err
    assert lines[0].startswith("newsprism: error:")


def test_show_unknown_story(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    src = tmp_path / "bridge.txt"
    src.write_text(ARTICLE, encoding="utf-8")
    assert cli(capsys, "--db", str(tmp_path / "n.db"), "ingest", str(src))[0] == 0
    code, out, err = cli(capsys, "--db", str(tmp_path / "n.db"), "show", "szzzz")
    assert code == 3 and err.count("\n") == 1 and "no story" in err


@pytest.mark.model
def test_analyze_single_article_all_formats(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    src = tmp_path / "bridge.txt"
    src.write_text(ARTICLE, encoding="utf-8")
    db = str(tmp_path / "n.db")
    code, out, err = cli(capsys, "--db", db, "analyze", str(src), "-f", "json")
    assert code == 0, err
    doc = json.loads(out)
    jsonschema.validate(doc, SCHEMA)
    story = doc["stories"][0]
    assert story["articles"][0]["title"] == "Harbour bridge in Lenskaya closes after cracks found"
    quote = next(q for q in story["quotes"] if q["direct"])
    assert quote["speaker"] == "Mara Velt" and quote["speaker_kind"] == "named"
    for fmt, marker in (("md", "# "), ("html", "<!doctype html>")):
        out_file = tmp_path / f"d.{fmt}"
        code, _, err = cli(capsys, "--db", db, "analyze", str(src), "-o", str(out_file))
        assert code == 0, err
        assert marker in out_file.read_text().lower()
    code, out, _ = cli(capsys, "--db", db, "stories", "--jsonl")
    sid = json.loads(out.splitlines()[0])["id"]
    code, out, _ = cli(capsys, "--db", db, "show", sid[:6])
    assert code == 0 and "Mara Velt" in out


@pytest.mark.model
@pytest.mark.shared
def test_seed_story_end_to_end(seeds_dir: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = cli(capsys, "--db", str(tmp_path / "n.db"), "analyze", str(seeds_dir), "-f", "json")
    assert code == 0, err
    doc = json.loads(out)
    jsonschema.validate(doc, SCHEMA)
    assert len(doc["stories"]) == 1
    story = doc["stories"][0]
    titles = sorted(a["title"] for a in story["articles"])
    assert titles == sorted(
        [
            "Netanyahu halts Gallant's US trip to discuss strike on Iran: Axios",
            "Gallant\u2019s US Trip Canceled as Biden and Bibi Discuss Iran Strike",
            "Biden Holds Phone Call With Netanyahu On Iran Strike Plans After Gallant Trip Blocked",
        ]
    )
    for art in story["articles"]:
        for junk in ("print-icon", "0 Comments", "Trackbacks", "Loading...", "Read more:", "Authored...", "'s Photo"):
            assert junk not in art["text"], (junk, art["title"])
    speakers = {q["speaker"] for q in story["quotes"] if q["direct"]}
    assert {"Yoav Gallant", "Herzi Halevi"} <= speakers
    assert any(q["speaker_kind"] == "anonymous" for q in story["quotes"])
    cited = {c["cited"] for c in story["citations"]}
    assert {"Axios", "Bloomberg"} <= cited
    assert any("Times of Israel" in c for c in cited)
    gallant = next(e for e in story["entities"] if e["name"] == "Yoav Gallant")
    assert len(gallant["articles"]) == 3 and "Gallant" in gallant["aliases"]
    consensus = [f for f in story["facts"] if f["kind"] == "consensus"]
    assert consensus, "the three outlets share at least one statement"
    assert all(e["sentence"] for f in story["facts"] for e in f["evidence"])
    # two of the three files give no publication date: their relative dates are listed as written
    dated = {a["id"] for a in story["articles"] if a["published"]}
    unplaced = {(u["phrase"], u["article_id"]) for u in story["timeline_unplaced"]}
    assert {p for p, _ in unplaced} >= {"On Tuesday evening", "Wednesday morning", "last Friday"}
    assert not {a for _, a in unplaced} & dated


@pytest.mark.model
def test_demo_end_to_end(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out_file = tmp_path / "demo.html"
    code, out, err = cli(capsys, "--db", str(tmp_path / "demo.db"), "demo", "-o", str(out_file))
    assert code == 0, err
    html = out_file.read_text()
    assert html.lower().startswith("<!doctype html>")
    assert "<script src" not in html and "<link" not in html
    code, out, err = cli(capsys, "--db", str(tmp_path / "demo.db"), "analyze", str(DEMO_CORPUS), "-f", "json")
    doc = json.loads(out)
    jsonschema.validate(doc, SCHEMA)
    sizes = sorted(len(s["articles"]) for s in doc["stories"])
    assert sizes == [1, 5], sizes
    story = next(s for s in doc["stories"] if len(s["articles"]) == 5)
    outlet = {a["id"]: a["outlet"] for a in story["articles"]}
    edges = {(outlet[c["article_id"]].removeprefix("The "), c["cited"]) for c in story["citations"]}
    # the re-reporting chain planted in the corpus (see demo/corpus/README.md)
    assert {
        ("Meridian Wire", "Varnholm Courier"),
        ("Estmark Ledger", "Meridian Wire"),
        ("Estmark Rising", "Varnholm Courier"),
        ("Estmark Rising", "Meridian Wire"),
        ("Estmark Sentinel", "Meridian Wire"),
        ("Estmark Sentinel", "Estmark Ledger"),
    } <= edges, edges
    assert all(a != b for a, b in edges), "an outlet's own reporting is not a citation"
    speakers = {(q["speaker"], q["speaker_kind"]) for q in story["quotes"]}
    assert ("Hana Ostrova", "named") in speakers
    assert any(kind == "anonymous" for _, kind in speakers)
    kinds = {f["kind"] for f in story["facts"]}
    assert {"consensus", "unique"} <= kinds
