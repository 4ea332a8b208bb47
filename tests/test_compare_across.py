"""Issue 3 across articles, on texts written for these tests: quotes linked across outlets
(reworded, partial, punctuation), quote conflicts (attribution, wording), the re-reporting
graph with its original source, the sourcing profile, and their rendering. No model."""

from __future__ import annotations

import json
import re
from datetime import UTC, datetime

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from newsprism.compare import build_story_dossier
from newsprism.compare.quotelinks import link_quotes, match_score, quote_conflicts, word_diff
from newsprism.compare.sourcegraph import build_source_graph
from newsprism.compare.sourcing import sourcing_profiles
from newsprism.ids import stable_id
from newsprism.models import Article, ArticleAnalysis, Citation, Dossier, Quote, Story
from newsprism.render import render
from newsprism.render.svg import graph_svg, layout_columns, source_graph_data


def art(aid: str, outlet: str, text: str, day: int = 1) -> Article:
    return Article(id=aid, title=f"{outlet} report", text=text, outlet=outlet,
                   published=datetime(2025, 3, day, 9, tzinfo=UTC))


def quote(a: Article, content: str, speaker: str | None, kind: str = "named", *,
          direct: bool = True, via: str | None = None, cue: str = "said") -> Quote:
    start = a.text.index(content)
    return Quote(id=stable_id(a.id, content), article_id=a.id, text=content,
                 content={"start": start, "end": start + len(content)}, direct=direct,
                 speaker=speaker, speaker_kind=kind, source_text=speaker, cue=cue, via=via)


def cite(a: Article, name: str, cue: str, relays: str | None = None, kind: str = "outlet") -> Citation:
    start = a.text.index(name)
    return Citation(article_id=a.id, cited=name, cited_kind=kind, cue=cue,
                    span={"start": start, "end": start + len(name)},
                    sentence=next(s for s in a.text.split(". ") if name in s), relays=relays)


# -- matching and diffs ----------------------------------------------------------------------


@pytest.mark.parametrize(
    "a,b,linked",
    [
        # punctuation, case, curly quotes and contractions do not matter
        ("We won't rebuild the bridge before the spring floods, and the ferry stays.",
         "we will not rebuild the bridge before the spring floods — and the ferry stays", True),
        # a partial quote inside the full quotation
        ("The pumps failed twice last winter and nobody fixed them, the engineers warned us.",
         "pumps failed twice last winter", True),
        # a reworded relay of a long statement keeps enough of its words
        ("Inspectors are examining whether a valve on the northern pipeline, installed in 1998, "
         "failed before the explosion",
         "inspectors are looking at whether a valve on the old northern pipeline failed before "
         "the explosion happened", True),
        # same opening, different statement
        ("it was too early to link that to the fire", "it was too early to say how the fire started",
         False),
        # a short phrase found inside a longer, different quote
        ("to speak with the mayor", "The council refused to speak with the mayor about the budget gap",
         False),
    ],
)
def test_match_score_links_versions_of_one_quote_only(a: str, b: str, linked: bool) -> None:
    assert (match_score(a, b) > 0) is linked


def test_word_diff_separates_partial_punctuation_and_substance() -> None:
    ops, partial, substantive = word_diff(
        "“We will rebuild the bridge,” she said to them", "We’ll rebuild the bridge")
    assert partial and not substantive
    ops, partial, substantive = word_diff("We won't rebuild the bridge.", "we will not rebuild the bridge")
    assert not partial and not substantive
    assert all(o.op == "equal" for o in ops)
    ops, partial, substantive = word_diff(
        "We will rebuild the bridge by June", "We will rebuild the tunnel by June")
    assert substantive and not partial
    assert [(o.op, o.a, o.b) for o in ops if o.op != "equal"] == [("replace", "bridge", "tunnel")]
    # negation is substance, a stop word alone is not
    assert word_diff("the plan was approved", "the plan was not approved")[2]
    assert not word_diff("the plan is approved", "the plan was approved")[2]


# -- a story written for the tests -------------------------------------------------------------

HARBOUR = (
    "Mayor Lena Dahl said: \u201cWe will rebuild the harbour wall before the autumn storms, "
    "whatever it costs.\u201d The Coastal Herald reported, citing two officials familiar with "
    "the plan, that the budget had doubled. Harbourmaster Tomas Berg said the old wall had "
    "cracked in three places last winter."
)
TIMES = (
    "\u201cWe will rebuild the harbour wall before the winter storms, whatever it costs,\u201d "
    "harbour chief Tomas Berg said on Monday. According to the Coastal Herald, the budget had "
    "doubled. A city engineer told Radio Nord that the old wall had cracked in three places."
)
POST = (
    "Dahl promised to rebuild \u201cthe harbour wall before the autumn storms\u201d. The Island "
    "Times reported that the budget had doubled, as the Coastal Herald first reported."
)
HERALD = (
    "The harbour budget has doubled, two officials familiar with the plan said. Dahl said "
    "\u201cWe will rebuild the harbour wall before the autumn storms, whatever it costs.\u201d"
)


