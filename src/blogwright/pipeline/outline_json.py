"""The outline as JSON, for servers that constrain their answer to a schema (`response_format`):
the schema to send, and a lenient reader of the answer (which falls back to the plain-text parser)."""

from __future__ import annotations

import json
import re
from typing import Any


def outline_schema(n: int) -> str:
    """JSON Schema (as JSON text, see `GenParams.json_schema`) of `{"headings": [n short strings]}`."""
    return json.dumps({
        "type": "object",
        "properties": {"headings": {"type": "array", "minItems": n, "maxItems": n,
                                    "items": {"type": "string", "minLength": 6, "maxLength": 80}}},
        "required": ["headings"], "additionalProperties": False,
    })


def _loads(text: str) -> Any:
    text = re.sub(r"^\s*```(?:json)?\s*|\s*```\s*$", "", text.strip())
    try:
        return json.loads(text)
    except ValueError:
        pass
    m = re.search(r"\{.*\}|\[.*\]", text, flags=re.S)  # JSON inside chatter
    if m:
        try:
            return json.loads(m.group(0))
        except ValueError:
            return None
    return None


def headings_from_json(text: str) -> str | None:
    """The headings of a JSON answer as "- heading" lines (what `plan.parse_headings` reads), or
    None when the answer is not JSON with a list of headings. Takes {"headings": [...]}, any key
    holding a list, a bare list, and items that are strings or {"heading"|"title": ...}."""
    data = _loads(text)
    if isinstance(data, dict):
        data = data.get("headings") or next((v for v in data.values() if isinstance(v, list)), None)
    if not isinstance(data, list):
        return None
    items = []
    for item in data:
        if isinstance(item, dict):
            item = item.get("heading") or item.get("title") or item.get("name")
        if isinstance(item, str) and item.strip():
            items.append("- " + " ".join(item.split()))
    return "\n".join(items) or None
