"""The seed story (../shared/seeds, three outlets on one event), with crude sentence
splitting and no nlp analysis: the comparison must still find agreement and framing."""

from __future__ import annotations

from pathlib import Path

import pytest

from newsprism.cluster import group_stories
from newsprism.compare import build_story_dossier
from newsprism.models import Article

pytestmark = pytest.mark.shared

OUTLETS = {
    "000_3ff40789084e2591": "Al Mayadeen English",
    "003_033df3483068f885": "Virtual Jerusalem",
    "004_f35719bda2871b52": "ZeroHedge",
}


def _articles(seeds: Path) -> list[Article]:
    out = []
    for stem, outlet in OUTLETS.items():
        path = seeds / f"{stem}.txt"
        if not path.exists():
            pytest.skip(f"seed {path.name} absent")
        text = path.read_text(encoding="utf-8")
        title = next(line for line in text.splitlines() if len(line.split()) > 4)
        out.append(Article(id=stem, title=title, text=text, outlet=outlet, source=path.name))
    return out


def test_seed_story(seeds_dir: Path):
    arts = _articles(seeds_dir)
    stories = group_stories(arts)
    assert len(stories) == 1 and len(stories[0].article_ids) == 3
    d = build_story_dossier(stories[0], arts, {}, [])
    consensus = [f for f in d.facts if f.kind == "consensus"]
    assert consensus, "the three reports share the core event"
    assert all(f.independent and f.independent >= 2 for f in consensus)
    assert any("Gallant" in e.sentence for f in consensus for e in f.evidence)
    framing = {f.outlet: f for f in d.framing}
    mayadeen = framing["Al Mayadeen English"]
    assert "Israel" in mayadeen.scare_quotes
    assert "occupation" in mayadeen.loaded
    assert "occupation" in {t.term for t in mayadeen.terms} or "israeli occupation" in {
        t.term for t in mayadeen.terms
    }
    assert "Israel" not in framing["Virtual Jerusalem"].scare_quotes
