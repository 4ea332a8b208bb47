"""newsprism.ingest: sources (files, directories, stdin, URLs, feeds, JSONL) -> raw documents."""

from .feeds import looks_like_feed, parse_feed
from .fetch import Fetcher, FetchResult, check_address
from .sources import iter_raw, sniff_kind

__all__ = [
    "iter_raw",
    "Fetcher",
    "FetchResult",
    "check_address",
    "sniff_kind",
    "looks_like_feed",
    "parse_feed",
]