@pytest.fixture()
def story() -> tuple[list[Article], list[Quote], list[Citation]]:
    herald = art("a-herald", "Coastal Herald", HERALD, day=1)
    gazette = art("a-gazette", "Harbour Gazette", HARBOUR, day=2)
    times = art("a-times", "The Island Times", TIMES, day=2)
    post = art("a-post", "Fjord Post", POST, day=3)
    quotes = [
        quote(herald, "We will rebuild the harbour wall before the autumn storms, whatever it costs.",
              "Lena Dahl"),
        quote(herald, "two officials familiar with the plan said", "two officials familiar with the plan",
              "anonymous", direct=False),
        quote(gazette, "We will rebuild the harbour wall before the autumn storms, whatever it costs.",
              "Lena Dahl"),
        quote(gazette, "the old wall had cracked in three places last winter", "Tomas Berg",
              direct=False),
        # misattributed and reworded: Berg instead of Dahl, winter instead of autumn
        quote(times, "We will rebuild the harbour wall before the winter storms, whatever it costs,",
              "Tomas Berg"),
        quote(times, "the old wall had cracked in three places", "A city engineer", "anonymous",
              direct=False, via="Radio Nord", cue="told"),
        quote(post, "the harbour wall before the autumn storms", "Lena Dahl"),
    ]
    citations = [
        cite(gazette, "Coastal Herald", "reported", relays="two officials familiar with the plan"),
        cite(times, "Coastal Herald", "according to"),
        cite(post, "Island Times", "reported"),
        cite(post, "Coastal Herald", "first reported"),
    ]
    return [herald, gazette, times, post], quotes, citations


def test_quotes_linked_across_outlets_with_diffs(story) -> None:
    arts, quotes, _ = story
    links = link_quotes(arts, quotes)
    wall = next(lk for lk in links if "harbour wall" in lk.members[0].text)
    assert {m.outlet for m in wall.members} == {
        "Coastal Herald", "Harbour Gazette", "The Island Times", "Fjord Post"}
    ref = next(m for m in wall.members if m.quote_id == wall.reference)
    assert ref.outlet == "Coastal Herald"  # direct, published first
    diffs = {next(m.outlet for m in wall.members if m.quote_id == d.quote_id): d for d in wall.diffs}
    assert not diffs["Harbour Gazette"].substantive and not diffs["Harbour Gazette"].partial
    assert diffs["The Island Times"].substantive
    assert ("replace", "autumn", "winter") in {(o.op, o.a, o.b) for o in diffs["The Island Times"].ops}
    assert diffs["Fjord Post"].partial and not diffs["Fjord Post"].substantive
    crack = next(lk for lk in links if "cracked" in lk.members[0].text)
    assert {m.outlet for m in crack.members} == {"Harbour Gazette", "The Island Times"}


def test_misattributed_and_reworded_quote_become_conflicts(story) -> None:
    arts, quotes, _ = story
    facts = quote_conflicts(link_quotes(arts, quotes))
    by_topic = {f.topic: f for f in facts}
    attr = by_topic["quote attribution"]
    assert attr.kind == "conflict"
    assert {(v.outlet, v.value) for v in attr.values} >= {
        ("Coastal Herald", "Lena Dahl"), ("The Island Times", "Tomas Berg")}
    assert all(v.sentence for v in attr.values)
    wording = by_topic["quote wording"]
    values = {v.outlet: v.value for v in wording.values}
    assert "winter storms" in values["The Island Times"] and "autumn storms" in values["Coastal Herald"]
    assert "Harbour Gazette" not in values  # same words, only punctuation differs
    # reported speech is paraphrase: the cracked-wall versions (Berg / an engineer) make no conflict
    assert not any("cracked" in v.value for f in facts for v in f.values)


def test_attribution_conflict_names_each_speaker_once_with_its_outlets(story) -> None:
    arts, quotes, _ = story
    # the Gazette writes Dahl's surname alone: the same side as the Herald's "Lena Dahl"
    quotes = [q.model_copy(update={"speaker": "Dahl"}) if q.article_id == "a-gazette" and q.speaker == "Lena Dahl"
              else q for q in quotes]
    attr = next(f for f in quote_conflicts(link_quotes(arts, quotes)) if f.topic == "quote attribution")
    assert attr.summary.startswith(
        "The same quote is attributed to different speakers: Lena Dahl (Coastal Herald, Harbour Gazette"
    )
    assert "; Tomas Berg (The Island Times)" in attr.summary
    assert {(v.outlet, v.value) for v in attr.values} >= {("Harbour Gazette", "Dahl")}


