"""Issue 4 dossier extras on texts written for these tests (no model): claim attribution,
timeline resolution and ordering, cast roles, label pairs, headline view, hedges, sourcing."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from newsprism.compare import build_story_dossier
from newsprism.compare.cast import build_cast
from newsprism.compare.claims import OWN_VOICE, attribute_evidence, build_claims
from newsprism.compare.framing import build_framing, build_headlines, hedges
from newsprism.compare.labels import label_pairs
from newsprism.compare.timeline import build_timeline, date_mentions, unplaced_dates
from newsprism.models import (
    Article,
    ArticleAnalysis,
    Citation,
    Entity,
    Evidence,
    Fact,
    Quote,
    Span,
    Story,
)

# Wednesday 9 October 2024, 08:00 UTC
PUB = datetime(2024, 10, 9, 8, 0, tzinfo=UTC)


def _art(id_: str, outlet: str, text: str, title: str = "t", published=PUB) -> Article:
    return Article(id=id_, title=title, text=text, outlet=outlet, published=published)


def _span(text: str, part: str) -> Span:
    i = text.index(part)
    return Span(start=i, end=i + len(part))


# --- claims -----------------------------------------------------------------------------

CLAIM_TEXT = (
    "Netanyahu blocked the trip on Tuesday; Gallant stayed home. "
    "Gallant said the visit had been postponed. "
    "The call will take place on Wednesday, Axios reported."
)


def _claim_analysis() -> ArticleAnalysis:
    t = CLAIM_TEXT
    q = Quote(
        id="q1",
        article_id="a",
        text="the visit had been postponed",
        content=_span(t, "the visit had been postponed"),
        direct=False,
        speaker="Yoav Gallant",
        speaker_kind="named",
        source=_span(t, "Gallant said"),
        source_text="Gallant",
        cue="said",
        cue_span=_span(t, "said the"),
    )
    c = Citation(
        article_id="a",
        cited="Axios",
        cue="reported",
        span=_span(t, "Axios"),
        sentence="The call will take place on Wednesday, Axios reported.",
    )
    return ArticleAnalysis(article_id="a", quotes=[q], citations=[c])


def test_claims_split_at_semicolons_and_carry_their_attribution():
    a = _art("a", "Wire", CLAIM_TEXT)
    claims = build_claims([a], {"a": _claim_analysis()})
    texts = [c.text for c in claims]
    assert texts[:2] == ["Netanyahu blocked the trip on Tuesday", "Gallant stayed home."]
    by_text = {c.text: c for c in claims}
    assert by_text["Gallant stayed home."].label == OWN_VOICE
    said = next(c for c in claims if c.text.startswith("Gallant said"))
    assert said.attribution == "quote" and said.label == "Yoav Gallant said"
    axios = next(c for c in claims if "Axios" in c.text)
    assert axios.attribution == "citation" and axios.label == "Axios reported"
    for c in claims:  # evidence spans are real offsets into the text
        assert " ".join(CLAIM_TEXT[c.start : c.end].split()) == c.text


@pytest.mark.parametrize(
    "change",
    [
        {"speaker": None, "source_text": None, "source": None},
        {"cue_stance": "belief"},
        # a stance or an act ("Gallant opposed ...") is not a statement of his
        {"cue_stance": "position"},
        # a source the extractor could not class, not a document ("Netanyahu's decision
        # underscores ...")
        {"speaker": None, "speaker_kind": "unknown", "source_text": "The decision"},
    ],
)
def test_a_sourceless_belief_or_position_attribution_leaves_the_outlets_voice(change: dict) -> None:
    an = _claim_analysis()
    q = an.quotes[0].model_copy(update=change)
    an = an.model_copy(update={"quotes": [q]})
    said = next(c for c in build_claims([_art("a", "Wire", CLAIM_TEXT)], {"a": an})
                if c.text.startswith("Gallant said"))
    assert said.attribution == "outlet" and said.label == OWN_VOICE


@pytest.mark.parametrize(
    "source_text,label",
    [("A Pentagon report", "A Pentagon report said"), ("Reports", "Reports said"),
     ("The new biography", "The new biography said")],
)
def test_an_unclassed_source_that_is_a_document_keeps_its_voice(source_text: str, label: str) -> None:
    an = _claim_analysis()
    q = an.quotes[0].model_copy(update={"speaker": None, "speaker_kind": "unknown", "source_text": source_text})
    said = next(c for c in build_claims([_art("a", "Wire", CLAIM_TEXT)], {"a": an.model_copy(update={"quotes": [q]})})
                if c.text.startswith("Gallant said"))
    assert said.attribution == "quote" and said.label == label


@pytest.mark.parametrize(
    "cue,via,label",
    [("told", "Axios", "Yoav Gallant told Axios"), ("said", "Axios", "Yoav Gallant said (via Axios)"),
     ("has told", "Axios", "Yoav Gallant has told Axios")],
)
def test_a_relayed_quote_names_the_outlet_told(cue: str, via: str, label: str) -> None:
    an = _claim_analysis()
    q = an.quotes[0].model_copy(update={"cue": cue, "via": via})
    said = next(c for c in build_claims([_art("a", "Wire", CLAIM_TEXT)], {"a": an.model_copy(update={"quotes": [q]})})
                if c.text.startswith("Gallant said"))
    assert said.label == label


@pytest.mark.parametrize(
    "cue,label",
    [("reported", "Axios reported"), ("according to", "according to Axios"),
     ("as per the report", "per Axios"), ("per", "per Axios")],
)
def test_citation_labels_read_as_written(cue: str, label: str) -> None:
    an = _claim_analysis()
    an = an.model_copy(update={"citations": [an.citations[0].model_copy(update={"cue": cue})]})
    axios = next(c for c in build_claims([_art("a", "Wire", CLAIM_TEXT)], {"a": an}) if "Axios" in c.text)
    assert axios.attribution == "citation" and axios.label == label


def test_one_speakers_quotes_in_a_claim_count_together() -> None:
    t = ("He warned that smoke could return while the tanks were cooled, and said crews "
         "would stay at the site through the night.")
    a = _art("a", "Wire", t)

    def q(i: str, content: str, cue: str, speaker: str = "Lars Endresen") -> Quote:
        return Quote(id=i, article_id="a", text=content, content=_span(t, content), direct=False,
                     speaker=speaker, speaker_kind="named", source=_span(t, "He"), source_text="He",
                     cue=cue, cue_span=_span(t, cue))

    warned = q("q1", "smoke could return while the tanks were cooled", "warned")
    said = q("q2", "crews would stay at the site through the night", "said")
    (c,) = build_claims([a], {"a": ArticleAnalysis(article_id="a", quotes=[warned, said])})
    assert (c.attribution, c.label) == ("quote", "Lars Endresen warned")
    # each alone covers under half of the sentence; two speakers do not add up
    (c,) = build_claims([a], {"a": ArticleAnalysis(article_id="a", quotes=[warned])})
    assert c.label == OWN_VOICE
    other = said.model_copy(update={"speaker": "Elin Sand"})
    (c,) = build_claims([a], {"a": ArticleAnalysis(article_id="a", quotes=[warned, other])})
    assert c.label == OWN_VOICE


def test_the_tail_after_an_inverted_speech_tag_is_the_speakers() -> None:
    t = ("The fire was under control by noon, he said, although crews were expected to stay "
         "on site overnight to keep the tanks cool.")
    a = _art("a", "Wire", t)
    said = Quote(id="q1", article_id="a", text="The fire was under control by noon",
                 content=_span(t, "The fire was under control by noon"), direct=False,
                 speaker="Lars Endresen", speaker_kind="named", source=_span(t, "he"),
                 source_text="he", cue="said", cue_span=_span(t, "said"))
    # the content alone is under half of the sentence: the tail after ", he said," counts too
    (c,) = build_claims([a], {"a": ArticleAnalysis(article_id="a", quotes=[said])})
    assert (c.attribution, c.label) == ("quote", "Lars Endresen said")
    # another voice in the tail keeps it from the first speaker
    other = Quote(id="q2", article_id="a", text="crews were expected to stay on site overnight",
                  content=_span(t, "crews were expected to stay on site overnight"), direct=False,
                  speaker="Elin Sand", speaker_kind="named", source=_span(t, "he"),
                  source_text="he", cue="expected", cue_span=_span(t, "expected"))
    (c,) = build_claims([a], {"a": ArticleAnalysis(article_id="a", quotes=[said, other])})
    assert c.label == OWN_VOICE
    # a cue with words of its own after it is not a tag: "X, the minister ordered everyone out"
    t2 = ("Tanks caught fire, the minister ordered everyone within two kilometres to clear out "
          "of the district before the smoke reached the harbour.")
    ordered = Quote(id="q3", article_id="b", text="Tanks caught fire", content=_span(t2, "Tanks caught fire"),
                    direct=False, speaker="minister", speaker_kind="anonymous",
                    source=_span(t2, "the minister"), source_text="the minister", cue="ordered",
                    cue_span=_span(t2, "ordered"))
    (c,) = build_claims([_art("b", "Wire", t2)], {"b": ArticleAnalysis(article_id="b", quotes=[ordered])})
    assert c.label == OWN_VOICE


def _said(t: str, content: str, source: str, cue: str, i: str = "q1", **kw) -> Quote:
    return Quote(id=i, article_id="a", text=content, content=_span(t, content),
                 direct=kw.get("direct", True), speaker=kw.get("speaker", "Lars Endresen"),
                 speaker_kind=kw.get("kind", "named"), source=_span(t, source), source_text=source, cue=cue,
                 cue_span=_span(t, cue))


def test_the_scene_of_a_verb_of_saying_is_the_speakers() -> None:
    t = ("Asked late on Wednesday whether the district would be safe for the night, Lars "
         "Endresen said, “We are confident.”")
    said = _said(t, "We are confident.", "Lars Endresen", "said")
    (c,) = build_claims([_art("a", "Wire", t)], {"a": ArticleAnalysis(article_id="a", quotes=[said])})
    assert c.label == "Lars Endresen said"  # the lead-in only sets the scene
    t2 = "“We are confident,” Endresen told reporters at the depot in a briefing on Wednesday."
    told = _said(t2, "We are confident,", "Endresen", "told")
    (c,) = build_claims([_art("a", "Wire", t2)], {"a": ArticleAnalysis(article_id="a", quotes=[told])})
    assert c.label == "Lars Endresen told"
    # another attribution in the lead-in keeps it the outlet's (or the document's)
    t3 = ("According to what was heard on the quay late that night, Lars Endresen said crews "
          "were safe.")
    doc = _said(t3, "Lars Endresen said crews were safe", "what was heard on the quay",
                "According to", i="q2", direct=False, speaker=None, kind="unknown")
    said3 = _said(t3, "crews were safe", "Lars Endresen", "said", direct=False)
    (c,) = build_claims([_art("a", "Wire", t3)], {"a": ArticleAnalysis(article_id="a", quotes=[said3, doc])})
    assert c.label == OWN_VOICE
    # a relative clause's source: the lead-in is the outlet's main clause
    t4 = ("The evacuation drew criticism from every side of the council, even from Endresen, "
          "who said, “Too late.”")
    rel = _said(t4, "Too late.", "who", "said")
    (c,) = build_claims([_art("a", "Wire", t4)], {"a": ArticleAnalysis(article_id="a", quotes=[rel])})
    assert c.label == OWN_VOICE


@pytest.mark.parametrize(
    ("source", "cue", "content", "refusal"),
    [
        ("Neither the company nor the ministry", "would say", "whether it ever did", True),
        ("The company", "would not say", "whether it ever did", True),
        ("Tarnwick", "did not say", "when the pump failed", True),
        ("The ministry", "declined", "to comment", True),
        ("The ministry", "to say", "whether the plant was inspected", True),  # of "declined to say"
        ("The minister", "said", "she would not resign", False),
        ("He", "did not deny", "the pump had failed", False),  # a statement, not an open question
        ("She", "did not understand", "how the decision was made", False),  # a belief
        ("They", "to discuss", "how to proceed", False),
        ("Congress", "refused", "the funding the plan needed", False),
        ("Tarnwick", "has refused", "to tell residents exactly what was burning", True),
        ("Tarnwick", "to tell", "exactly what was burning", True),  # of "refused to tell"
        ("The mayor", "told", "residents what was burning", False),
    ],
)
def test_what_a_source_would_not_say_is_not_a_statement(source, cue, content, refusal) -> None:
    from newsprism.compare.claims import is_refusal
    from newsprism.compare.sourcing import sourcing_profiles
    from newsprism.render.common import quote_group

    t = f"{source} {cue} {content}."
    a = _art("a", "Wire", t)
    q = Quote(id="q", article_id="a", text=content, content=_span(t, content), direct=False,
              speaker=source, speaker_kind="organization", source=_span(t, source), source_text=source,
              cue=cue, cue_span=_span(t, cue))
    assert is_refusal(q) is refusal
    assert (quote_group(q) == "declined") is refusal
    (c,) = build_claims([a], {"a": ArticleAnalysis(article_id="a", quotes=[q])})
    # the outlet reports the refusal: no claim takes the refuser's voice, no source is counted
    assert (c.label == OWN_VOICE) is refusal
    assert sourcing_profiles([a], [q])[0].quotes == (0 if refusal else 1)


@pytest.mark.parametrize(
    ("content", "question"),
    [
        ("whether a cooling pump failed before the fire", True),
        ("“whether the plant was safe", True),
        ("whether or not the bill passes, the plant will close", False),  # a statement
        ("if the bill passes, the plant will close", False),  # a conditional statement
        ("the pump failed before the fire", False),
    ],
)
def test_a_yes_no_question_gives_a_claim_no_voice(content, question) -> None:
    from newsprism.render.common import quote_group

    t = (f"Investigators are examining {content}, according to two sources familiar with "
         "the investigation.")
    a = _art("a", "Wire", t)
    rest = t[t.index(content):-1]  # as the parse gives it: the "according to" tag inside
    inner = Quote(id="q1", article_id="a", text=rest, content=_span(t, rest), direct=False,
                  speaker="Investigators", speaker_kind="anonymous", source=_span(t, "Investigators"),
                  source_text="Investigators", cue="are examining", cue_span=_span(t, "are examining"))
    body = t[: t.index(", according")]
    outer = Quote(id="q2", article_id="a", text=body, content=_span(t, body), direct=False,
                  speaker="two sources familiar with the investigation", speaker_kind="anonymous",
                  source=_span(t, "two sources familiar with the investigation"),
                  source_text="two sources familiar with the investigation", cue="according to",
                  cue_span=_span(t, "according to"))
    (c,) = build_claims([a], {"a": ArticleAnalysis(article_id="a", quotes=[inner, outer])})
    # the sources state that a question is being examined; the investigators state nothing
    assert (c.label == "according to two sources familiar with the investigation") is question
    assert (quote_group(inner) == "other") is question


def test_claims_use_the_parse_clauses_when_the_analysis_has_them():
    t = CLAIM_TEXT
    an = _claim_analysis().model_copy(
        update={
            "clauses": [_span(t, "Netanyahu blocked the trip"), _span(t, "Gallant stayed home.")]
        }
    )
    claims = build_claims([_art("a", "Wire", t)], {"a": an})
    assert [c.text for c in claims] == ["Netanyahu blocked the trip", "Gallant stayed home."]


def test_fact_evidence_says_whose_voice_it_is():
    a = _art("a", "Wire", CLAIM_TEXT)
    claims = build_claims([a], {"a": _claim_analysis()})
    s = "Gallant said the visit had been postponed."
    i = CLAIM_TEXT.index(s)
    fact = Fact(
        id="f1",
        kind="unique",
        summary=s,
        articles=["a"],
        evidence=[Evidence(article_id="a", sentence=s, start=i, end=i + len(s), outlet="Wire")],
    )
    (out,) = attribute_evidence([fact], claims)
    assert out.evidence[0].attribution == "Yoav Gallant said"


# --- timeline ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "lo", "hi", "precision"),
    [
        ("He spoke last Friday.", "2024-10-04T00:00", "2024-10-05T00:00", "day"),
        (
            "Gallant was to leave on Tuesday night.",
            "2024-10-08T18:00",
            "2024-10-09T00:00",
            "part of day",
        ),
        (
            "The call took place Wednesday morning.",
            "2024-10-09T06:00",
            "2024-10-09T12:00",
            "part of day",
        ),
        ("Officials met yesterday in Tel Aviv.", "2024-10-08T00:00", "2024-10-09T00:00", "day"),
        (
            "Iran fired missiles last week at Israel.",
            "2024-09-30T00:00",
            "2024-10-07T00:00",
            "week",
        ),
        (
            "Iran attacked on October 1 with missiles.",
            "2024-10-01T00:00",
            "2024-10-02T00:00",
            "day",
        ),
        (
            "The fire started around 10 p.m. on Tuesday here.",
            "2024-10-08T21:30",
            "2024-10-08T22:30",
            "hour",
        ),
        (
            "It started shortly after 11:40 p.m. on Tuesday.",
            "2024-10-08T23:40",
            "2024-10-09T00:00",
            "minute",
        ),
        ("He will travel to Washington on Friday.", "2024-10-11T00:00", "2024-10-12T00:00", "day"),
        # PUB is Wednesday 9 October: "overnight" is the night before, or the coming one
        ("Three were kept in overnight for observation.", "2024-10-08T18:00", "2024-10-09T06:00", "part of day"),
        ("Crews were expected to stay on site overnight.", "2024-10-09T18:00", "2024-10-10T06:00", "part of day"),
        ("The Oct.1st ballistic missile attack.", "2024-10-01T00:00", "2024-10-02T00:00", "day"),
        ("Iran attacked on the 1st of October.", "2024-10-01T00:00", "2024-10-02T00:00", "day"),
        ("Iran attacked on 1st October.", "2024-10-01T00:00", "2024-10-02T00:00", "day"),
        (
            "The deal was signed in March 2023 by both.",
            "2023-03-01T00:00",
            "2023-04-01T00:00",
            "month",
        ),
    ],
)
def test_date_expressions_resolve_against_the_publication_date(text, lo, hi, precision):
    (m,) = date_mentions(text, PUB)
    assert (m.lo.isoformat(timespec="minutes"), m.hi.isoformat(timespec="minutes")) == (lo, hi)
    assert m.precision == precision
    assert m.phrase in text


def test_relative_dates_need_a_publication_date_absolute_ones_do_not():
    assert date_mentions("They met last Friday.", None) == []
    (m,) = date_mentions("They met on March 11, 2025.", None)
    assert m.lo == datetime(2025, 3, 11)
    assert date_mentions("Nothing dated may happen here.", PUB) == []  # "may" is not May


def test_timeline_orders_events_and_shows_a_date_conflict_between_aligned_reports():
    pub_b = datetime(2024, 10, 10, 9, 0, tzinfo=UTC)  # a Thursday
    a = _art(
        "a",
        "Wire",
        "The blaze at the depot broke out late on Tuesday, firefighters said. "
        "Officials will publish a report on Friday about the depot.",
    )
    b = _art(
        "b",
        "Herald",
        "The blaze at the depot broke out early on Wednesday, firefighters said. "
        "Residents returned home yesterday after the all-clear.",
        published=pub_b,
    )
    sa, sb = a.text.split(". ")[0] + ".", b.text.split(". ")[0] + "."
    conflict = Fact(
        id="fc",
        kind="conflict",
        summary="when the blaze broke out",
        articles=["a", "b"],
        evidence=[
            Evidence(article_id="a", sentence=sa, start=0, end=len(sa)),
            Evidence(article_id="b", sentence=sb, start=0, end=len(sb)),
        ],
        topic="when the blaze broke out",
        values=[
            {"article_id": "a", "value": "late on Tuesday", "sentence": sa},
            {"article_id": "b", "value": "early on Wednesday", "sentence": sb},
        ],
    )
    events = build_timeline([a, b], {}, build_claims([a, b], {}), [conflict])
    starts = [e.start for e in events]
    assert starts == sorted(starts)
    fire = next(e for e in events if len(e.articles) == 2)
    assert fire.conflicting and {v.value for v in fire.values} == {
        "late on Tuesday",
        "early on Wednesday",
    }
    yesterday = next(e for e in events if "Residents returned" in e.summary)
    assert yesterday.start == datetime(2024, 10, 9, tzinfo=UTC) and yesterday.outlets == ["Herald"]
    report = next(e for e in events if "report" in e.summary)
    assert report.start == datetime(2024, 10, 11, tzinfo=UTC)  # future: the coming Friday
    for e in events:
        for ev in e.evidence:
            text = (a if ev.article_id == "a" else b).text
            assert text[ev.start : ev.end] == ev.sentence


def test_an_undated_articles_relative_dates_are_listed_unplaced():
    dated = _art("a", "Wire", "The council voted on Tuesday evening to close the harbour road.")
    text = ('On Tuesday evening, officials said the council voted to close the harbour road. '
            'The road was built in 2019 by the regional council. '
            '"We will decide tonight," the mayor told reporters at the town hall. '
            'The mayor said last week that repairs would cost more than expected.')
    undated = _art("b", "Herald", text, published=None)
    q = "We will decide tonight,"
    an = ArticleAnalysis(article_id="b", quotes=[
        Quote(id="q", article_id="b", text=q, content=_span(text, q), direct=True, speaker="the mayor")])
    got = unplaced_dates([dated, undated], {"b": an})
    # the dated article's dates are placed on the timeline; the year needs no publication date;
    # "tonight" inside the quotation is the speaker's night
    assert [(u.phrase, u.article_id) for u in got] == [("On Tuesday evening", "b"), ("last week", "b")]
    for u in got:
        (ev,) = u.evidence
        assert text[ev.start : ev.end] == ev.sentence and u.phrase in ev.sentence
    events = build_timeline([dated, undated], {"b": an}, [], [])
    assert [e.articles for e in events] == [["b"], ["a"]]  # 2019 from the undated one, Tuesday from the dated


def test_timeline_agreeing_reports_make_one_event_without_a_conflict():
    a = _art("a", "Wire", "Biden and Netanyahu held a phone call on Wednesday morning about Iran.")
    b = _art(
        "b", "Herald", "Biden and Netanyahu held a long phone call Wednesday about Iran and Gaza."
    )
    (ev,) = build_timeline([a, b], {}, build_claims([a, b], {}), [])
    assert not ev.conflicting and ev.outlets == ["Wire", "Herald"]
    assert ev.precision == "part of day" and ev.start == datetime(2024, 10, 9, 6, tzinfo=UTC)


def test_a_dateline_is_not_an_event():
    a = _art("a", "Wire", "VARNHOLM, March 12 (Wire) - The plant reopened after inspectors left.")
    assert build_timeline([a], {}, [], []) == []


def test_relative_dates_inside_a_direct_quote_are_not_placed_but_absolute_ones_are():
    text = ('"Do not go to bed tonight without a plan," an official told the radio station. '
            '"The strike on March 3 changed everything," the minister told reporters.')
    a = _art("a", "Wire", text)
    qs = [Quote(id=f"q{k}", article_id="a", text=part, content=_span(text, part), direct=True,
                speaker="an official") for k, part in enumerate(
                    ["Do not go to bed tonight without a plan,",
                     "The strike on March 3 changed everything,"])]
    (ev,) = build_timeline([a], {"a": ArticleAnalysis(article_id="a", quotes=qs)}, [], [])
    assert ev.start == datetime(2024, 3, 3, tzinfo=UTC) and ev.precision == "day"
    # the same words outside quotation marks are the outlet's own dating: placed
    b = _art("b", "Wire", "Residents were told not to go to bed tonight without a plan, an official said.")
    (ev,) = build_timeline([b], {}, [], [])
    assert ev.start.date() == PUB.date()


# --- cast and label pairs -----------------------------------------------------------------

GALLANT = Entity(id="e1", name="Yoav Gallant", type="PERSON", aliases=["Gallant"])
CAST_A = _art(
    "a", "Al Mayadeen", "Security Minister Yoav Gallant postponed his trip to Washington."
)
CAST_B = _art(
    "b", "Virtual Jerusalem", "Defense Minister Yoav Gallant postponed his trip to Washington."
)
CAST_C = _art(
    "c", "Ledger", "Johan Vik, an analyst at Norrvik Securities, said the fall was overdone."
)


def test_cast_gives_each_outlets_role_with_its_sentence():
    vik = Entity(id="e2", name="Johan Vik", type="PERSON")
    cast = {m.name: m for m in build_cast([CAST_A, CAST_B, CAST_C], {}, [GALLANT, vik])}
    roles = {(r.outlet, r.role) for r in cast["Yoav Gallant"].roles}
    assert roles == {
        ("Al Mayadeen", "Security Minister"),
        ("Virtual Jerusalem", "Defense Minister"),
    }
    assert all(r.role in r.sentence for r in cast["Yoav Gallant"].roles)
    assert [r.role for r in cast["Johan Vik"].roles] == ["analyst at Norrvik Securities"]


def _consensus(*arts: Article) -> Fact:
    return Fact(
        id="fx",
        kind="consensus",
        summary=arts[0].text,
        articles=[a.id for a in arts],
        evidence=[
            Evidence(article_id=a.id, sentence=a.text, start=0, end=len(a.text), outlet=a.outlet)
            for a in arts
        ],
    )


def test_label_pairs_from_aligned_sentences_and_from_titles():
    a = _art(
        "a",
        "Al Mayadeen",
        "Israeli occupation forces stormed the Jenin camp on Monday, killing three.",
    )
    b = _art("b", "Times", "The IDF stormed the Jenin camp on Monday, killing three.")
    idf = Entity(id="e3", name="Israel Defense Forces", type="ORG", aliases=["IDF"])
    pairs = label_pairs(
        [a, b, CAST_A, CAST_B], [_consensus(a, b), _consensus(CAST_A, CAST_B)], [idf, GALLANT]
    )
    labels = [{u.label for u in p.uses} for p in pairs]
    assert {"Israeli occupation forces", "IDF"} in labels
    assert {"Security Minister", "Defense Minister"} in labels
    gallant = next(
        p for p in pairs if {u.label for u in p.uses} == {"Security Minister", "Defense Minister"}
    )
    assert gallant.referent == "Yoav Gallant" and gallant.found_by == "aligned"
    assert all(u.label in u.sentence for p in pairs for u in p.uses)
    # titles alone (no aligned sentence) still give the pair
    cast = build_cast([CAST_A, CAST_B], {}, [GALLANT])
    (titled,) = label_pairs([CAST_A, CAST_B], [], [GALLANT], cast)
    assert titled.found_by == "title" and titled.referent == "Yoav Gallant"


def test_who_did_what_and_numbers_are_not_label_pairs():
    a = _art("a", "Wire", "Netanyahu blocked the trip to Washington on Tuesday, killing 3 plans.")
    b = _art("b", "Herald", "Biden blocked the trip to Washington on Tuesday, killing 5 plans.")
    ents = [
        Entity(id="n", name="Benjamin Netanyahu", type="PERSON", aliases=["Netanyahu"]),
        Entity(id="b", name="Joe Biden", type="PERSON", aliases=["Biden"]),
    ]
    assert label_pairs([a, b], [_consensus(a, b)], ents) == []


# --- headlines, hedges, sourcing -----------------------------------------------------------


def test_headline_view_sets_each_headline_against_the_others():
    arts = [
        _art(
            "a",
            "Al Mayadeen",
            "x",
            title="Netanyahu halts Gallant's US trip to discuss strike on Iran: Axios",
        ),
        _art(
            "b",
            "ZeroHedge",
            "x",
            title="Biden Holds Phone Call With Netanyahu After Gallant Trip Blocked",
        ),
        _art("c", "Sentinel", "x", title="Shocking snub: Gallant trip allegedly scrapped"),
    ]
    heads = {h.outlet: h for h in build_headlines(arts)}
    assert heads["Al Mayadeen"].attributed_to == "Axios"
    assert "halts" in heads["Al Mayadeen"].distinctive and "gallant" in heads["Al Mayadeen"].shared
    assert "blocked" in heads["ZeroHedge"].distinctive
    assert {"shocking", "snub"} <= set(heads["Sentinel"].loaded)
    assert heads["Sentinel"].hedges == ["allegedly"]
    assert heads["ZeroHedge"].attributed_to is None


def test_hedges_are_found_and_counted_per_sentence():
    assert hedges(
        "The strike may come soon. Iran reportedly moved launchers. It appears to be true."
    ) == ["may", "reportedly", "appears to"]
    assert hedges("In May the talks ended. They ended.") == []
    (fr,) = build_framing(
        [_art("a", "W", "It could happen. It did happen. Officials are believed to know.")]
    )
    assert fr.hedges == ["could", "are believed to"] and fr.hedged_sentences == 2


def test_the_dossier_holds_the_extras_and_validates():
    story = Story(id="s", title="t", article_ids=["a", "b"])
    a = _art(
        "a",
        "Al Mayadeen",
        "Security Minister Yoav Gallant postponed his trip on Tuesday night after Netanyahu objected.",
    )
    b = _art(
        "b",
        "Virtual Jerusalem",
        "Defense Minister Yoav Gallant postponed his trip on Tuesday night after Netanyahu objected.",
    )
    d = build_story_dossier(story, [a, b], {}, [GALLANT], embedder=None)
    assert d.claims and all(c.label == OWN_VOICE for c in d.claims)
    assert d.timeline and d.timeline[0].start == datetime(2024, 10, 8, 18, tzinfo=UTC)
    assert [m.name for m in d.cast] == ["Yoav Gallant"]
    assert any(
        {u.label for u in p.uses} == {"Security Minister", "Defense Minister"}
        for p in d.label_pairs
    )
    assert len(d.headlines) == 2 and len(d.sourcing) == 2
    assert type(d).model_validate_json(d.model_dump_json()) == d


def test_label_is_cut_out_of_a_longer_replaced_stretch():
    a = _art(
        "a", "Wire", "Officials confirmed that Security Minister Yoav Gallant delayed the visit."
    )
    b = _art("b", "Herald", "Meanwhile, Defense Minister Yoav Gallant called off the visit.")
    (pair,) = label_pairs([a, b], [_consensus(a, b)], [GALLANT])
    assert {u.label for u in pair.uses} == {"Security Minister", "Defense Minister"}
    assert pair.referent == "Yoav Gallant" and pair.found_by == "aligned"


@pytest.mark.parametrize(
    "source_text,speaker,cue,label",
    [
        ("Netanyahu’s", "Benjamin Netanyahu", "insistence", "Benjamin Netanyahu’s insistence"),
        ("Gallant's", "Yoav Gallant", "warning", "Yoav Gallant's warning"),
        ("Officials'", None, "claims", "Officials' claims"),
        ("Gallant", "Yoav Gallant", "said", "Yoav Gallant said"),
    ],
)
def test_a_possessive_source_reads_as_a_possessive(source_text, speaker, cue, label) -> None:
    an = _claim_analysis()
    q = an.quotes[0].model_copy(update={"source_text": source_text, "speaker": speaker, "cue": cue})
    said = next(c for c in build_claims([_art("a", "Wire", CLAIM_TEXT)], {"a": an.model_copy(update={"quotes": [q]})})
                if c.text.startswith("Gallant said"))
    assert said.label == label


def test_a_name_against_an_event_is_not_a_label_pair():
    a = _art("a", "Wire", "The call will take place after the cabinet settles its plans for Washington.")
    b = _art("b", "Herald", "The call will take place after the cabinet settles its plans for the Iranian strike.")
    ents = [Entity(id="w", name="Washington", type="GPE"), Entity(id="i", name="Iranian", type="NORP")]
    assert label_pairs([a, b], [_consensus(a, b)], ents) == []
    # a label-headed side against a name still is one
    c = _art("c", "Times", "The call will take place after the cabinet settles its plans for the IDF.")
    d = _art("d", "Post", "The call will take place after the cabinet settles its plans for the occupation forces.")
    idf = Entity(id="e3", name="Israel Defense Forces", type="ORG", aliases=["IDF"])
    labels = [{u.label for u in p.uses} for p in label_pairs([c, d], [_consensus(c, d)], [idf])]
    assert labels == [{"IDF", "occupation forces"}]


@pytest.mark.parametrize(
    "text,name,role",
    [
        ("Gallant was due to meet Secretary of Defense Lloyd Austin in Washington.", "Lloyd Austin",
         "Secretary of Defense"),
        ("Sullivan urged Minister for Strategic Affairs Ron Dermer to provide clarity.", "Ron Dermer",
         "Minister for Strategic Affairs"),
    ],
)
def test_a_title_keeps_its_of_complement(text, name, role) -> None:
    e = Entity(id="p", name=name, type="PERSON", aliases=[name.split()[-1]])
    (m,) = build_cast([_art("a", "Wire", text)], {}, [e])
    assert [r.role for r in m.roles] == [role]


def test_a_partial_quotation_keeps_the_outlets_own_dates():
    text = ('The visit was set for Wednesday, and she was to discuss "security on the coast this week," '
            "a ministry statement said.")
    a = _art("a", "Wire", text)
    q = Quote(id="q", article_id="a", text="x", content=_span(text, text[: text.index(" a ministry")]),
              direct=True, mixed=True, speaker="a ministry statement")
    events = build_timeline([a], {"a": ArticleAnalysis(article_id="a", quotes=[q])}, [], [])
    # "Wednesday" is the outlet's paraphrase (placed); "this week" is inside the marks (not)
    assert [e.values[0].value for e in events] == ["Wednesday"]
    whole = q.model_copy(update={"mixed": False})
    assert build_timeline([a], {"a": ArticleAnalysis(article_id="a", quotes=[whole])}, [], []) == []
