"""The PolNeAR reader and the quote-bench scoring (exact, begin, token overlap, Jaccard,
coverage-based one-to-one relation matching), on hand-made spans and on the real corpus."""

from __future__ import annotations

import io
import json
import tarfile
from pathlib import Path

import pytest

from newsprism.bench.polnear import Attribution, PolnearDoc, parse_ann, read_split
from newsprism.bench.quotes import (
    _WORD,
    _Tokens,
    coverage,
    match_relations,
    quote_to_attribution,
    score_documents,
    split_segments,
    tokenize,
)
from newsprism.errors import UsageError
from newsprism.models import Quote, Span

TEXT = 'Officials said the plan "will fail badly," the minister warned. Smith agreed.'


def at(text: str, piece: str, nth: int = 0) -> tuple[int, int]:
    """Character span of the ``nth`` occurrence of ``piece`` in ``text``."""
    i = -1
    for _ in range(nth + 1):
        i = text.index(piece, i + 1)
    return (i, i + len(piece))


def attr(aid: str = "x", source=(), cue=(), content=()) -> Attribution:
    return Attribution(id=aid, source=tuple(source), cue=tuple(cue), content=tuple(content))


def score(gold, pred, text=TEXT, starts=()):
    doc = PolnearDoc("d", "dev", text, "0000", list(gold))
    return score_documents([doc], {"d": list(pred)}, {"d": list(starts)})


# ---------------------------------------------------------------- tokens and segments


def test_tokenize_splits_punctuation_and_words():
    spans = tokenize('He said: "no."')
    assert [('He said: "no."')[a:b] for a, b in spans] == ["He", "said", ":", '"', "no", ".", '"']


def test_token_interval_includes_partly_covered_tokens():
    toks = _Tokens("alpha beta gamma")
    assert toks.interval((0, 5)) == (0, 1)
    assert toks.interval((2, 8)) == (0, 2)  # "pha be": touches alpha and beta
    assert toks.interval((5, 6)) is None  # only the space


def test_split_segments_cuts_at_sentence_starts():
    assert split_segments([(0, 30)], [10, 20]) == [(0, 10), (10, 20), (20, 30)]
    assert split_segments([(0, 10), (15, 25)], [10, 20]) == [(0, 10), (15, 20), (20, 25)]
    assert split_segments([(5, 9)], []) == [(5, 9)]


# ---------------------------------------------------------------- per-role scores


def test_perfect_prediction_scores_one_everywhere():
    g = attr(
        source=[at(TEXT, "the minister")],
        cue=[at(TEXT, "warned")],
        content=[at(TEXT, '"will fail badly,"')],
    )
    fig = score([g], [g])
    for role in ("source", "cue", "content"):
        r = fig["roles"][role]
        assert r["exact"] == {"p": 1.0, "r": 1.0, "f1": 1.0}
        assert r["token"]["f1"] == 1.0 and r["jaccard"] == 1.0 and r["begin"]["f1"] == 1.0
    assert fig["relation"]["30"]["f1"] == fig["relation"]["80"]["f1"] == 1.0
    assert fig["speaker_accuracy"] == 1.0


def test_boundary_error_fails_exact_but_keeps_token_overlap():
    gold = attr(
        source=[at(TEXT, "the minister")],
        cue=[at(TEXT, "warned")],
        content=[at(TEXT, '"will fail badly,"')],
    )
    # content without the quotation marks and comma: 3 of the 6 gold tokens
    pred = attr(
        source=[at(TEXT, "minister")],
        cue=[at(TEXT, "warned")],
        content=[at(TEXT, "will fail badly")],
    )
    fig = score([gold], [pred])
    content = fig["roles"]["content"]
    assert content["exact"]["f1"] == 0.0
    assert content["begin"]["f1"] == 0.0
    assert content["token"] == {"p": 1.0, "r": 0.5, "f1": pytest.approx(0.6667, abs=1e-4)}
    assert content["jaccard"] == 0.5
    assert fig["roles"]["source"]["exact"]["f1"] == 0.0
    assert fig["roles"]["source"]["token"]["r"] == 0.5
    assert fig["roles"]["cue"]["exact"]["f1"] == 1.0
    # the relation is still found: all content words covered, sources overlap
    assert fig["relation"]["80"]["f1"] == 1.0