def test_reporting_graph_nested_chain_and_original_source(story) -> None:
    arts, quotes, citations = story
    g = build_source_graph(arts, quotes, citations)
    label = {n.id: n.label for n in g.nodes}
    edges = {(label[e.source], label[e.target], e.kind) for e in g.edges}
    assert ("Harbour Gazette", "Coastal Herald", "cites") in edges
    assert ("Coastal Herald", "two officials familiar with the plan", "relays") in edges
    assert ("Fjord Post", "The Island Times", "cites") in edges  # "Island Times" = "The Island Times"
    assert ("The Island Times", "Radio Nord", "cites") in edges
    assert ("Radio Nord", "A city engineer", "relays") in edges
    assert all(e.evidence and e.evidence[0].sentence for e in g.edges)
    assert g.origin_basis == "citations"
    first = {n.id: n for n in g.nodes}[g.origins[0]]
    assert first.label == "Coastal Herald" and first.in_story and first.original
    assert {label[x] for x in first.relied_on_by} == {"Harbour Gazette", "The Island Times", "Fjord Post"}
    assert not {n.id: n for n in g.nodes}[next(k for k, v in label.items() if v == "The Island Times")].original


def test_no_citations_falls_back_to_earliest_publication() -> None:
    a, b = art("a1", "North Post", "Rain fell.", day=2), art("a2", "South Post", "Rain fell.", day=1)
    g = build_source_graph([a, b], [], [])
    assert g.origin_basis == "earliest publication" and g.origins == ["o:south-post"]
    assert build_source_graph([a], [], []).origins == []


def test_sourcing_profile_counts_kinds_and_relays(story) -> None:
    arts, quotes, citations = story
    extra = quote(arts[1], "the budget had doubled", "Coastal Herald", "outlet", direct=False, cue="reported")
    prof = {p.outlet: p for p in sourcing_profiles(arts, [*quotes, extra], citations)}
    t = prof["The Island Times"]
    assert t.quotes == 2 and t.counts["named"] == 1 and t.counts["anonymous"] == 1
    assert t.relayed == 1 and t.shares["relayed"] == 0.5 and t.citations == 1
    g = prof["Harbour Gazette"]
    assert g.counts["outlet"] == 1 and g.relayed == 1 and g.quotes == 3
    assert prof["Coastal Herald"].relayed == 0 and prof["Coastal Herald"].shares["anonymous"] == 0.5


def test_own_outlet_via_is_not_a_relay() -> None:
    a = art("m", "Meridian Wire", "Chief Anna Holm told Meridian Wire that crews used foam.")
    q = quote(a, "crews used foam", "Anna Holm", via="Meridian Wire", direct=False, cue="told")
    assert sourcing_profiles([a], [q])[0].relayed == 0
    assert not build_source_graph([a], [q], []).edges


# -- dossier and rendering -------------------------------------------------------------------


def test_dossier_json_markdown_html_show_links_graph_and_profile(story) -> None:
    arts, quotes, citations = story
    analyses = {a.id: ArticleAnalysis(article_id=a.id, quotes=[q for q in quotes if q.article_id == a.id],
                                      citations=[c for c in citations if c.article_id == a.id])
                for a in arts}
    st = Story(id="harbour", title="Harbour wall", article_ids=[a.id for a in arts])
    d = build_story_dossier(st, arts, analyses, [], embedder=None)
    assert d.quote_links and d.source_graph.origins and len(d.sourcing) == 4
    assert {"quote attribution", "quote wording"} <= {f.topic for f in d.facts if f.kind == "conflict"}
    doc = Dossier(stories=[d])
    js = json.loads(render(doc, "json"))["stories"][0]
    # most relied-on first; Radio Nord is an origin too (cited, cites nobody)
    assert js["source_graph"]["origins"] == ["o:coastal-herald", "c:radio-nord"]
    assert js["quote_links"][0]["diffs"] and js["sourcing"][0]["shares"]
    md = render(doc, "md")
    for heading in ("### Sourcing profile", "### Quotes across outlets", "### Re-reporting chain"):
        assert heading in md
    assert "~~autumn~~ **winter**" in md
    chain = md[md.index("- **Fjord Post**\n"):]
    assert chain.startswith("- **Fjord Post**\n  - cites **The Island Times** (“reported”)\n"
                            "    - cites **Coastal Herald**")
    assert "    - cites **Radio Nord** (“told”) — **original source**\n      - relays A city engineer" in chain
    assert "**Original source(s)** (cited, citing no other publication): Coastal Herald (relied on by" in md
    # only the Gazette names the Herald's officials: the Times' chain does not claim them
    assert ("- **Harbour Gazette**\n  - cites **Coastal Herald** (“reported”) — **original source**\n"
            "    - relays two officials familiar with the plan\n") in md
    assert ("- **The Island Times**\n  - cites **Coastal Herald** (“according to”) — **original source**\n"
            "  - cites **Radio Nord**") in md
    html = render(doc, "html")
    assert "<del>autumn</del> <ins>winter</ins>" in html
    assert '<svg class="graph"' in html and 'node outlet original' in html
    assert 'marker-end="url(#arrow-harbour)"' in html and '<svg class="stack"' in html


