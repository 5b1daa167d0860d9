"""Voices: personas as data files. Built-in ones ship as YAML; a user's own file can be passed by path;
learned voices (`blogwright voice learn`, see `voices.learn`) resolve by name after the built-ins."""

from __future__ import annotations

from importlib import resources
from pathlib import Path

from pydantic import ValidationError

from blogwright.core.errors import BadInput
from blogwright.core.io import read_text
from blogwright.core.yamlsafe import load_yaml
from blogwright.voices.learn import learned_names, load_profile
from blogwright.voices.persona import PACKAGE, Voice, builtin_names
from blogwright.voices.profile import to_voice

__all__ = ["Voice", "all_voices", "builtin_names", "load_voice"]


def load_voice(name_or_path: str) -> Voice:
    """A built-in voice by name, a learned voice by name, or a YAML persona file by path."""
    path = Path(name_or_path).expanduser()
    if name_or_path.endswith((".yaml", ".yml")) or path.is_file():
        if not path.is_file():
            raise BadInput(f"voice file not found: {path}")
        text, where = read_text(path, "voice file"), str(path)  # bounded; a binary file is a BadInput
    elif name_or_path in builtin_names():
        text = resources.files(PACKAGE).joinpath(f"{name_or_path}.yaml").read_text(encoding="utf-8")
        where = name_or_path
    else:
        # --- learned voices (voices/learn.py) ---

        if name_or_path in learned_names():
            profile = load_profile(name_or_path)
            return to_voice(profile, load_voice(profile.based_on) if profile.based_on else None)
        known = [*builtin_names(), *learned_names()]
        # --- end learned voices ---
        raise BadInput(f"unknown voice {name_or_path!r}: choose one of {', '.join(known)}, learn it from your "
                       f"posts with `blogwright voice learn PATH --name {name_or_path}`, "
                       "or pass a path to a voice .yaml file")
    data = load_yaml(text, f"voice {where}")  # safe: aliases, nesting and size capped
    if not isinstance(data, dict) or not all(isinstance(k, str) for k in data):
        raise BadInput(f"voice {where}: expected a YAML mapping")
    data.setdefault("name", path.stem if where == str(path) else name_or_path)
    try:
        return Voice(**data)
    except ValidationError as exc:
        fields = ", ".join(".".join(map(str, e["loc"])) for e in exc.errors())
        raise BadInput(f"voice {where} is missing or has bad fields: {fields}") from None


def all_voices(include_learned: bool = False) -> list[Voice]:
    """The built-in voices (and, with include_learned, the user's learned ones after them)."""
    names = builtin_names()
    if include_learned:  # learned voices (voices/learn.py)

        names = [*names, *learned_names()]
    return [load_voice(n) for n in names]