def test_spurious_and_missed_units_count_in_precision_and_recall():
    gold = [
        attr(
            "g1",
            source=[at(TEXT, "Officials")],
            cue=[at(TEXT, "said")],
            content=[at(TEXT, "the plan")],
        )
    ]
    pred = [
        attr(
            "p1",
            source=[at(TEXT, "Officials")],
            cue=[at(TEXT, "said")],
            content=[at(TEXT, "the plan")],
        ),
        attr(
            "p2",
            source=[at(TEXT, "Smith")],
            cue=[at(TEXT, "agreed")],
            content=[at(TEXT, "will fail")],
        ),
    ]
    fig = score(gold, pred)
    assert fig["roles"]["source"]["exact"] == {
        "p": 0.5,
        "r": 1.0,
        "f1": pytest.approx(0.6667, abs=1e-4),
    }
    # CofeNet Jaccard: the spurious unit overlapping no gold unit adds a zero entry
    assert fig["roles"]["cue"]["jaccard"] == 0.5
    assert fig["relation"]["30"] == {"p": 0.5, "r": 1.0, "f1": pytest.approx(0.6667, abs=1e-4)}
    fig = score(gold, [])
    assert fig["roles"]["source"]["exact"] == {"p": 0.0, "r": 0.0, "f1": 0.0}
    assert fig["relation"]["30"]["r"] == 0.0


def test_a_bare_quotation_is_a_content_span_not_a_relation():
    content = at(TEXT, "will fail badly")
    gold = [attr("g", source=[at(TEXT, "the minister")], cue=[at(TEXT, "warned")], content=[content]),
            attr("b", content=[at(TEXT, "Smith agreed")])]  # gold with neither cue nor source
    found = attr("p", source=[at(TEXT, "the minister")], cue=[at(TEXT, "warned")], content=[content])
    bare = attr("q", content=[at(TEXT, "the plan")])
    fig = score(gold, [found, bare])
    # relations: the bare prediction and the bare gold are left out on both sides
    assert fig["relation"]["30"] == {"p": 1.0, "r": 1.0, "f1": 1.0}
    # counted as before: 1 of 2 predictions, 1 of 2 gold
    assert fig["relation_bare"]["30"] == {"p": 0.5, "r": 0.5, "f1": 0.5}
    # the bare quotation is still a predicted content unit and a predicted quote
    assert fig["roles"]["content"]["exact"]["p"] == 0.5
    assert fig["quote"]["30"]["p"] == 0.5
    # a quotation with a cue but no source is a relation (it finds a gold one without source)
    cued = attr("c", cue=[at(TEXT, "agreed")], content=[at(TEXT, "Smith agreed")])
    g2 = [attr("g2", cue=[at(TEXT, "agreed")], content=[at(TEXT, "Smith agreed")])]
    assert score(g2, [cued])["relation"]["30"]["f1"] == 1.0


def test_duplicate_predicted_spans_are_one_unit():
    s, c = at(TEXT, "Officials"), at(TEXT, "said")
    gold = [attr("g", source=[s], cue=[c], content=[at(TEXT, "the plan")])]
    pred = [
        attr("p1", source=[s], cue=[c], content=[at(TEXT, "the plan")]),
        attr("p2", source=[s], cue=[c], content=[at(TEXT, "will fail")]),
    ]
    assert score(gold, pred)["roles"]["source"]["exact"]["p"] == 1.0


def test_discontinuous_gold_content_gives_one_unit_per_segment():
    text = '"We will win," he said, "and soon."'
    gold = attr(
        source=[at(text, "he")],
        cue=[at(text, "said")],
        content=[at(text, '"We will win,"'), at(text, '"and soon."')],
    )
    # a prediction of the first piece only: 1 of 2 units exact, relation found at 30% not 80%
    pred = attr(
        source=[at(text, "he")], cue=[at(text, "said")], content=[at(text, '"We will win,"')]
    )
    fig = score([gold], [pred], text=text)
    assert fig["roles"]["content"]["exact"] == {
        "p": 1.0,
        "r": 0.5,
        "f1": pytest.approx(0.6667, abs=1e-4),
    }
    assert fig["relation"]["30"]["f1"] == 1.0
    assert fig["relation"]["80"]["f1"] == 0.0
    # one contiguous prediction across "he said" matches no unit exactly but covers all words
    whole = attr(source=[at(text, "he")], cue=[at(text, "said")], content=[(0, len(text))])
    fig = score([gold], [whole], text=text)
    assert fig["roles"]["content"]["exact"]["f1"] == 0.0
    assert fig["relation"]["80"]["f1"] == 1.0