def test_graph_svg_escapes_text_and_lays_out_left_to_right() -> None:
    assert layout_columns(["a", "b", "c"], [("a", "b"), ("b", "c"), ("c", "a")])["a"] <= 3
    cols = layout_columns(["x", "y", "z"], [("x", "y"), ("y", "z"), ("x", "z")])
    assert cols == {"x": 0, "y": 1, "z": 2}
    a = art("e", "<b>Evil</b> & Co", "The <i>Wire</i> reported it.")
    c = cite(a, "<i>Wire</i>", "reported", relays="<script>alert(1)</script>")
    svg = str(graph_svg(source_graph_data(build_source_graph([a], [], [c])), uid='x"><y'))
    assert "<script>" not in svg and "&lt;script&gt;" in svg and "<b>" not in svg
    assert 'id="arrow-xy"' in svg


# -- properties ------------------------------------------------------------------------------

_words = st.lists(
    st.sampled_from(["We", "will", "won't", "rebuild", "the", "wall", "—", "“now”", "not", "3",
                     "bridge,", "it’s", "Dahl's", "...", "by", "June."]),
    min_size=1, max_size=14,
).map(" ".join)


@settings(max_examples=300, deadline=None)
@given(_words, _words)
def test_word_diff_ops_rebuild_both_versions(a: str, b: str) -> None:
    ops, partial, substantive = word_diff(a, b)
    if any(w.isalnum() for w in re.findall(r"\w+", a)):
        assert " ".join(o.a for o in ops if o.a) == " ".join(a.split())
    if any(w.isalnum() for w in re.findall(r"\w+", b)):
        assert " ".join(o.b for o in ops if o.b) == " ".join(b.split())
    if a == b:
        assert not partial and not substantive and all(o.op == "equal" for o in ops)
    assert match_score(a, b) == match_score(b, a)


def test_match_score_is_symmetric_on_repeated_words() -> None:  # found by hypothesis
    a, b = "We We We We We won't We rebuild 3", "We We We We We won't 3 rebuild We"
    assert match_score(a, b) == match_score(b, a)


def test_a_mixed_quote_links_by_its_quoted_words_only() -> None:
    from newsprism.compare.quotelinks import match_score, spoken_part

    full = ("This was a serious accident. Our safety systems worked as designed, and no one "
            "on our site was seriously hurt. We will find out what happened and fix it")
    mixed = 'the firm\'s "safety systems worked as designed'
    assert spoken_part(mixed) == "safety systems worked as designed"
    assert spoken_part(full) == full  # no inner marks: the whole content
    assert match_score(full, mixed) == 0.0  # the paraphrase around the marks blocks it
    assert match_score(full, spoken_part(mixed)) > 0


def test_outlet_less_articles_carry_one_label_through_every_section() -> None:
    """Pasted files with no outlet: the sourcing profile, the re-reporting chain, the entity
    table and the article columns all name each by its file, never by an internal id."""
    text = "Axios reported that the harbour wall will close. Mayor Lia Moss said it would reopen."
    a = Article(id="a3806772feac967b", title="Wall closes", text=text, source="/in/004_wall.txt",
                published=datetime(2025, 3, 1, 9, tzinfo=UTC))
    b = Article(id="a309adf27b0a632e", title="Wall shut", text=text, source="/in/000_wall.txt",
                published=datetime(2025, 3, 1, 10, tzinfo=UTC))
    c = art("c1", "Harbour Gazette", text)
    arts = [a, b, c]
    analyses = {x.id: ArticleAnalysis(article_id=x.id, quotes=[quote(x, "it would reopen", "Lia Moss")],
                                      citations=[cite(x, "Axios", "reported")]) for x in arts}
    d = build_story_dossier(Story(id="wall", title="Wall", article_ids=[x.id for x in arts]),
                            arts, analyses, [], embedder=None)
    assert [p.outlet for p in d.sourcing] == ["[004_wall.txt]", "[000_wall.txt]", "Harbour Gazette"]
    labels = {n.label for n in d.source_graph.nodes if n.in_story}
    assert labels == {"[004_wall.txt]", "[000_wall.txt]", "Harbour Gazette"}
    md = render(Dossier(stories=[d]), "md")
    assert "a3806772feac967b]" not in md and "a309adf27b0a632e]" not in md
    assert "- **\\[004\\_wall.txt\\]**\n  - cites **Axios**" in md
    html = render(Dossier(stories=[d]), "html")
    assert "[004_wall.txt]" in html and "[a3806772feac967b]" not in html


