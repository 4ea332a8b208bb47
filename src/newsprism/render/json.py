"""JSON rendering and the dossier JSON Schema."""

from __future__ import annotations

import json as _json
from typing import Any

from ..models import Dossier

__all__ = ["render_json", "dossier_schema"]


def render_json(dossier: Dossier) -> str:
    """The dossier as pretty, UTF-8 JSON (``model_dump(mode="json")``), newline-terminated."""
    return _json.dumps(dossier.model_dump(mode="json"), indent=2, ensure_ascii=False) + "\n"


def dossier_schema() -> dict[str, Any]:
    """The JSON Schema of rendered dossiers (pydantic, serialization mode).

    ``docs/dossier.schema.json`` is this, committed; a test keeps them equal.
    """
    schema = Dossier.model_json_schema(mode="serialization")
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    return schema