def test_sentence_starts_split_units_on_both_sides():
    text = "He said the plan is dead. It cannot be saved."
    content = (at(text, "the plan")[0], len(text))
    g = attr(source=[at(text, "He")], cue=[at(text, "said")], content=[content])
    starts = [0, at(text, "It")[0]]
    fig = score([g], [g], text=text, starts=starts)
    assert fig["roles"]["content"]["exact"]["r"] == 1.0
    # predicting only the first sentence now earns one of two content units
    first = attr(
        source=[at(text, "He")],
        cue=[at(text, "said")],
        content=[(content[0], at(text, "dead.")[1])],
    )
    fig = score([g], [first], text=text, starts=starts)
    assert fig["roles"]["content"]["exact"] == {
        "p": 1.0,
        "r": 0.5,
        "f1": pytest.approx(0.6667, abs=1e-4),
    }


# ---------------------------------------------------------------- relations


def test_coverage_counts_gold_word_tokens_only():
    words = _Tokens(TEXT, _WORD)
    gold = [at(TEXT, '"will fail badly,"')]
    assert coverage(gold, [at(TEXT, "will fail badly")], words) == 1.0  # punctuation ignored
    assert coverage(gold, [at(TEXT, "will")], words) == pytest.approx(1 / 3)
    assert coverage(gold, [at(TEXT, "Smith")], words) == 0.0
    assert coverage([], [at(TEXT, "Smith")], words) == 0.0


@pytest.mark.parametrize(
    ("pred_piece", "found30", "found80"),
    [
        ("will fail badly", True, True),
        ("will fail", True, False),
        ("badly", True, False),
        ("Smith", False, False),
    ],
)
def test_coverage_thresholds(pred_piece, found30, found80):
    words = _Tokens(TEXT, _WORD)
    src = [at(TEXT, "the minister")]
    gold = [attr(source=src, content=[at(TEXT, "will fail badly")])]
    pred = [attr(source=src, content=[at(TEXT, pred_piece)])]
    assert bool(match_relations(gold, pred, words, 0.3)) is found30
    assert bool(match_relations(gold, pred, words, 0.8)) is found80


def test_relation_needs_overlapping_source():
    words = _Tokens(TEXT, _WORD)
    content = [at(TEXT, "will fail badly")]
    gold = [attr(source=[at(TEXT, "the minister")], content=content)]
    wrong = [attr(source=[at(TEXT, "Officials")], content=content)]
    partial = [attr(source=[at(TEXT, "minister warned")], content=content)]
    none = [attr(content=content)]
    assert match_relations(gold, wrong, words, 0.3) == []
    assert match_relations(gold, wrong, words, 0.3, require_source=False) == [(0, 0)]
    assert match_relations(gold, partial, words, 0.3) == [(0, 0)]
    assert match_relations(gold, none, words, 0.3) == []
    # a gold attribution without a source is found only by a prediction without one
    assert match_relations([attr(content=content)], none, words, 0.3) == [(0, 0)]
    assert match_relations([attr(content=content)], wrong, words, 0.3) == []


def test_matching_is_one_to_one_and_prefers_higher_coverage():
    text = "A said one two three four. B said five six seven eight."
    words = _Tokens(text, _WORD)
    s = [at(text, "A")]
    g1 = attr("g1", source=s, content=[at(text, "one two three four")])
    g2 = attr("g2", source=s, content=[at(text, "five six seven eight")])
    # one long prediction covers both gold contents fully: it may be credited once only
    wide = attr("p", source=s, content=[(at(text, "one")[0], at(text, "eight")[1])])
    assert match_relations([g1, g2], [wide], words, 0.3) == [(0, 0)]
    fig = score([g1, g2], [wide], text=text)
    assert fig["relation"]["30"] == {"p": 1.0, "r": 0.5, "f1": pytest.approx(0.6667, abs=1e-4)}
    # greedy by coverage: p1 covers g1 at 50% and g2 at 75%; p2 covers g2 fully
    p1 = attr("p1", source=s, content=[(at(text, "three")[0], at(text, "seven")[1])])
    p2 = attr("p2", source=s, content=[at(text, "five six seven eight")])
    assert match_relations([g1, g2], [p1, p2], words, 0.3) == [(0, 0), (1, 1)]


