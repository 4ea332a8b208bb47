"""Labelled article streams for the clustering benchmark (read from ../shared/data, never copied).

* **BASIL** (Fan et al., EMNLP 2019): 300 full articles, 100 stories (``triplet-uuid``),
  Fox / NYT / HuffPost; each article has its own date (``YYYY-MM-DD``).
* **AllSides roundups** (Lee et al., NAACL 2022 crawl): 1,479 excerpts in 506 stories; only
  the *story* has a date (SOURCE.md), but 568 of the links name their publisher's day
  (``/YYYY/MM/DD/``). An excerpt whose link names a day no later than the roundup's is
  stamped on that day (in the roundup's time zone) at a minute hashed from its URL, never
  after the roundup; any other excerpt gets the roundup's date minus a hashed 0-24 h. The
  hash keeps arrival order within a story from being given away and keeps identical
  timestamps from matching. Why (sixth clustering round): on the links that name a day,
  counted in calendar days before the roundup's day, 66.7 % are the same day, 22.2 % one
  day, 5.1 % two and 5.5 % three or more; 0-24 h gives 59 / 41 / 0 / 0 % on the same links,
  the 0-48 h used before 30 / 48 / 22 / 0 %: it put half the excerpts a day or two earlier
  than the data does, so consecutive roundups on one topic interleaved in time, and it has
  none of the real tail (a roundup that links a days-old piece).
* **Lim et al. 2020** (LREC, ``lim2020_biased_sents``): 46 articles in 4 stories of 11-12
  outlets each (a Kentucky lawmaker's death, Cambridge Analytica, Trump and the NFL anthem
  protests, Tillerson's offer of talks with North Korea; 2017-09 to 2018-03). The only
  real set here whose stories have more than three articles: never tuned on, it shows
  what the split repair does to a big story. The file gives the first 20 sentences of each
  article (its ``docbody`` cell is cut at 255 characters) and only the event's day; an
  article is stamped as an AllSides excerpt is, on the day its link names or up to 24 h
  before the event's day (taken at noon UTC).
* **NeuS** (test split): 307 stories x 3 excerpts, no dates, no outlet; the stream order
  is a deterministic shuffle (by hash of the article id), since the file lists a story's
  three articles together. NeuS was built from AllSides roundups too: the bench drops the
  NeuS stories that share an article with the dated stream (:func:`drop_shared`), whose
  tuning half the models are fitted on.

Tuning/held-out split: a story is in the tuning half when the first byte of
``sha256("<source>:<story id>")`` is even. :func:`synthetic_stream` recombines and
perturbs real texts into many stories on a dense synthetic timeline for throughput runs.
"""

from __future__ import annotations

import csv
import hashlib
import json
import lzma
import random
import re
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path

from ..models import Article

__all__ = [
    "Item",
    "load_basil",
    "load_allsides",
    "load_neus",
    "load_lim",
    "load_baly",
    "is_tuning",
    "drop_shared",
    "synthetic_stream",
    "sort_stream",
]


@dataclass(frozen=True)
class Item:
    article: Article
    gold: str
    source: str


def _h(s: str) -> int:
    return int.from_bytes(hashlib.sha256(s.encode("utf-8")).digest()[:8], "big")


def is_tuning(source: str, story: str) -> bool:
    """True for the fixed tuning half of the stories."""
    return hashlib.sha256(f"{source}:{story}".encode()).digest()[0] % 2 == 0


def sort_stream(items: list[Item]) -> list[Item]:
    """Time order; undated articles keep a deterministic pseudo-random order."""
    epoch = datetime(1970, 1, 1, tzinfo=UTC)
    return sorted(items, key=lambda it: (it.article.published or epoch, _h(it.article.id)))


def load_basil(data_dir: Path) -> list[Item]:
    root = data_dir / "basil" / "articles"
    out = []
    for path in sorted(root.glob("*/*.json")):
        d = json.loads(path.read_text(encoding="utf-8"))
        paras = d.get("body-paragraphs") or []
        text = "\n\n".join(" ".join(p) for p in paras)
        day = datetime.strptime(d["date"], "%Y-%m-%d").replace(tzinfo=UTC)
        # the day is all BASIL gives: spread articles over it deterministically
        published = day + timedelta(minutes=_h(path.stem) % (24 * 60))
        out.append(
            Item(
                Article(
                    id="basil-" + path.stem,
                    title=d.get("title") or "",
                    text=text,
                    outlet=str(d.get("source", "")).lower() or None,
                    url=d.get("url"),
                    published=published,
                    source="basil",
                ),
                gold="basil:" + d["triplet-uuid"],
                source="basil",
            )
        )
    return out


ALLSIDES_SPREAD_HOURS = 24
"""An AllSides excerpt is stamped with its roundup's date minus 0 to this many hours (48
until the sixth clustering round; see the module docstring)."""
ALLSIDES_URL_DATES = True
"""Stamp an excerpt on the day its link names, where it names one."""


_URL_DAY = re.compile(r"/(20\d\d)[/-](\d\d)[/-](\d\d)/")