def test_who_is_quoted_puts_direct_quotes_first_and_folds_beliefs_and_unsourced() -> None:
    text = ("Mayor Lia Moss said the wall would reopen. Engineers believe the wall is safe. "
            "The wall is expected to close. Officials said repairs start in May.")
    a = art("w1", "Harbour Gazette", text)
    qs = [quote(a, "the wall would reopen", "Lia Moss"),
          quote(a, "repairs start in May", "Officials", "anonymous", direct=False),
          quote(a, "the wall is safe", "Engineers", "anonymous", direct=False, cue="believe")
          .model_copy(update={"cue_stance": "belief"}),
          quote(a, "The wall is expected to close", None, "unknown", direct=False, cue="is expected")]
    d = build_story_dossier(Story(id="w", title="Wall", article_ids=["w1"]), [a],
                            {"w1": ArticleAnalysis(article_id="w1", quotes=qs)}, [], embedder=None)
    md = render(Dossier(stories=[d]), "md")
    sec = md[md.index("### Who is quoted"):md.index("### Sourcing profile")]
    heads = re.findall(r"^#### (.+)$", sec, flags=re.M)
    assert heads == ["In their own words (1)", "Reported statements (1)",
                     "Beliefs, positions, questions, topics and unattributed statements (2)"]
    own, reported, other = re.split(r"^#### .+$", sec, flags=re.M)[1:]
    assert "reopen" in own and "repairs start in May" in reported
    assert "the wall is safe" in other and "expected to close" in other and "reopen" not in other
    html = render(Dossier(stories=[d]), "html")
    folded = html[html.index("<summary>Show the 2 statements</summary>"):]
    assert folded.index("the wall is safe") < folded.index("</details>")


def _quote_sections(a: Article, qs: list[Quote]) -> list[str]:
    """The Markdown dossier's "Who is quoted" groups for one article with quotes ``qs``."""
    d = build_story_dossier(Story(id="w", title="Wall", article_ids=[a.id]), [a],
                            {a.id: ArticleAnalysis(article_id=a.id, quotes=qs)}, [], embedder=None)
    md = render(Dossier(stories=[d]), "md")
    sec = md[md.index("### Who is quoted"):md.index("### Sourcing profile")]
    return re.split(r"^#### .+$", sec, flags=re.M)[1:]


def test_positions_and_unclassed_non_documents_are_not_reported_statements() -> None:
    text = ("The council backs the plan to rebuild the wall. The closure underscores the "
            "council's weakness. Reports suggest the wall will reopen.")
    a = art("w3", "Harbour Gazette", text)
    qs = [quote(a, "the plan to rebuild the wall", "council", "organization", direct=False, cue="backs")
          .model_copy(update={"cue_stance": "position"}),
          quote(a, "the council's weakness", None, "unknown", direct=False, cue="underscores")
          .model_copy(update={"source_text": "The closure"}),
          quote(a, "the wall will reopen", None, "unknown", direct=False, cue="suggest")
          .model_copy(update={"source_text": "Reports"})]
    reported, other = _quote_sections(a, qs)
    assert "the wall will reopen" in reported and "rebuild" not in reported and "weakness" not in reported
    assert "rebuild" in other and "weakness" in other
    # the position is not a source the outlet lets speak
    assert sourcing_profiles([a], qs)[0].counts["organization"] == 0
    assert sourcing_profiles([a], qs[2:])[0].quotes == 1


def test_a_mixed_quote_is_a_reported_statement_shown_with_its_own_marks() -> None:
    text = "Mayor Lia Moss said the wall was “safe and sound”, echoing engineers. Moss said: “We reopen in May.”"
    a = art("w2", "Harbour Gazette", text)
    qs = [quote(a, "the wall was “safe and sound”", "Lia Moss").model_copy(update={"mixed": True}),
          quote(a, "We reopen in May.", "Lia Moss")]
    d = build_story_dossier(Story(id="w", title="Wall", article_ids=["w2"]), [a],
                            {"w2": ArticleAnalysis(article_id="w2", quotes=qs)}, [], embedder=None)
    md = render(Dossier(stories=[d]), "md")
    sec = md[md.index("### Who is quoted"):md.index("### Sourcing profile")]
    own, reported = re.split(r"^#### .+$", sec, flags=re.M)[1:]
    assert "We reopen in May" in own and "safe and sound" not in own
    assert "| the wall was “safe and sound” |" in reported  # as written, no added outer marks
    html = render(Dossier(stories=[d]), "html")
    assert "“the wall was" not in html and "the wall was “safe and sound”" in html


