"""One typed settings object, layered: defaults < config file < NEWSPRISM_* env < CLI flags.

Each field carries its description, so ``newsprism settings`` can print the table.
"""

from __future__ import annotations

import json
import os
import tomllib
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ConfigDict, Field

from .errors import UsageError

__all__ = ["Settings", "load_settings"]


class Settings(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")

    db: str = Field("sqlite:///newsprism.db", description="SQLAlchemy database URL (SQLite file by default)")
    user_agent: str = Field(
        "newsprism/0.1 (+https://github.com/newsprism/newsprism; news comparison research bot)",
        description="User-Agent sent with every HTTP request",
    )
    timeout: float = Field(15.0, description="HTTP connect/read timeout in seconds")
    max_bytes: int = Field(10_000_000, description="largest document accepted (bytes), fetched or read")
    max_redirects: int = Field(5, description="most redirects followed per URL")
    retries: int = Field(2, description="retries on connection errors and 429/5xx, with backoff")
    backoff: float = Field(0.5, description="first retry delay in seconds (doubles each retry)")
    domain_delay: float = Field(1.0, description="least seconds between two requests to one host")
    respect_robots: bool = Field(True, description="obey robots.txt")
    allow_private: bool = Field(False, description="allow fetching private, loopback and link-local addresses")
    spacy_model: str = Field("", description="spaCy model name or path ('' = first installed English model)")
    nlp_batch_size: int = Field(32, description="articles per spaCy batch")
    nlp_processes: int = Field(0, ge=0, description="spaCy worker processes (0 = every core for large inputs)")
    selective_parse: bool = Field(False, description="tag and parse only sentences that can carry a quote or citation (~8% faster, slightly lower attribution quality)")
    aliases: str | None = Field(None, description="path to a JSON file {canonical name: [aliases]}")
    embeddings: bool = Field(True, description="align statements by meaning with sentence embeddings (MiniLM), not only words")
    embedder: str = Field("auto", pattern="^(auto|minilm|potion|none)$", description="sentence embedder for cross-outlet alignment: auto (MiniLM when installed, else potion-base-8M), minilm, potion (~100x cheaper, less accurate), none")
    story_splits: bool = Field(False, description="split repair of online stories (opt-in): after a join, a story of up to 12 articles whose older and newer articles look like two stories is split in two (the newer part becomes a new story, recorded); also raises the merge cut to 0.99")
    story_threshold: float = Field(0.18, description="unused since stories are placed by the online clusterer (kept so old config files load)")


_ENV_PREFIX = "NEWSPRISM_"


def _coerce(field: str, raw: str) -> Any:
    ann = Settings.model_fields[field].annotation
    if ann is bool:
        return raw.strip().lower() in {"1", "true", "yes", "on"}
    return raw


def load_settings(config: str | Path | None = None, **overrides: Any) -> Settings:
    """Build settings from the layers. ``overrides`` are CLI flags (``None`` = not given)."""
    values: dict[str, Any] = {}
    path = Path(config) if config else None
    if path is None and os.environ.get(_ENV_PREFIX + "CONFIG"):
        path = Path(os.environ[_ENV_PREFIX + "CONFIG"])
    if path is not None:
        try:
            text = path.read_text(encoding="utf-8")
            data = json.loads(text) if path.suffix == ".json" else tomllib.loads(text)
        except (OSError, ValueError) as exc:
            raise UsageError(f"cannot read config file {path}: {exc}") from None
        values.update(data.get("newsprism", data))
    for name in Settings.model_fields:
        env = os.environ.get(_ENV_PREFIX + name.upper())
        if env is not None:
            values[name] = _coerce(name, env)
    values.update({k: v for k, v in overrides.items() if v is not None})
    unknown = set(values) - set(Settings.model_fields)
    if unknown:
        raise UsageError(f"unknown setting(s): {', '.join(sorted(unknown))}")
    try:
        return Settings(**values)
    except ValueError as exc:
        raise UsageError(f"invalid settings: {exc}".splitlines()[0]) from None
