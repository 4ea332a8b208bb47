"""Statement alignment: consensus, unique and conflicting facts with their evidence."""

from __future__ import annotations

from fixtures.compare.story import LEDGER, STORY_ARTICLES, TIMES, WIRE, analyses_for

from newsprism.compare.facts import MAX_UNIQUE_PER_ARTICLE, build_facts
from newsprism.compare.text import is_heading, numbers, shorten, split_sentences
from newsprism.models import Article


def _facts(articles=STORY_ARTICLES):
    return build_facts(articles, analyses_for(list(articles)))


def _kind(facts, kind):
    return [f for f in facts if f.kind == kind]


def test_consensus_for_a_statement_all_three_make_in_different_words():
    consensus = _kind(_facts(), "consensus")
    fees = [f for f in consensus if "2.4 million" in f.summary]
    assert len(fees) == 1
    f = fees[0]
    assert f.articles == ["a-ledger", "a-wire", "a-times"]
    assert f.independent == 3
    assert {e.outlet for e in f.evidence} == {"Northern Ledger", "Capital Wire", "Harbor Times"}
    # the opposition statement is the other three-outlet fact; most outlets come first
    assert [g.independent for g in consensus] == sorted(
        (g.independent for g in consensus), reverse=True
    )
    assert any("Brevik" in g.summary and g.independent == 3 for g in consensus)


def test_evidence_points_back_into_the_article_text():
    by_id = {a.id: a for a in STORY_ARTICLES}
    for f in _facts():
        assert f.evidence
        for e in f.evidence:
            assert by_id[e.article_id].text[e.start : e.end] == e.sentence
            assert e.article_id in f.articles


def test_each_group_takes_at_most_one_sentence_per_article():
    for f in _kind(_facts(), "consensus"):
        ids = [e.article_id for e in f.evidence]
        assert len(ids) == len(set(ids))


def test_unique_fact_for_a_detail_only_one_outlet_gives():
    unique = _kind(_facts(), "unique")
    appeal = [f for f in unique if "Supreme Court" in f.summary]
    assert len(appeal) == 1 and appeal[0].articles == [TIMES.id]
    # bare quotations, headings and aligned statements are not unique facts
    texts = " ".join(f.summary for f in unique)
    assert "back on air" not in texts and "Background" not in texts and "2.4 million" not in texts
    assert "applies to every broadcaster" not in texts


def test_conflicting_figures_in_an_aligned_group():
    conflicts = _kind(_facts(), "conflict")
    assert len(conflicts) == 1
    c = conflicts[0]
    assert c.topic == "journalists"
    assert [(v.outlet, v.value) for v in c.values] == [
        ("Northern Ledger", "about 40 journalists"),
        ("Capital Wire", "more than 120 journalists"),
    ]


def test_hedged_close_figures_are_compatible():
    a = LEDGER.model_copy(
        update={
            "text": "Radio Meridian in Castel employs about 200 journalists, staff at the station say.\n"
        }
    )
    b = WIRE.model_copy(
        update={
            "text": "Radio Meridian in Castel employs some 190 journalists, the station staff say.\n"
        }
    )
    facts = build_facts([a, b], analyses_for([a, b]))
    assert _kind(facts, "consensus") and not _kind(facts, "conflict")


def test_same_outlet_never_makes_consensus():
    twin = LEDGER.model_copy(update={"id": "a-ledger-2"})
    facts = build_facts([LEDGER, twin], analyses_for([LEDGER, twin]))
    assert not _kind(facts, "consensus")


def test_ids_are_deterministic_and_distinct():
    a, b = _facts(), _facts()
    assert a == b
    ids = [f.id for f in a]
    assert len(ids) == len(set(ids)) and all(i.startswith("f") and len(i) == 16 for i in ids)


def test_unique_facts_are_capped_per_article():
    lines = [
        f"Councillor Anna Berg{i} said district {i} received {100 + i} new buses from the Castel depot in {1990 + i}."
        for i in range(15)
    ]
    a = Article(id="big", outlet="One", title="Buses", text="\n".join(lines))
    b = Article(
        id="other",
        outlet="Two",
        title="Weather",
        text="Rain is expected over the hills tomorrow afternoon.",
    )
    facts = build_facts([a, b], {})
    assert (
        len([f for f in facts if f.kind == "unique" and f.articles == ["big"]])
        == MAX_UNIQUE_PER_ARTICLE
    )


def test_works_without_analyses():
    facts = build_facts(STORY_ARTICLES, {})
    assert any(f.kind == "consensus" and "2.4 million" in f.summary for f in facts)


def test_empty_input():
    assert build_facts([], {}) == []
    assert build_facts([Article(id="e", title="", text="")], {}) == []


def test_text_helpers():
    assert shorten("one two three four", 3) == "one two three …"
    assert shorten("  a   b ", 3) == "a b"
    assert numbers("some 200 warheads in two waves, 1,500 troops") == {200.0, 2.0, 1500.0}
    assert is_heading("Background") and is_heading("Dive deeper")
    assert is_heading(
        "Biden Holds Phone Call With Netanyahu On Iran Strike Plans After Gallant Trip Blocked"
    )
    assert not is_heading("He left.") and not is_heading(
        "the plan was shelved after a long and bitter row that lasted into the night"
    )
    text = "The U.S. envoy met Mr. Vess on Oct. 1 in Castel. He left!\nNext line"
    sents = split_sentences(text)
    assert [s.text for s in sents] == [
        "The U.S. envoy met Mr. Vess on Oct. 1 in Castel.",
        "He left!",
        "Next line",
    ]
    assert all(text[s.start : s.end] == s.text for s in sents)