def test_a_topic_is_not_a_reported_statement_nor_a_source() -> None:
    text = ("Mayor Lia Moss discussed next steps with the council. "
            "Mayor Lia Moss said the wall will reopen in May.")
    a = art("w4", "Harbour Gazette", text)
    topic = quote(a, "next steps with the council", "Lia Moss", direct=False, cue="discussed")
    said = quote(a, "the wall will reopen in May", "Lia Moss", direct=False, cue="said")
    qs = [topic.model_copy(update={"content_clause": False}), said.model_copy(update={"content_clause": True})]
    reported, other = _quote_sections(a, qs)
    assert "reopen" in reported and "next steps" not in reported
    assert "next steps" in other
    assert sourcing_profiles([a], qs)[0].counts["named"] == 1
    # an analysis stored before the flag existed (None) keeps its quotes as statements
    assert sourcing_profiles([a], [topic, said])[0].counts["named"] == 2


def test_a_topic_or_a_position_is_not_linked_as_a_quote() -> None:
    a = art("w5", "Harbour Gazette", "Mayor Lia Moss said the closure of every pier on the east quay was a precaution.")
    b = art("w6", "Quay Courier", "Mayor Lia Moss ordered the closure of every pier on the east quay on Monday.")
    said = quote(a, "the closure of every pier on the east quay was a precaution", "Lia Moss", direct=False)
    ordered = quote(b, "the closure of every pier on the east quay", "Lia Moss", direct=False, cue="ordered")
    assert link_quotes([a, b], [said, ordered.model_copy(update={"content_clause": True})])
    assert not link_quotes([a, b], [said, ordered.model_copy(update={"content_clause": False})])
    assert not link_quotes([a, b], [said, ordered.model_copy(update={"cue_stance": "position"})])


# -- precision of links and conflicts (two statements chained, two speakers, paraphrase) -----

_WALL = "The sea wall will be rebuilt before the winter storms arrive."
_QUAY = "Every family on the east quay will be moved to the school until the work is done."


def _chain(b_first: str) -> tuple[list[Article], list[Quote]]:
    """One outlet quotes two sentences apart, the other as one quotation holding both."""
    a = art("c1", "Harbour Gazette", f"Mayor Lia Moss said: “{_WALL}” She added: “{_QUAY}”")
    b = art("c2", "Quay Courier", f"“{b_first} {_QUAY}” Mayor Lia Moss said.")
    return [a, b], [quote(a, _WALL, "Lia Moss"), quote(a, _QUAY, "Lia Moss"),
                    quote(b, f"{b_first} {_QUAY}", "Lia Moss")]


def test_two_sentences_linked_through_a_third_quote_are_no_wording_conflict() -> None:
    arts, qs = _chain(_WALL)
    links = link_quotes(arts, qs)
    assert len(links) == 1
    ref = next(m for m in links[0].members if m.quote_id == links[0].reference)
    assert ref.article_id == "c2"  # the quotation holding both sentences matches each one
    assert all(d.partial and not d.substantive for d in links[0].diffs)
    assert not [f for f in quote_conflicts(links) if f.topic == "quote wording"]
    # a real change inside one of the sentences is still reported, against its own version
    arts, qs = _chain(_WALL.replace("winter", "autumn"))
    (fact,) = [f for f in quote_conflicts(link_quotes(arts, qs)) if f.topic == "quote wording"]
    values = {(v.outlet, v.value.split()[0]) for v in fact.values}
    assert values == {("Quay Courier", "The"), ("Harbour Gazette", "The")}


def test_two_speakers_with_loosely_similar_words_are_two_statements() -> None:
    a = art("s1", "Harbour Gazette", "“Minister Kale — publish the harbour audit for every taxpayer. Now.” "
            "Senator Ana Ruiz wrote.")
    b = art("s2", "Quay Courier", "Senator Tom Berg said Kale must “publish the full harbour audit to "
            "every taxpayer and their councillors.”")
    qa = quote(a, "Minister Kale — publish the harbour audit for every taxpayer. Now.", "Ana Ruiz")
    qb = quote(b, "publish the full harbour audit to every taxpayer and their councillors.", "Tom Berg")
    assert not link_quotes([a, b], [qa, qb])
    # one speaker (or one the analysis could not name) keeps the loose match
    assert link_quotes([a, b], [qa, qb.model_copy(update={"speaker": "Ana Ruiz"})])
    assert link_quotes([a, b], [qa, qb.model_copy(update={"speaker": None, "speaker_kind": "unknown"})])