def test_speaker_accuracy_among_content_matches():
    content1, content2 = [at(TEXT, "the plan")], [at(TEXT, "will fail badly")]
    gold = [
        attr("g1", source=[at(TEXT, "Officials")], content=content1),
        attr("g2", source=[at(TEXT, "the minister")], content=content2),
    ]
    pred = [
        attr("p1", source=[at(TEXT, "Officials")], content=content1),
        attr("p2", source=[at(TEXT, "Smith")], content=content2),
    ]
    fig = score(gold, pred)
    assert fig["quote"]["30"]["f1"] == 1.0
    assert fig["relation"]["30"]["f1"] == 0.5
    assert fig["speaker_accuracy"] == 0.5


def test_quote_to_attribution_maps_spans():
    q = Quote(
        id="q",
        article_id="a",
        text="will fail badly",
        content=Span(start=25, end=40),
        direct=True,
        source=Span(start=43, end=55),
        cue_span=Span(start=56, end=62),
    )
    a = quote_to_attribution(q)
    assert (a.source, a.cue, a.content) == (((43, 55),), ((56, 62),), ((25, 40),))
    bare = quote_to_attribution(
        Quote(id="q", article_id="a", text="x", content=Span(start=0, end=1), direct=False)
    )
    assert bare.source == () and bare.cue == ()


# ---------------------------------------------------------------- reader


ANN = (
    "T1\tSource 0 9\tOfficials\n"
    "T2\tCue 10 14\tsaid\n"
    "E1\tAttribution:T3 Content:T4 Cue:T2 Source:T1\n"
    "T3\tAttribution 10 14\tsaid\n"
    'T4\tContent 15 23;24 28\tthe plan "wil\n'
    "continued span text\n"
    "#1\tAnnotatorNotes T1\tnote\n"
    "T5\tDiscard 0 3\tOff\n"
    "T6\tCue 56 62\twarned\n"
    "T7\tAttribution-no-source 56 62\twarned\n"
    "E2\tAttribution-no-source:T7 Cue:T6 Content:T4 Content2:T5\n"
)


def test_parse_ann_two_passes_discontinuous_and_furniture():
    e1, e2 = parse_ann(ANN, TEXT)
    assert e1.source == ((0, 9),) and e1.cue == ((10, 14),)
    assert e1.content == ((15, 23), (24, 28))  # defined after the E line; two segments
    assert e2.source == () and e2.cue == ((56, 62),)
    assert e2.content == ((15, 23), (24, 28))  # the Discard span given as Content2 is ignored
    with pytest.raises(ValueError):
        parse_ann("T1\tCue 70 90\tx\nE1\tAttribution:T1 Cue:T1\n", TEXT)


def _tarball(tmp_path: Path, files: dict[str, str]) -> Path:
    path = tmp_path / "polnear_v1.0.0_text_attributions.tar.gz"
    with tarfile.open(path, "w:gz") as tar:
        for name, content in files.items():
            data = content.encode("utf-8")
            info = tarfile.TarInfo(name)
            info.size = len(data)
            tar.addfile(info, io.BytesIO(data))
    return path


