"""The multi-process NLP path gives exactly what the single-process path gives."""

from __future__ import annotations

import pytest

from newsprism.models import Article
from newsprism.settings import Settings

TEXTS = [
    '"We will rebuild the pier by spring," Mayor Ines Vos said on Monday.',
    "Harwick Wire reported that two ferries were cancelled, citing a port spokesman.",
    "Officials believe the storm caused the damage. The council said repairs would start soon.",
    "According to the Lenskaya Ledger, the bridge reopened at noon.",
    "A senior ministry official, who asked not to be named, told reporters the budget was cut.",
]


@pytest.mark.model
def test_parallel_matches_serial() -> None:
    from newsprism.nlp import NlpPipeline

    articles = [Article(id=f"a{i}", title="t", text=t) for i, t in enumerate(TEXTS * 3)]
    serial = NlpPipeline(Settings(nlp_processes=1)).analyze(articles)
    par = NlpPipeline(Settings(nlp_processes=2, nlp_batch_size=2))
    parallel = list(par.iter_analyze(articles, len(articles)))
    assert [a.model_dump() for a in parallel] == [a.model_dump() for a in serial]
    assert par.timings["spacy"] > 0  # stage times come back from the workers


def test_auto_processes_only_for_large_inputs() -> None:
    from newsprism.nlp import NlpPipeline

    pipe = NlpPipeline.__new__(NlpPipeline)
    pipe.settings = Settings(nlp_processes=0, nlp_batch_size=8)
    assert pipe.processes_for(3) == 1
    assert pipe.processes_for(1000) >= 1
    pipe.settings = Settings(nlp_processes=3)
    assert pipe.processes_for(3) == 3