def test_attribution_conflict_needs_own_words_and_a_name_not_a_title() -> None:
    said = "Cancel the harbour summit and come back to the island at once"
    a = art("t1", "Harbour Gazette", f"“{said},” Senator Ana Ruiz wrote.")
    b = art("t2", "Quay Courier", "The party urged him to cancel the harbour summit and come back to the island.")
    qa = quote(a, said, "Ana Ruiz")
    qb = quote(b, "cancel the harbour summit and come back to the island", "Democrats", "organization",
               direct=False)
    assert link_quotes([a, b], [qa, qb])
    # a paraphrase is too loose to pin on another speaker
    assert not quote_conflicts(link_quotes([a, b], [qa, qb]))
    direct = qb.model_copy(update={"direct": True})
    assert [f.topic for f in quote_conflicts(link_quotes([a, b], [qa, direct]))] == ["quote attribution"]
    # a bare title is nobody in particular: no different speaker
    titled = direct.model_copy(update={"speaker": "President", "speaker_kind": "named"})
    assert not quote_conflicts(link_quotes([a, b], [qa, titled]))


def test_a_paraphrase_with_a_scare_quote_is_no_wording_conflict() -> None:
    a = art("p1", "Harbour Gazette", "A student asked the mayor if he would fully back the “harbour plan” of the council.")
    b = art("p2", "Quay Courier", "“Do you fully support the harbour plan of the council?” a student asked.")
    qa = quote(a, "if he would fully back the “harbour plan” of the council", "a student", "unknown")
    qb = quote(b, "Do you fully support the harbour plan of the council?", "a student", "unknown")
    links = link_quotes([a, b], [qa, qb])
    assert links and not quote_conflicts(links)
    # the same words quoted whole are a wording conflict
    qa_whole = qa.model_copy(update={"text": "if he would fully back the harbour plan of the council"})
    assert [f.topic for f in quote_conflicts(link_quotes([a, b], [qa_whole, qb]))] == ["quote wording"]


def test_a_version_whose_matches_went_to_another_link_joins_its_best_match() -> None:
    from newsprism.compare.quotelinks import _stars

    # 0 matches 1 and 2 (a quotation holding two sentences); 3 matches only 1
    near = {0: {1: 1.0, 2: 1.0}, 1: {0: 1.0, 3: 0.6}, 2: {0: 1.0}, 3: {1: 0.6}}
    assert _stars([0, 1, 2, 3], near, lambda k: k) == [(0, [0, 1, 2]), (1, [1, 3])]


def test_versions_that_all_match_keep_the_preferred_reference() -> None:
    from newsprism.compare.quotelinks import _stars

    # 2 matches the others best, but all three match each other: the first by order leads
    near = {0: {1: 0.7, 2: 0.9}, 1: {0: 0.7, 2: 1.0}, 2: {0: 0.9, 1: 1.0}}
    assert _stars([0, 1, 2], near, lambda k: k) == [(0, [2, 0, 1])]


def test_the_original_stays_the_reference_of_the_outlets_relaying_it() -> None:
    from newsprism.compare.quotelinks import _stars

    # 0 is the original; 1 relays 0 in words that match only 2, which matches both: the
    # original leads, its relay counting as its version
    near = {0: {2: 0.9}, 1: {2: 0.8}, 2: {0: 0.9, 1: 0.8}}
    assert _stars([0, 1, 2], near, lambda k: k) == [(2, [2, 0, 1])]
    assert _stars([0, 1, 2], near, lambda k: k, lambda o, k: (o, k) == (1, 0)) == [(0, [2, 0, 1])]


# -- materiality of a wording difference (qw17) ---------------------------------------------