def test_a_question_is_no_outlets_evidence_of_a_statement():
    # the third outlet only asks about the closure: two outlets agree, not three, and the
    # question is no unique detail either
    asks = Article(id="a-asks", outlet="The Skeptic", title="Questions for the minister",
                   published=TIMES.published,
                   text=("Why did Information Minister Dario Vess order Radio Meridian off the air over "
                         "2.4 million crowns of unpaid licence fees?\n"
                         "The station's founder Ilse Marrow has run it since 1998 from a studio in Castel.\n"))
    facts = _facts([LEDGER, WIRE, asks])
    fees = [f for f in _kind(facts, "consensus") if "2.4 million" in f.summary]
    assert len(fees) == 1 and fees[0].articles == ["a-ledger", "a-wire"]
    assert not any(e.sentence.endswith("?") for f in facts for e in f.evidence)



# -- consensus of sentences that quote someone (compare/facts.py _quote_apart) ----------------


def _quoted(art, text, speaker, kind="named", direct=True):
    from newsprism.ids import stable_id
    from newsprism.models import Quote

    start = art.text.index(text)
    return Quote(id=stable_id(art.id, text), article_id=art.id, text=text, direct=direct,
                 content={"start": start, "end": start + len(text)}, speaker=speaker,
                 speaker_kind=kind, source_text=speaker, cue="wrote")


def _consensus(first, quoted, second, other):
    from newsprism.models import ArticleAnalysis

    an = {first.id: ArticleAnalysis(article_id=first.id, quotes=[quoted]),
          second.id: ArticleAnalysis(article_id=second.id, quotes=[other])}
    return [f for f in build_facts([first, second], an, embedder=None) if f.kind == "consensus"]


_DEMAND = "Minister Kale must publish the harbour audit to every taxpayer today"
_RUIZ = Article(id="q1", title="Audit", outlet="Harbour Gazette", text=f"“{_DEMAND},” Senator Ana Ruiz wrote on Tuesday.")


def test_two_speakers_alike_demands_are_no_consensus():
    b = Article(id="q2", title="Audit", outlet="Quay Courier",
                text="On Tuesday the councillors wrote to Minister Kale: “Publish the harbour audit "
                     "for all taxpayers today, as we expect.”")
    said = "Publish the harbour audit for all taxpayers today, as we expect."
    ruiz = _quoted(_RUIZ, _DEMAND, "Ana Ruiz")
    assert _consensus(_RUIZ, ruiz, b, _quoted(b, said, "Ana Ruiz"))  # one speaker, two outlets
    assert not _consensus(_RUIZ, ruiz, b, _quoted(b, said, "Councillors", "organization"))


def test_a_named_quotation_and_another_speakers_reported_demand_are_no_consensus():
    told = "they expect Minister Kale to publish the harbour audit for all taxpayers today"
    b = Article(id="r2", title="Audit", outlet="Quay Courier", text=f"Councillors wrote on Tuesday that {told}.")
    c = Article(id="r3", title="Audit", outlet="Harbour Gazette",
                text="Senator Ana Ruiz wrote on Tuesday that she expects Minister Kale to publish the "
                     "harbour audit for all taxpayers today.")
    councillors = _quoted(b, told, "Councillors", "organization", direct=False)
    assert not _consensus(_RUIZ, _quoted(_RUIZ, _DEMAND, "Ana Ruiz"), b, councillors)
    # two reports of speech name their sources loosely: no quotation, no split
    ruiz = _quoted(c, "she expects Minister Kale to publish the harbour audit for all taxpayers today",
                   "Ana Ruiz", direct=False)
    assert _consensus(c, ruiz, b, councillors)


def test_two_quotations_whose_words_differ_are_no_consensus():
    said_a = "The harbour audit must be made public, the audit papers must go to the council and Kale must testify"
    said_b = "Kale must not show the mayor the harbour audit papers early, and the council must see the audit"
    a = Article(id="w1", title="Audit", outlet="Harbour Gazette", text=f"“{said_a},” Senator Ana Ruiz said.")
    b = Article(id="w2", title="Audit", outlet="Quay Courier", text=f"“{said_b},” the joint statement said.")
    assert not _consensus(a, _quoted(a, said_a, "Ana Ruiz"), b, _quoted(b, said_b, None, "unknown"))
    # without the quotes (no analysis) the two sentences' words align
    assert [f for f in build_facts([a, b], {}, embedder=None) if f.kind == "consensus"]


def test_one_short_quotation_in_two_outlets_stays_a_consensus():
    a = Article(id="v1", title="Pier", outlet="Harbour Gazette",
                text="“The pier was always ours. We keep it that way,” Mayor Lia Moss said.")
    b = Article(id="v2", title="Pier", outlet="Quay Courier", text="“The pier was always ours,” Mayor Lia Moss said.")
    assert _consensus(a, _quoted(a, "The pier was always ours. We keep it that way", "Lia Moss"),
                      b, _quoted(b, "The pier was always ours", "Lia Moss"))
