"""Plain text saved by copy-paste or a crude scraper -> headline, body and metadata.

Page furniture (share widgets, photo credits, bylines, comment counters, "Read more"
teasers, generic labels, subscription prompts) is recognised line by line with small
pure rules; datelines and bylines are read for metadata before they are dropped. Unknown
short lines are kept: losing a real paragraph is worse than keeping a stray label.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from .meta import MONTHS, parse_date, title_from_text

__all__ = ["clean_text", "classify_line", "paragraphs", "Furniture", "looks_like_site_name"]

HEADER_ZONE = 10  # bylines and bare date lines are only recognised this near the top

_WIDGET_TOKENS = frozenset(
    "share tweet email e-mail mail print print-icon facebook twitter x whatsapp linkedin reddit "
    "telegram pinterest messenger flipboard sms copy link comment comments save bookmark".split()
)
_LABELS = frozenset(
    s.strip()
    for s in """
dive deeper|related|related articles|related stories|related content|related news|related posts|
related coverage|related topics|read more|read next|read also|also read|see also|more|more on this story|
more from|more stories|advertisement|advertisements|sponsored|sponsored content|promoted|recommended|
recommended for you|recommended stories|you may also like|you might also like|top stories|most read|
most popular|trending|trending now|editor's picks|editors' picks|skip to content|skip to main content|
skip advertisement|continue reading|continue reading below|continue reading the main story|
story continues below|story continues below advertisement|article continues below|
article continues below advertisement|advertisement - scroll to continue|scroll to continue|
scroll to continue with content|share this|share this article|share this story|share on facebook|
share on twitter|share on x|share via email|share via|print this article|print this page|copy link|
link copied|leave a comment|follow us|follow|listen|listen to this article|listen to article|
save article|gift article|gift this article|subscribe|sign up|sign in|log in|login|register|menu|
close|home|back to top|watch|tags|topics|filed under|newsletter|loading|ad|image|photo|video|audio|
view comments|show comments|hide comments|comments|join the conversation|report an error|
submit a correction|view gallery|open gallery|enlarge|expand|toggle caption|hide caption|
caption|play video|watch video|click to expand|click here|learn more|breaking|breaking news|
live|live updates|exclusive|opinion|analysis|news|latest|latest news
""".replace("\n", "").split("|")
)

# Lines after which only comments, trackbacks or link lists follow.
_CUT_STRONG = re.compile(
    r"^(trackbacks?\s*/\s*pingbacks?|trackbacks?|pingbacks?|leave a reply|comments are closed\.?|"
    r"you must be logged in to post a comment\.?|\d+\s+(thoughts|responses|replies) (on|to) .{1,200}|"
    r"post navigation|comments? policy)$",
    re.I,
)
# Weaker end markers: only trusted in the second half of the text.
_CUT_WEAK = re.compile(
    r"^(related posts|related articles|about the author|more stories|more from .{1,60}|"
    r"you may also like|you might also like|recommended for you|read next|most read|most popular)$",
    re.I,
)

_SIMPLE = [
    re.compile(p, re.I)
    for p in (
        r"\d+\s+comments?|no comments( yet)?|comments?\s*\(\d+\)|\d+\s+(responses?|replies)",
        r"\d{1,3}",  # a lone counter ("0" above "Loading...")
        r"loading\s*(\.\.\.|…)?",
        r"(file image|file photo|file pic|photo|photograph|image|picture|pictured|credit|photo credit|"
        r"image credit|image source|illustration|caption)\s*:.{0,300}",
        r"[\w.’' -]{2,60}[’']s\s+(photo|picture|avatar|profile (picture|photo))",
        r"\([^()]{0,80}(getty images|reuters|afp|ap photo|associated press|shutterstock|epa|alamy)[^()]{0,40}\)",
        r"[\w .,/-]{0,60}(getty images|shutterstock|ap photo/[\w .-]+)",
        r"(photos?|images?|pictures?|video) (by|courtesy of|credit:?) .{1,100}",
        r"(read more|read also|also read|see also|related|read next|more|recommended|watch|listen|"
        r"click here|related coverage|related article|related story)\s*[:»›|]\s*.{1,250}",
        r"\(?((additional )?reporting|writing|editing|compiled) by [^)]{1,200}\)?",
        r"(advertisement|sponsored)\s*[-–—:|]?\s*(scroll|continue)[\w .]{0,60}",
        r"(©|\(c\)|copyright)\s*\d{4}.{0,150}",
        r"all rights reserved\.?",
    )
]
_SUBSCRIBE = re.compile(
    r"(^(subscribe|sign up|register|log in|sign in)( now| today| here| free)?\b)|"
    r"(subscribe to (our|the) [\w -]{0,40}newsletter|sign up for (our|the) [\w -]{0,40}newsletter|"
    r"already a subscriber|support (our|independent|quality) journalism|become a (member|subscriber|patron)|"
    r"this (article|content|story) is (only )?(available )?(for|to) subscribers|to continue reading|"
    r"get (the latest|our) .{0,40} (in|to) your inbox|unlimited access|"
    r"create (a|an|your) (free )?account|donate (now|today))",
    re.I,
)
_GLUED_WIDGET = re.compile(
    r"(?<=[a-z.!?\"”’)])(Share this (?:article|story|page)|Share|Tweet|print-icon)$"
)
_NAME = r"[A-Z][\w'’.-]*(?:\s+(?:[A-Z][\w'’.-]*|de|del|della|van|von|der|den|da|di|du|la|le|al|el|bin|ibn|ben))*"
_BYLINE = re.compile(
    rf"^(?i:by|written by|posted by|story by|words by|reported by)\s*:?\s+(?P<name>{_NAME})"
    rf"(?P<rest>\s*(?:,|\||-|–|—|\band\b|&|\bin\b|\bfor\b)\s*.{{0,100}})?$"
)
_AUTHORED = re.compile(rf"^(?i:authored)(?:\s+(?i:by)\s+(?P<name>{_NAME}))?.{{0,120}}$")
_NOT_NAMES = re.compile(
    rf"^({MONTHS}|monday|tuesday|wednesday|thursday|friday|saturday|sunday|the way|then|now|late|early)$",
    re.I,
)
_DATE_HINT = re.compile(
    rf"\b{MONTHS}\s+\d{{1,2}}\b|\b\d{{1,2}}\s+{MONTHS}\b|\b\d{{4}}-\d{{2}}-\d{{2}}\b|\b\d{{1,2}}/\d{{1,2}}/\d{{4}}\b",
    re.I,
)
_DATE_LINE = re.compile(
    r"^(?:(?:first |last )?(?:published|updated|posted|modified|date)\s*(?:on|at)?\s*:?\s*)?(?P<date>.{6,70})$",
    re.I,
)
_DATELINE_CATS = re.compile(r"^(?P<date>[^|]{6,60}?)\s*\|\s*(?P<cats>[^|]{1,200})$")
_WIRE = re.compile(
    r"^[A-Z][A-Z .'’-]{2,40}(?:,[^()]{0,60})?\s*\((?P<outlet>[A-Z][^()]{1,40})\)\s*[-–—]"
)
_SECTIONS = frozenset(
    "middle east|north america|south america|latin america|united states|united kingdom|world news|"
    "breaking news|top stories|latest news|local news|us news|uk news|health news|tech news|"
    "business news|science news|sports news|hot topics|israel news|news ticker|world politics|"
    "foreign policy|national security|real estate|personal finance|fact check|long read|"
    "editor's picks|live updates".split("|")
)
_LIST_ITEM = re.compile(r"^([-*•·‣◦–]|\d{1,2}[.)])\s+")
_END_PUNCT = re.compile(r"[.!?…\"”’)]$")


@dataclass(frozen=True)
class Furniture:
    """Why a line is page furniture, and what metadata it carried."""

    rule: str
    author: str | None = None
    published: str | None = None
    outlet: str | None = None


def normalize_line(line: str) -> str:
    """Unify spaces, strip the line and drop a share widget glued to its end."""
    line = re.sub(r"\s+", " ", line.replace("\u200b", "").replace("\ufeff", "")).strip()
    return _GLUED_WIDGET.sub("", line).rstrip() if len(line) > 20 else line


def looks_like_site_name(name: str) -> bool:
    """A dateline category that names the site: 2-5 capitalised words that are not a
    known section name, or a domain-like token."""
    name = name.strip()
    if re.fullmatch(r"[\w-]+(\.[\w-]+)*\.[a-z]{2,}", name, re.I):
        return True
    words = name.split()
    if not 2 <= len(words) <= 5 or name.lower() in _SECTIONS:
        return False
    return all(
        w[0].isupper() or w[0].isdigit() or w.lower() in ("of", "the", "and", "&") for w in words
    )


def _date_of(text: str) -> str | None:
    if not _DATE_HINT.search(text):
        return None
    dt = parse_date(text)
    return dt.isoformat() if dt else None


def _label_key(line: str) -> str:
    return re.sub(r"[\s:»›|>.…!-]+$", "", line.lower()).strip()


def _byline(line: str) -> Furniture | None:
    m = _BYLINE.match(line)
    if not m or len(line.split()) > 14:
        return None
    name = m.group("name").strip(" .,")
    if _NOT_NAMES.match(name.split()[0]) or len(name.split()) > 6:
        return None
    rest = (m.group("rest") or "").strip()
    if rest and _END_PUNCT.search(line) and not line.endswith((")", "…")):
        return None  # "By Tuesday, the fire was out." is a sentence, not a byline
    return Furniture("byline", author=name, published=_date_of(rest) if rest else None)


def classify_line(line: str, *, header: bool = False) -> Furniture | None:
    """Return why ``line`` (already normalised) is furniture, or ``None`` if it is content.

    ``header`` enables the rules that are only safe near the top (bylines, bare dates)."""
    if not line:
        return None
    key = _label_key(line)
    words = len(line.split())
    if key in _LABELS or line.lower() in _LABELS:
        return Furniture("label")
    tokens = [t for t in re.split(r"[\s|·•/,]+", line.lower()) if t]
    if tokens and len(tokens) <= 8 and all(t.strip(":") in _WIDGET_TOKENS for t in tokens):
        return Furniture("share-widget")
    if words <= 30:
        for rx in _SIMPLE:
            if rx.fullmatch(line):
                return Furniture("pattern:" + rx.pattern[:20])
        if _SUBSCRIBE.search(line):
            return Furniture("subscribe")
    m = _AUTHORED.match(line)
    if m and words <= 20:
        return Furniture("authored", author=(m.group("name") or "").strip(" .,") or None)
    m = _DATELINE_CATS.match(line)
    if m:
        published = _date_of(m.group("date"))
        if published:
            cats = [c.strip() for c in m.group("cats").split(",") if c.strip()]
            outlet = cats[-1] if cats and looks_like_site_name(cats[-1]) else None
            return Furniture("dateline", published=published, outlet=outlet)
    if header:
        by = _byline(line)
        if by:
            return by
        m = _DATE_LINE.match(line)
        if m and words <= 12 and not _END_PUNCT.search(line.rstrip(".")):
            published = _date_of(m.group("date"))
            if published:
                return Furniture("date", published=published)
    return None


def _cut_point(lines: Sequence[str]) -> int:
    """Index of the first line that starts the comments/trackbacks tail (or ``len``)."""
    content = [i for i, line in enumerate(lines) if line]
    if len(content) < 3:
        return len(lines)
    half = content[len(content) // 2]
    for i in content[2:]:
        line = lines[i]
        if _CUT_STRONG.match(line) or (i >= half and _CUT_WEAK.match(line)):
            return i
    return len(lines)


def _hard_wrapped(blocks: Sequence[Sequence[str]]) -> bool:
    total = sum(len(b) for b in blocks)
    multi = [b for b in blocks if len(b) > 1]
    if not multi or sum(len(b) for b in multi) < 0.5 * total:
        return False
    inner = [line for b in multi for line in b[:-1] if not _LIST_ITEM.match(line)]
    if not inner:
        return False
    widths = sum(1 for line in inner if 35 <= len(line) <= 100) / len(inner)
    # wrapped lines break mid-sentence; one-paragraph-per-line text ends lines with a stop
    stops = sum(1 for line in inner if re.search(r"[.!?:\"”]$", line)) / len(inner)
    return widths >= 0.8 and stops < 0.5


def paragraphs(lines: Sequence[str]) -> list[str]:
    """Group lines into paragraphs. Blank lines separate blocks; a block of hard-wrapped
    lines (e-mail style, ~72 columns) is one paragraph, otherwise every line is one."""
    blocks: list[list[str]] = [[]]
    for line in lines:
        line = line.strip()
        if line:
            blocks[-1].append(line)
        elif blocks[-1]:
            blocks.append([])
    blocks = [b for b in blocks if b]
    if not _hard_wrapped(blocks):
        return [line for b in blocks for line in b]
    out: list[str] = []
    for block in blocks:
        current: list[str] = []
        for line in block:
            if _LIST_ITEM.match(line) and current:
                out.append(" ".join(current))
                current = []
            current.append(line)
        out.append(" ".join(current))
    return out


def _is_headline(line: str) -> bool:
    return len(line) <= 250 and len(line.split()) <= 30


def clean_text(lines: Sequence[str]) -> tuple[str, str, dict[str, str]]:
    """Clean plain-text lines: returns ``(title, body, found)`` where ``body`` is paragraphs
    joined by blank lines and ``found`` holds what the furniture told (author, published
    as ISO 8601, outlet). The first meaningful line is the headline."""
    norm = [normalize_line(line) for line in lines]
    norm = norm[: _cut_point(norm)]
    found: dict[str, str] = {}
    kept: list[str] = []
    seen = 0
    for line in norm:
        if not line:
            kept.append("")
            continue
        seen += 1
        hit = classify_line(line, header=seen <= HEADER_ZONE)
        if hit is None:
            kept.append(line)
            continue
        for key in ("author", "published", "outlet"):
            value = getattr(hit, key)
            if value and key not in found:
                found[key] = value
    paras = paragraphs(kept)
    if not paras:
        return "", "", found
    first_line = next(line for line in kept if line)
    if _is_headline(first_line) and len(paras) > 1:
        title = first_line
        body_lines = kept[kept.index(first_line) + 1 :]
        paras = paragraphs(body_lines)
    else:
        title = title_from_text(paras[0])
    if paras and "outlet" not in found:
        m = _WIRE.match(paras[0])
        if m:
            found["outlet"] = m.group("outlet").strip()
    return title, "\n\n".join(paras), found
