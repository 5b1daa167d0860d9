"""Pydantic validation errors as one readable `BadInput` line, for every typed request."""

from __future__ import annotations

from typing import Any, TypeVar

from pydantic import BaseModel, ValidationError

from blogwright.core.errors import BadInput

M = TypeVar("M", bound=BaseModel)


def validated(cls: type[M], messages: dict[str, str] | None = None, **fields: Any) -> M:
    """`cls(**fields)`, with pydantic's errors turned into one `BadInput` ("; "-joined messages).
    `messages`: a fixed message for a field whose own would not help (a wrong enum value)."""
    try:
        return cls(**fields)
    except ValidationError as exc:
        msgs = []
        for err in exc.errors():
            loc = ".".join(str(p) for p in err.get("loc", ()))
            msgs.append((messages or {}).get(loc) or str(err.get("msg", "invalid value")).removeprefix("Value error, "))
        raise BadInput("; ".join(msgs)) from None
