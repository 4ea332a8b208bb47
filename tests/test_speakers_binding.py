"""Pronoun speakers (issue 3 item 2) on invented texts: a person named later in the pronoun's
own clause is not its referent, and a bare surname the tagger misreads still counts."""

from __future__ import annotations

import pytest

from newsprism.models import Article

pytestmark = pytest.mark.model


@pytest.fixture(scope="module")
def pipe():
    from newsprism.nlp import NlpPipeline

    return NlpPipeline()


def speakers(pipe, text: str) -> dict[str, str | None]:
    (an,) = pipe.analyze([Article(id="t1", title="t", text=text)])
    return {q.text: q.speaker for q in an.quotes}


@pytest.mark.parametrize(
    "text,content,speaker",
    [
        # "he" is not Lia Moss, named later in its own clause: the subject before it is
        ("Mayor Lia Moss met Governor Tom Bale on Monday. Bale said he would back Moss on the bridge.",
         "Moss on the bridge", "Tom Bale"),
        # the sentence-initial surname tagged as a noun is still the named governor
        ("Mayor Lia Moss met Governor Tom Bale on Monday. Bale said he would back Moss on the bridge.",
         "he would back Moss on the bridge", "Tom Bale"),
        # without a later name in the clause the nearest subject is kept
        ("Governor Tom Bale met the press on Monday. He said the bridge would reopen in May.",
         "the bridge would reopen in May", "Tom Bale"),
    ],
)
def test_pronoun_and_surname_speakers(pipe, text: str, content: str, speaker: str) -> None:
    got = speakers(pipe, text)
    assert got.get(content) == speaker, got