def test_read_split_keeps_first_annotator_from_tarball_and_tree(tmp_path: Path):
    text = "“Yes,” she said.\r\nOk."  # curly quotes and a CRLF: offsets are characters
    files = {
        "data/dev/text/art-a.txt": text,
        "data/dev/attributions/art-a_d473.ann": "T1\tSource 7 10\tshe\nT2\tCue 11 15\tsaid\nE1\tAttribution:T2 Source:T1 Cue:T2\n",
        "data/dev/attributions/art-a_4b22.ann": "T1\tContent 0 6\t“Yes,”\nE1\tAttribution:T1 Content:T1\n",
        "data/test/text/art-b.txt": "x",
        "data/test/attributions/art-b_4e07.ann": "",
    }
    tarball = _tarball(tmp_path, files)
    for where in (tmp_path, tarball):
        (doc,) = read_split(where, "dev")
        assert (doc.doc_id, doc.annotator) == ("art-a", "4b22")
        assert doc.text == text
        (a,) = doc.attributions
        assert [doc.text[s:e] for s, e in a.content] == ["“Yes,”"]
        assert len(list(read_split(where, "dev", all_annotators=True))) == 2
        (empty,) = read_split(where, "test")
        assert empty.attributions == []
    tree = tmp_path / "tree"
    for name, content in files.items():
        (tree / name).parent.mkdir(parents=True, exist_ok=True)
        (tree / name).write_bytes(content.encode("utf-8"))
    (doc,) = read_split(tree, "dev")
    assert doc.text == text and doc.annotator == "4b22"
    (doc,) = read_split(tree / "data", "dev")
    assert doc.doc_id == "art-a"
    with pytest.raises(UsageError):
        list(read_split(tree, "validation"))
    with pytest.raises(UsageError):
        list(read_split(tmp_path / "nowhere", "dev"))


# ---------------------------------------------------------------- the real corpus


@pytest.mark.shared
def test_polnear_reader_counts_and_offsets(data_dir: Path):
    polnear = data_dir / "polnear"
    if not (polnear / "polnear_v1.0.0_text_attributions.tar.gz").is_file():
        pytest.skip("PolNeAR tarball is absent")
    # (articles, relations with one annotation per article, relations over every annotation);
    # the all-annotator totals are the figures in SOURCE.md.
    expected = {"train": (840, 19868, 22501), "dev": (84, 2193, 2320), "test": (84, 2044, 2231)}
    for split, (n_docs, n_rel, n_rel_all) in expected.items():
        docs = list(read_split(polnear, split))
        assert len(docs) == n_docs
        assert len({d.doc_id for d in docs}) == n_docs
        assert sum(len(d.attributions) for d in docs) == n_rel
        assert (
            sum(len(d.attributions) for d in read_split(polnear, split, all_annotators=True))
            == n_rel_all
        )
    dev = list(read_split(polnear, "dev"))
    assert sum(1 for d in dev for a in d.attributions if not a.source) == 127
    assert sum(1 for d in dev for a in d.attributions if len(a.content) > 1) == 301
    # every role span lies in the text and never starts or ends inside whitespace padding
    for d in dev:
        for a in d.attributions:
            for role in ("source", "cue", "content"):
                for s, e in a.role(role):
                    assert 0 <= s < e <= len(d.text)
                    assert d.text[s:e].strip()
    # cues are short verb phrases: sliced text is what the .ann file records
    cues = {d.text[s:e].lower() for d in dev for a in d.attributions for s, e in a.cue}
    assert {"said", "says", "according to"} <= cues


@pytest.mark.shared
@pytest.mark.model
def test_bench_runs_on_first_dev_docs(data_dir: Path, capsys: pytest.CaptureFixture[str]):
    from rich.console import Console

    from newsprism.bench.quotes import run_quotes_bench

    polnear = data_dir / "polnear"
    if not (polnear / "polnear_v1.0.0_text_attributions.tar.gz").is_file():
        pytest.skip("PolNeAR tarball is absent")
    fig = run_quotes_bench(polnear, "dev", limit=20, console=Console(file=io.StringIO()))
    out = capsys.readouterr().out.strip().splitlines()
    assert len(out) == 1 and json.loads(out[0]) == fig
    assert fig["docs"] == 20 and fig["gold"] > 0 and fig["pred"] > 0
    values = [
        v for r in fig["roles"].values() for m in ("exact", "begin", "token") for v in r[m].values()
    ]
    values += [r["jaccard"] for r in fig["roles"].values()]
    values += [v for k in ("relation", "quote") for t in fig[k].values() for v in t.values()]
    values.append(fig["speaker_accuracy"])
    assert all(0.0 <= v <= 1.0 for v in values)
    assert fig["quote_text_mismatch"] == 0
    assert fig["relation"]["80"]["f1"] <= fig["relation"]["30"]["f1"] <= fig["quote"]["30"]["f1"]
    # a floor well under today's figure, so a broken mapping (e.g. shifted offsets) fails
    assert fig["quote"]["30"]["f1"] > 0.3
    # CI floor: today's first-20-dev-docs figures (seventh round: rel@30 0.756, quote@30 0.817,
    # source exact 0.791, content token 0.897) minus ~0.012; rel@30 since bare quotations are
    # no relations (2026-12-06): 0.765, counted as before 0.758; eleventh round: rel@30 0.773,
    # counted as before 0.766, quote@30 0.823, source exact 0.795, content token 0.900;
    # twelfth round and the cue lexicon (NLP 21): rel@30 0.787, counted as before 0.780,
    # quote@30 0.833, source exact 0.803, content token 0.904
    assert fig["relation"]["30"]["f1"] >= 0.774
    assert fig["relation_bare"]["30"]["f1"] >= 0.767
    assert fig["quote"]["30"]["f1"] >= 0.821
    assert fig["roles"]["source"]["exact"]["f1"] >= 0.791
    assert fig["roles"]["content"]["token"]["f1"] >= 0.892


