"""Full-text search over article titles and texts, one strategy per database.

* SQLite: a standalone FTS5 table ``articles_fts(article_id UNINDEXED, title, text)``,
  written by :func:`index_article` in the same transaction as the article row, ranked with
  ``bm25`` (title weighted above text), excerpted with ``snippet()``.
* PostgreSQL: ``to_tsvector('english', title || ' ' || text) @@ plainto_tsquery(...)``
  (the migration builds a GIN index on that exact expression), ``ts_rank`` and
  ``ts_headline``.
* Anything else: ``LIKE`` over lower-cased title and text, snippet cut in Python.

User text is never passed through as query syntax: it is split into word tokens and each
token becomes a quoted FTS5 string, so ``"``, ``AND``, ``*``, ``col:`` or ``NEAR(`` are
just words. All terms must match; when that finds nothing and there are several terms,
any term may match (ranking still puts articles with more terms first).
Matches in snippets are wrapped in :data:`MARK_START` / :data:`MARK_END`.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from collections.abc import Sequence
from typing import Literal

from sqlalchemy import Connection, and_, case, func, literal, or_, select, text
from sqlalchemy.sql.elements import ColumnElement

from ..models import Article
from .schema import FTS_TABLE, articles

__all__ = [
    "Backend",
    "MARK_START",
    "MARK_END",
    "MAX_TERMS",
    "query_terms",
    "fts5_match",
    "fts_rowid",
    "index_article",
    "unindex_article",
    "search_ids",
    "make_snippet",
]

Backend = Literal["fts5", "postgresql", "like"]

MARK_START = "**"
MARK_END = "**"
#: At most this many terms of a query are used (bounds the cost of a pasted paragraph).
MAX_TERMS = 32
SNIPPET_TOKENS = 20
_ELLIPSIS = "…"
_WORD = re.compile(r"\w+")


def query_terms(query: str) -> list[str]:
    """Split user text into word tokens (NFC, unique, in order, at most :data:`MAX_TERMS`)."""
    terms: list[str] = []
    seen: set[str] = set()
    for tok in _WORD.findall(unicodedata.normalize("NFC", query)):
        tok = tok.strip("_")
        if tok and tok.casefold() not in seen:
            seen.add(tok.casefold())
            terms.append(tok)
            if len(terms) >= MAX_TERMS:
                break
    return terms


def fts5_match(terms: Sequence[str], *, any_term: bool = False) -> str:
    """An FTS5 MATCH expression of quoted strings: cannot be a syntax error."""
    quoted = ['"' + t.replace('"', '""') + '"' for t in terms]
    return (" OR " if any_term else " ").join(quoted)


def fts_rowid(article_id: str) -> int:
    """A stable 63-bit rowid for an article's FTS row (SQLite's own rowids move on VACUUM)."""
    return int.from_bytes(hashlib.sha256(article_id.encode("utf-8")).digest()[:8], "big") >> 1


def index_article(conn: Connection, article: Article) -> None:
    """Add an article to the SQLite FTS table (call inside the article's transaction)."""
    conn.execute(
        text(
            f"INSERT INTO {FTS_TABLE}(rowid, article_id, title, text) VALUES (:r, :id, :title, :text)"
        ),
        {
            "r": fts_rowid(article.id),
            "id": article.id,
            "title": article.title,
            "text": article.text,
        },
    )


def unindex_article(conn: Connection, article_id: str) -> None:
    """Remove an article from the SQLite FTS table."""
    conn.execute(
        text(f"DELETE FROM {FTS_TABLE} WHERE rowid = :r AND article_id = :id"),
        {"r": fts_rowid(article_id), "id": article_id},
    )


def search_ids(conn: Connection, backend: Backend, query: str, limit: int) -> list[tuple[str, str]]:
    """Best-first ``(article_id, snippet)`` pairs for ``query``; ``[]`` when it has no words."""
    terms = query_terms(query)
    if not terms or limit <= 0:
        return []
    run = {"fts5": _fts5, "postgresql": _postgresql, "like": _like}[backend]
    hits = run(conn, terms, limit, False)
    if not hits and len(terms) > 1:
        hits = run(conn, terms, limit, True)
    return [(aid, " ".join(snip.split())) for aid, snip in hits]


def _fts5(conn: Connection, terms: list[str], limit: int, any_term: bool) -> list[tuple[str, str]]:
    sql = text(
        f"SELECT article_id, snippet({FTS_TABLE}, -1, :ms, :me, :el, :n) "
        f"FROM {FTS_TABLE} WHERE {FTS_TABLE} MATCH :q "
        f"ORDER BY bm25({FTS_TABLE}, 0.0, 4.0, 1.0), article_id LIMIT :limit"
    )
    params = {
        "q": fts5_match(terms, any_term=any_term),
        "ms": MARK_START,
        "me": MARK_END,
        "el": _ELLIPSIS,
        "n": SNIPPET_TOKENS,
        "limit": limit,
    }
    return [(row[0], row[1] or "") for row in conn.execute(sql, params)]


def _postgresql(
    conn: Connection, terms: list[str], limit: int, any_term: bool
) -> list[tuple[str, str]]:
    doc = "to_tsvector('english', title || ' ' || text)"  # the indexed expression, verbatim
    tsq = "websearch_to_tsquery('english', :q)" if any_term else "plainto_tsquery('english', :q)"
    sql = text(
        f"SELECT id, ts_headline('english', title || ' ' || text, {tsq}, :opts) "
        f"FROM articles WHERE {doc} @@ {tsq} "
        f"ORDER BY ts_rank({doc}, {tsq}) DESC, id LIMIT :limit"
    )
    opts = (
        f"StartSel={MARK_START}, StopSel={MARK_END}, MaxWords=35, MinWords=12, "
        f'MaxFragments=1, FragmentDelimiter=" {_ELLIPSIS} "'
    )
    q = " or ".join(terms) if any_term else " ".join(terms)
    return [
        (row[0], row[1] or "") for row in conn.execute(sql, {"q": q, "opts": opts, "limit": limit})
    ]


def _like(conn: Connection, terms: list[str], limit: int, any_term: bool) -> list[tuple[str, str]]:
    title, body = func.lower(articles.c.title), func.lower(articles.c.text)
    conds: list[ColumnElement[bool]] = []
    score: ColumnElement[int] = literal(0)
    for term in terms:
        t = term.lower()
        in_title, in_text = title.contains(t, autoescape=True), body.contains(t, autoescape=True)
        conds.append(or_(in_title, in_text))
        score = score + case((in_title, 2), else_=0) + case((in_text, 1), else_=0)
    where = or_(*conds) if any_term else and_(*conds)
    rows = conn.execute(
        select(articles.c.id, articles.c.title, articles.c.text)
        .where(where)
        .order_by(score.desc(), articles.c.id)
        .limit(limit)
    )
    return [(r.id, make_snippet(r.text, terms) or make_snippet(r.title, terms)) for r in rows]


def make_snippet(body: str, terms: Sequence[str], width: int = 160) -> str:
    """A window of ``body`` around the first term found, terms marked; ``""`` if none found."""
    if not terms:
        return ""
    pattern = re.compile("|".join(re.escape(t) for t in sorted(terms, key=len, reverse=True)), re.I)
    first = pattern.search(body)
    if first is None:
        return ""
    start = max(0, first.start() - width // 3)
    end = min(len(body), start + width)
    window = pattern.sub(lambda m: f"{MARK_START}{m.group(0)}{MARK_END}", body[start:end])
    return (_ELLIPSIS if start > 0 else "") + window + (_ELLIPSIS if end < len(body) else "")