def _allsides_stamp(
    roundup: datetime, key: str, link: str | None, spread_hours: int, url_dates: bool
) -> datetime:
    """An excerpt's publication time: on the day its link names (at a hashed minute, never
    after the roundup) when ``url_dates`` and the link carries a day not after the
    roundup's, else the roundup's date minus a hashed 0 to ``spread_hours`` hours."""
    m = _URL_DAY.search(link or "") if url_dates else None
    if m:
        day = datetime(int(m[1]), int(m[2]), int(m[3]), tzinfo=roundup.tzinfo)
        span = min(day + timedelta(days=1), roundup) - day
        if span > timedelta(0):
            return day + timedelta(minutes=_h(key) % max(1, int(span.total_seconds() // 60)))
    return roundup - timedelta(minutes=_h(key) % (spread_hours * 60))


def load_allsides(
    data_dir: Path, spread_hours: int = ALLSIDES_SPREAD_HOURS, url_dates: bool = ALLSIDES_URL_DATES
) -> list[Item]:
    path = data_dir / "allsides_roundups" / "headline_11_2021-10-19_crawled_all.jsonl"
    out = []
    with path.open(encoding="utf-8") as fh:
        for line in fh:
            if not line.strip():
                continue
            d = json.loads(line)
            date = datetime.fromisoformat(d["date"])
            for side in ("left", "center", "right"):
                n = (d.get("news") or {}).get(side)
                if not n or not n.get("newBody"):
                    continue
                key = n.get("newsLink") or f"{d['id']}:{side}"
                out.append(
                    Item(
                        Article(
                            id=f"allsides-{d['id']}-{side}",
                            title=n.get("newsTitle") or "",
                            text="\n\n".join(n["newBody"]),
                            outlet=n.get("newsSource"),
                            url=n.get("newsLink"),
                            published=_allsides_stamp(
                                date, key, n.get("newsLink"), spread_hours, url_dates
                            ).astimezone(UTC),
                            source="allsides",
                        ),
                        gold=f"allsides:{d['id']}",
                        source="allsides",
                    )
                )
    return out


_LIM_SENTENCE = re.compile(r"^\[\d+\]:\s*")


def load_lim(data_dir: Path) -> list[Item]:
    """The Lim et al. 2020 articles (one per article id; the file has a row per annotator),
    or none when the folder is absent."""
    path = data_dir / "lim2020_biased_sents" / "Sora_LREC2020_biasedsentences.csv.xz"
    if not path.is_file():
        return []
    rows: dict[str, dict[str, str]] = {}
    with lzma.open(path, "rt", encoding="utf-8", newline="") as fh:
        for row in csv.DictReader(fh):
            rows.setdefault(row["id_article"], row)
    out = []
    for key, row in rows.items():
        sentences = (_LIM_SENTENCE.sub("", row.get(f"s{i}") or "").strip() for i in range(20))
        day = datetime.fromisoformat(row["date_event"]).replace(tzinfo=UTC) + timedelta(hours=12)
        url = row.get("url") or None
        out.append(
            Item(
                Article(
                    id=f"lim-{row['id_event']}-{key}",
                    title=row.get("doctitle") or "",
                    text=" ".join(s for s in sentences if s),
                    outlet=row.get("source") or None,
                    url=url,
                    published=_allsides_stamp(day, url or key, url, ALLSIDES_SPREAD_HOURS, True),
                    source="lim",
                ),
                gold=f"lim:{row['id_event']}",
                source="lim",
            )
        )
    return out


_NEUS_PART = re.compile(r"TITLE=>\s*(.*?)\.\s*ARTICLE=>\s*(.*)", re.S)


def load_baly(data_dir: Path, limit: int | None = None, max_chars: int = 3000) -> list[Article]:
    """Articles of Baly et al. (EMNLP 2020; no story labels): single-article bases for
    synthetic streams. Texts are cut to ``max_chars`` to bound memory."""
    path = data_dir / "baly2020_allsides" / "articles.jsonl.xz"
    out: list[Article] = []
    if not path.is_file():
        return out
    with lzma.open(path, "rt", encoding="utf-8") as fh:
        for line in fh:
            if limit is not None and len(out) >= limit:
                break
            d = json.loads(line)
            text = (d.get("content_original") or d.get("content") or "")[:max_chars]
            if len(text) < 200:
                continue
            out.append(Article(id=f"baly-{d.get('ID')}", title=d.get("title") or "", text=text))
    return out


def load_neus(data_dir: Path, split: str = "test") -> list[Item]:
    path = (
        data_dir
        / "neus_allsides"
        / "naacl2022_lrc_roundup_random_order_probe"
        / f"{split}.source.xz"
    )
    out = []
    with lzma.open(path, "rt", encoding="utf-8") as fh:
        for lineno, line in enumerate(fh):
            for k, part in enumerate(line.strip().split(" [SEP] ")):
                m = _NEUS_PART.match(part.strip())
                title, text = (m.group(1), m.group(2)) if m else ("", part)
                out.append(
                    Item(
                        Article(
                            id=f"neus-{split}-{lineno}-{k}", title=title, text=text, source="neus"
                        ),
                        gold=f"neus:{split}:{lineno}",
                        source="neus",
                    )
                )
    return out


_WORD = re.compile(r"[a-z0-9]+")
SHARED_TITLE_WORDS = 3  # a title this long or longer, the same after normalising, is one article's
SHARED_SHINGLES = 0.5  # share of the smaller text's 5-word shingles found in the other
_SHINGLE = 5


def _norm_title(title: str) -> str:
    return " ".join(_WORD.findall(title.lower()))


def _shingles(text: str) -> set[str]:
    w = _WORD.findall(text.lower())
    return {" ".join(w[i : i + _SHINGLE]) for i in range(len(w) - _SHINGLE + 1)}


def drop_shared(items: list[Item], others: list[Item]) -> tuple[list[Item], int]:
    """``items`` without the stories that share an article with ``others``: the same title
    (normalised, at least :data:`SHARED_TITLE_WORDS` words) or a text most of whose 5-word
    shingles the other holds (:data:`SHARED_SHINGLES` of the smaller one's). Returns the
    items kept and the number of stories dropped."""
    titles = set()
    posting: dict[str, list[int]] = {}
    sizes: list[int] = []
    for j, it in enumerate(others):
        t = _norm_title(it.article.title)
        if len(t.split()) >= SHARED_TITLE_WORDS:
            titles.add(t)
        sh = _shingles(it.article.text)
        sizes.append(len(sh))
        for g in sh:
            posting.setdefault(g, []).append(j)
    shared: set[str] = set()
    for it in items:
        if it.gold in shared:
            continue
        if _norm_title(it.article.title) in titles:
            shared.add(it.gold)
            continue
        sh = _shingles(it.article.text)
        hits: dict[int, int] = {}
        for g in sh:
            for j in posting.get(g, ()):
                hits[j] = hits.get(j, 0) + 1
        if any(n >= SHARED_SHINGLES * max(1, min(len(sh), sizes[j])) for j, n in hits.items()):
            shared.add(it.gold)
    return [it for it in items if it.gold not in shared], len(shared)


# ---------------------------------------------------------------- synthetic


_SENT = re.compile(r"(?<=[.!?])\s+(?=[A-Z\"“])")


def synthetic_stream(
    bases: list[list[Article]],
    n: int,
    seed: int = 7,
    per_day: int = 5_000,
    start: datetime = datetime(2030, 1, 1, tzinfo=UTC),
) -> Iterator[tuple[Article, str]]:
    """``n`` synthetic articles (with gold story ids) in time order.

    Stories of 1-8 articles are drawn from real base stories (``bases``: each a list of
    articles about one event) and placed at random on a timeline of ``per_day`` articles a
    day; an article is a real article of its base story with sentences dropped and
    shuffled, a sentence borrowed from a sibling article, a shifted date within three
    days of the story's start, and in 5% of cases a near-verbatim wire copy of an earlier
    article of the same story. Only (time, story, k) triples are held in memory; texts are
    built as they are yielded.
    """
    rng = random.Random(seed)
    days = max(n / per_day, 1 / 24)
    plan: list[tuple[float, int, int]] = []  # (time in days, synthetic story, k)
    sid = 0
    starts: list[tuple[float, int]] = []
    while len(plan) < n:
        size = min(rng.choice((1, 1, 2, 2, 3, 3, 4, 5, 6, 8)), n - len(plan))
        t0 = rng.random() * days
        starts.append((t0, sid))
        for k in range(size):
            plan.append((t0 + (0.0 if k == 0 else rng.random() * 3.0 * min(1.0, days)), sid, k))
        sid += 1
    # bases are dealt round-robin in start order (over a shuffled deck), so one real event
    # recurs only after len(bases) stories: far outside the clustering window
    deck = list(range(len(bases)))
    rng.shuffle(deck)
    story_base = [0] * sid
    for rank, (_, s_) in enumerate(sorted(starts)):
        story_base[s_] = deck[rank % len(deck)]
    plan.sort()

    def make(s: int, k: int) -> tuple[str, str]:
        r = random.Random(seed * 1_000_003 + s * 101 + k)
        base = bases[story_base[s]]
        src = base[r.randrange(len(base))]
        if k > 0 and r.random() < 0.05:
            return src.title, make(s, 0)[1] + " (Updated.)"
        sents = _SENT.split(src.text)
        if len(sents) > 3:
            keep = [x for x in sents if r.random() > 0.25] or sents[:1]
            head, tail = keep[:2], keep[2:]
            r.shuffle(tail)
            sents = head + tail
        sib = base[r.randrange(len(base))]
        extra = _SENT.split(sib.text)
        sents.append(extra[r.randrange(len(extra))])
        return (src.title if r.random() < 0.7 else sib.title), " ".join(sents)

    for t, s, k in plan:
        title, text = make(s, k)
        yield (
            Article(
                id=f"syn-{s}-{k}",
                title=title,
                text=text,
                published=start + timedelta(days=t),
                source="synthetic",
            ),
            f"syn:{s}",
        )