@pytest.mark.parametrize(
    "a,b",
    [
        # typography and tokenisation
        ("We want a…stronger crew on the harbour boats", "we want a stronger crew on the harbour boats"),
        ("the years I spent on the quay in Varna—and we owe it to the town",
         "the years I spent on the quay in Varna — and we owe it to the town"),
        ("we believe that ferries & harbours are vital", "we believe that ferries and harbours are vital"),
        ("clear, simple ferry-ticket rules for every family", "clear, simple ferry ticket rules for every family"),
        ("it might change the ferry timetable as well as our work force",
         "it might change the ferry timetable as well as our workforce."),
        # numbers written as words or digits
        ("there is a two-in-three chance that we keep the harbour", "there is a 2 in 3 chance that we keep the harbour"),
        # short forms and titles, a first name, an editor's aside, a filler, a censored word
        ("Senator Dahl backs the plan but wants the ferry moved elsewhere",
         "Sen. Dahl backs the plan but wants the ferry moved elsewhere"),
        ("With respect, I strongly disagree with Representative Holm's ferry plan",
         "With respect, I strongly disagree with Holm's ferry plan"),
        ("no meeting between the mayor and Berg about the ferry", "no meeting between the mayor and Tomas Berg about the ferry"),
        ("now these (harbour) wardens have far too much power", "now these wardens have far too much power"),
        ("It is about some fake ideal. Oh, not an ideal based on the charter",
         "It is about some fake ideal. Not an ideal based on the charter"),
        ("we are gonna close the damn f***ing ferry", "we are going to close the damn fucking ferry"),
        # a name spelled two ways, a verb's other form, a list in another order
        ("it looks like Mohammed is going to beat the ferry union", "it looks like Muhammad is going to beat the ferry union"),
        ("he runs the harbour like he's running his bakery", "he runs the harbour like he's run his bakery"),
        ("boats called the Gull, the Tern and the Puffin sank", "boats called the Tern, the Gull and the Puffin sank"),
        # words left out at an ellipsis, or a whole sentence left out between two others
        ("We will rebuild the harbour wall before the storms, whatever it costs the town",
         "We will rebuild the harbour wall … whatever it costs the town"),
        ("We learned a great deal since the flood of the old quay... whatever the cost, we owe the town a safe harbour.",
         "And you showed it. Whatever the cost, we owe the town a safe harbour."),
        ("The wall is not a toy. The wall is a promise that keeps people safe.",
         "The wall is not a toy. The wall is not a fence. The wall is a promise. The wall is a promise that keeps people safe."),
        # a partial quote set against the stretch it comes from, not spread over the whole
        ("Then we will end up in the high court, and hopefully we will get a fair hearing, and we will win at "
         "the high court, just like the ferry case.", "And we will win in the high court"),
        ("I don't think it's fair", "You might think it's fair that the mayor sold the pier to her cousin. I don't "
         "think that's fair. You might think it's fair that the council hid the report from the harbour board"),
    ],
)
def test_a_difference_of_form_is_no_change_of_wording(a: str, b: str) -> None:
    assert not word_diff(a, b)[2]
    assert not word_diff(b, a)[2]


@pytest.mark.parametrize(
    "a,b",
    [
        ("I feel sorry for Captain Holm", "I feel very sorry for Captain Holm"),  # a degree word
        ("We moved too fast and we were wrong", "We moved too fast. We made an error and we were wrong."),
        ("no meeting between this mayor and Berg", "no meeting between Mayor Dahl and Tomas Berg"),
        ("Hello, my name is the ferry board, and I got a problem", "Hello, my name is the ferry board and I have a problem"),
        ("To close the ferry this month would raise the risk of a strike",
         "If they [the board] don't close the ferry this month it will raise the risk of a strike"),
        ("boats called Gull and Tern sank", "boats called Gull and Puffin sank"),
        ("it looks like Austria is going to beat the ferry union", "it looks like Australia is going to beat the ferry union"),
    ],
)
def test_a_change_of_words_stays_a_change_of_wording(a: str, b: str) -> None:
    assert word_diff(a, b)[2]
    assert word_diff(b, a)[2]


def test_a_mixed_quote_is_diffed_on_all_its_quoted_pieces() -> None:
    a = art("m1", "Harbour Gazette", "The mayor “believes that we cannot judge a harbour wall by one storm” but "
            "that if the cracks are real, “the council will do the right thing and close the quay.”")
    b = art("m2", "Quay Courier", "Mayor Lena Dahl said the council believes that if the cracks are real, "
            "the council will do the right thing and close the quay. “We cannot judge a harbour wall by one "
            "storm,” she said. “However, the council also believes that if the cracks are real, the council "
            "will do the right thing and close the quay.”")
    qa = quote(a, a.text[len("The mayor "):], "Lena Dahl")
    qb = quote(b, "However, the council also believes that if the cracks are real, the council will do the "
               "right thing and close the quay.", "Lena Dahl")
    links = link_quotes([a, b], [qa, qb])
    assert links and all(not d.substantive for lk in links for d in lk.diffs)
    assert not [f for f in quote_conflicts(links) if f.topic == "quote wording"]


def test_a_word_changed_beside_an_ellipsis_is_still_a_change() -> None:
    assert word_diff("We will never … close the harbour to the ferries", "We will always close the harbour to the ferries")[2]
    assert not word_diff("We will … close the harbour to the ferries", "We will quickly close the harbour to the ferries")[2]
