"""Near-duplicate detection: wire copies and updates link to the original, rewrites do not."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import numpy as np

from newsprism.cluster.dedup import NearDuplicateIndex, shingles, signature
from newsprism.cluster.online import OnlineClusterer, OnlineConfig
from newsprism.models import Article

T0 = datetime(2024, 5, 1, 9, 0, tzinfo=UTC)

WIRE = (
    "ESTMARK (Meridian Wire) - The Varnholm central bank raised its main interest rate by half a "
    "point to 4.5 percent on Thursday, its third increase this year, saying inflation had proved "
    "more stubborn than expected. Governor Anika Sorensen told reporters the bank was ready to act "
    "again if prices kept rising. Markets had expected a quarter-point move, and the krona rose "
    "sharply against the euro after the announcement. Economists said mortgage holders would feel "
    "the increase within weeks."
)
REPOST = WIRE.replace("ESTMARK (Meridian Wire) - ", "") + " Reporting by Meridian Wire staff."
UPDATED = WIRE + (
    " UPDATE: Finance minister Lena Okafor welcomed the decision in a statement on Thursday evening."
)
REWRITE = (
    "Borrowing costs in Varnholm are going up again. Anika Sorensen's central bank lifted rates to "
    "4.5 percent, a bigger step than traders had bet on, and warned that more could follow if "
    "inflation does not ease. Homeowners with variable mortgages face higher bills soon."
)


def test_wire_copy_and_update_link_to_the_original():
    idx = NearDuplicateIndex()
    assert idx.check_and_add("orig", WIRE, T0) is None
    hit = idx.check_and_add("repost", REPOST, T0 + timedelta(hours=1))
    assert hit is not None and hit[0] == "orig" and hit[1] >= 0.6
    hit = idx.check_and_add("update", UPDATED, T0 + timedelta(hours=2))
    assert hit is not None and hit[0] == "orig"
    # a copy of a copy points at the first version
    hit = idx.check_and_add("copy-of-repost", REPOST + " More to follow.", T0 + timedelta(hours=3))
    assert hit is not None and hit[0] == "orig"


def test_independent_rewrite_is_not_a_duplicate():
    idx = NearDuplicateIndex()
    idx.check_and_add("orig", WIRE, T0)
    assert idx.check_and_add("rewrite", REWRITE, T0 + timedelta(hours=1)) is None


def test_old_entries_leave_the_window():
    idx = NearDuplicateIndex(window=timedelta(days=2))
    idx.check_and_add("orig", WIRE, T0)
    idx.check_and_add("other", REWRITE, T0 + timedelta(days=5))
    assert len(idx) == 1
    assert idx.query(REPOST) is None


def test_signature_estimates_jaccard():
    perms = NearDuplicateIndex(num_perm=256)._perms  # noqa: SLF001
    a, b = shingles(WIRE), shingles(UPDATED)
    true = len(np.intersect1d(a, b)) / len(np.union1d(a, b))
    est = float(np.mean(signature(a, perms) == signature(b, perms)))
    assert abs(est - true) < 0.1


def test_clusterer_reports_duplicate_of_and_joins_the_story():
    oc = OnlineClusterer(config=OnlineConfig(use_embeddings=False))
    a = oc.add(Article(id="w1", title="Varnholm raises rates", text=WIRE, published=T0))
    b = oc.add(
        Article(
            id="w2",
            title="Central bank lifts rate to 4.5%",
            text=REPOST,
            published=T0 + timedelta(minutes=30),
        )
    )
    assert a.is_new and a.duplicate_of is None
    assert b.duplicate_of == "w1" and b.story_id == a.story_id and not b.is_new
    assert oc.stories()[0].article_ids == ["w1", "w2"]