# ---------------------------------------------------------------- PolNeAR content convention


@pytest.mark.parametrize(
    "text,piece,expected",
    [
        ('He said, "We will win," and left.', "We will win", '"We will win,"'),
        ("She said \u201cit is over.\u201d", "it is over", "\u201cit is over.\u201d"),
        ("He said ''no deal,'' again.", "no deal", "''no deal,''"),
        ("She said that the plan would fail.", "the plan would fail", "that the plan would fail"),
        ('He said the plan was "a mess" today.', 'the plan was "a mess', 'the plan was "a mess"'),
        ("He said the plan would fail.", "the plan would fail", "the plan would fail"),
    ],
)
def test_widen_content_adds_marks_and_that(text, piece, expected):
    from newsprism.bench.quotes import widen_content

    a = text.index(piece)
    s, e = widen_content(text, a, a + len(piece))
    assert text[s:e] == expected


def test_quotes_sharing_a_cue_become_one_attribution_without_source_and_cue():
    from newsprism.bench.quotes import quotes_to_attributions

    text = '"We will win," Ana Ruiz said, "and soon." The bridge, Tom Bale said, was old.'

    def sp(piece: str, nth: int = 0) -> Span:
        a = text.index(piece, text.index(piece) + 1) if nth else text.index(piece)
        return Span(start=a, end=a + len(piece))

    said1, said2 = sp("said"), sp("said", 1)
    q1 = Quote(id="1", article_id="a", text="We will win", content=sp("We will win"), direct=True,
               source=sp("Ana Ruiz"), cue_span=said1)
    q2 = Quote(id="2", article_id="a", text="and soon.", content=sp("and soon."), direct=True,
               source=sp("Ana Ruiz"), cue_span=said1)
    host = sp("The bridge, Tom Bale said, was old")
    q3 = Quote(id="3", article_id="a", text=host.slice(text), content=host, direct=False,
               source=sp("Tom Bale"), cue_span=said2)
    a1, a3 = quotes_to_attributions([q1, q2, q3], text)
    assert [text[s:e] for s, e in a1.content] == ['"We will win,"', '"and soon."']
    assert [text[s:e] for s, e in a3.content] == ["The bridge", "was old"]
    assert a3.source == ((sp("Tom Bale").start, sp("Tom Bale").end),)


def test_univocal_drops_attribution_nested_in_another_content():
    from newsprism.bench.quotes import univocal

    text = "Smith said Jones told him the plan would fail."
    outer = attr("o", [at(text, "Smith")], [at(text, "said")], [at(text, "Jones told him the plan would fail")])
    inner = attr("i", [at(text, "Jones")], [at(text, "told")], [at(text, "the plan would fail")])
    other = attr("x", [at(text, "Smith")], [at(text, "Smith")], [at(text, "plan")])  # cue outside
    assert [a.id for a in univocal([outer, inner])] == ["o"]
    assert [a.id for a in univocal([inner, outer])] == ["o"]
    assert {a.id for a in univocal([outer, other])} == {"o", "x"}
