"""Property tests (hypothesis): canonical URLs, stable ids, extract never crashes."""

from __future__ import annotations

import string

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from newsprism import ids
from newsprism.errors import InputError
from newsprism.extract import clean_text, extract
from newsprism.extract.meta import outlet_from_url
from newsprism.models import RawDocument

_label = st.text(string.ascii_lowercase + string.digits, min_size=1, max_size=8)
_host = st.builds(
    lambda parts, www: ("www." if www else "") + ".".join(parts),
    st.lists(_label, min_size=1, max_size=3),
    st.booleans(),
)
_seg = st.text(string.ascii_letters + string.digits + "-_.~%", max_size=8)
_path = st.builds(
    lambda segs, slash: "/" + "/".join(segs) + ("/" if slash else ""),
    st.lists(_seg, max_size=4),
    st.booleans(),
)
_key = st.one_of(st.sampled_from(["utm_source", "fbclid", "ref", "id", "page", "q"]), _label)
_query = st.lists(
    st.tuples(_key, st.text(string.ascii_letters + string.digits + " +&=", max_size=6)), max_size=4
)


@st.composite
def urls(draw: st.DrawFn) -> str:
    scheme = draw(st.sampled_from(["http", "https", "HTTP", "Https"]))
    host = draw(_host)
    if draw(st.booleans()):
        host = host.upper()
    port = draw(st.sampled_from(["", ":80", ":443", ":8080"]))
    query = "&".join(f"{k}={v}" for k, v in draw(_query))
    frag = draw(st.sampled_from(["", "#top", "#"]))
    return f"{scheme}://{host}{port}{draw(_path)}{'?' + query if query else ''}{frag}"


@given(urls())
def test_canonical_url_is_idempotent(url: str) -> None:
    once = ids.canonical_url(url)
    assert ids.canonical_url(once) == once


@pytest.mark.parametrize(
    ("url", "host"),
    [("//[^/@]*@", None), ("http://[unclosed/x", None), ("http://www.a.example:99999/", "a.example")],
)
def test_unparsable_urls_still_name_one_article(url: str, host: str | None) -> None:
    """The standard library refuses these (bad IPv6 brackets, port out of range); ids,
    hosts and outlets must not raise."""
    assert ids.canonical_url(url) == url
    assert ids.canonical_url(" " + url + " ") == url
    assert ids.article_id(url, "x") == ids.article_id(url + " ", "y")
    assert outlet_from_url(url) == host


_words = st.lists(
    st.text(string.ascii_letters + "éø’", min_size=1, max_size=10), min_size=1, max_size=30
)
_space = st.sampled_from([" ", "  ", "\t", "\n", " \n ", "\u00a0"])


@given(_words, st.data())
def test_article_id_stable_under_whitespace(words: list[str], data: st.DataObject) -> None:
    plain = " ".join(words)
    spaced = "".join(w + data.draw(_space) for w in words)
    assert ids.article_id(None, plain) == ids.article_id(None, spaced)
    assert ids.content_hash(plain) == ids.content_hash("  " + spaced + "\n")


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.binary(max_size=3000))
def test_extract_text_raises_only_input_errors(data: bytes) -> None:
    try:
        art = extract(RawDocument(source="fuzz.txt", kind="text", content=data))
    except InputError:
        return
    assert art.text.strip() and "\n\n\n" not in art.text


_line = st.one_of(
    st.text(max_size=80),
    st.sampled_from(
        [
            "print-icon",
            "0 Comments",
            "Loading...",
            "By Mara Velt",
            "Oct 9, 2024 8:18 am | News, Some Site",
            "Trackbacks/Pingbacks",
            "Read more: x",
            "",
        ]
    ),
)


@settings(max_examples=150, deadline=None)
@given(st.lists(_line, max_size=25))
def test_clean_text_is_total_and_never_invents_lines(lines: list[str]) -> None:
    title, body, found = clean_text(lines)
    assert isinstance(title, str) and isinstance(found, dict)
    joined = " ".join(" ".join(line.split()) for line in lines)
    for para in body.split("\n\n"):
        for piece in para.split(" "):
            assert piece in joined
