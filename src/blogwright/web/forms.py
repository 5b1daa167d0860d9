"""The new-post form: defaults, and turning the submitted fields into a `WriteRequest` (errors are `BadInput`)."""

from __future__ import annotations

import re
from pathlib import Path
from urllib.parse import urlsplit

from blogwright.api.briefs import brief_from_request
from blogwright.api.models import SPECS, registry
from blogwright.api.voices import load_voice
from blogwright.core.errors import BadInput
from blogwright.core.http import check_host
from blogwright.core.io import is_inside
from blogwright.core.limits import limit
from blogwright.model.brief import Brief, make_brief
from blogwright.model.options import DEFAULT_CANDIDATES, DEFAULT_SEED, DEFAULT_WORDS, MAX_WORDS, MIN_WORDS
from blogwright.model.request import WriteRequest, make_request

PAGE_MAX_CANDIDATES = 4  # the page offers fewer drafts per section than the CLI (MAX_CANDIDATES)
# The number fields' bounds, for the form's checks and the page's inputs (templates read `bounds`).
BOUNDS = {"words": (MIN_WORDS, MAX_WORDS), "candidates": (1, PAGE_MAX_CANDIDATES), "seed": (0, 2**31 - 1)}


def form_defaults(model: str) -> dict[str, str]:
    return {"topic": "", "request": "", "voice": "plain-expert", "audience": "newbie", "words": str(DEFAULT_WORDS),
            "keywords": "", "notes": "", "sources": "", "model": model, "candidates": str(DEFAULT_CANDIDATES),
            "seed": str(DEFAULT_SEED), "library": "1"}


def _int(form: dict[str, str], name: str, label: str, lo: int, hi: int, default: int) -> int:
    raw = (form.get(name) or "").strip()
    if not raw:
        return default
    if not re.fullmatch(r"-?\d{1,7}", raw):
        raise BadInput(f"{label} must be a whole number, not {raw[:40]!r}")
    value = int(raw)
    if not lo <= value <= hi:
        raise BadInput(f"{label} must be between {lo} and {hi}, not {value}")
    return value


def _lines(text: str) -> list[str]:
    return [ln.strip().lstrip("-*• ").strip() for ln in (text or "").splitlines() if ln.strip()]


def brief_from_request_form(form: dict[str, str], words: int, notes: list[str], sources: list[str]) -> Brief:
    """A brief from the request box: the request is read as `blogwright write` reads one; a field wins
    over it only when changed from its default (the form always sends a voice, a reader and words)."""
    default = form_defaults("")

    def changed(name: str) -> str | None:
        value = (form.get(name) or "").strip()
        return value if value and value != default[name] else None

    return brief_from_request(form["request"], topic=changed("topic"), words=words if changed("words") else None,
                              voice=changed("voice"), audience=changed("audience"),
                              keywords=[k for k in re.split(r"[,\n]", form.get("keywords", "")) if k.strip()][:20],
                              notes=notes, sources=sources, force=bool(form.get("force"))).brief


def _inside_allowed(path_text: str, allowed: list[Path], what: str) -> None:
    """BadInput unless `path_text` names a file inside one of the `allowed` folders (symlinks resolved)."""
    path = Path(path_text).expanduser()
    if not path.is_absolute():
        raise BadInput(f"{what} {path_text[:80]!r}: give the full path of a file in {_folders(allowed)}")
    if not any(is_inside(path, folder) for folder in allowed):
        raise BadInput(f"{what} {path_text[:80]!r} is outside the folders this server reads from: "
                       f"{_folders(allowed)} (start it with --allow-dir FOLDER to add one)")


def _folders(allowed: list[Path]) -> str:
    return ", ".join(str(f) for f in allowed) or "(none)"


def check_paths(brief: Brief, model: str, allowed: list[Path]) -> None:
    """Files the form names (sources, a voice file, a `local:` or `fake:` model file) must be in the
    allowed folders: the page must not read any file on the server it likes."""
    for src in brief.sources:
        if not re.match(r"^https?://", src, re.I):
            _inside_allowed(src, allowed, "source")
    if brief.voice.endswith((".yaml", ".yml")) or "/" in brief.voice or "\\" in brief.voice:
        _inside_allowed(brief.voice, allowed, "voice file")
    prefix, _, rest = model.partition(":")
    if prefix in ("local", "fake") and rest.strip():
        _inside_allowed(rest, allowed, "model file")


def request_from_form(form: dict[str, str], allowed: list[Path] | None = None) -> WriteRequest:
    """The write request (brief, model, seed, candidates, interview) from the form's fields; unknown
    voices and models are errors. `allowed`: the folders files named in the form may be in (None: any,
    for library callers)."""

    notes, sources = _lines(form.get("notes", "")), _lines(form.get("sources", ""))
    if len(notes) > limit("notes"):  # `--limit notes=N` / BLOGWRIGHT_MAX_NOTES, as for `write --notes`
        raise BadInput(f"{len(notes)} notes: keep it to {limit('notes')} lines")
    if len(sources) > limit("sources"):
        raise BadInput(f"{len(sources)} sources: keep it to {limit('sources')}")
    words = _int(form, "words", "words", *BOUNDS["words"], DEFAULT_WORDS)
    if (form.get("request") or "").strip():
        brief = brief_from_request_form(form, words, notes, sources)
    else:
        brief = make_brief(topic=form.get("topic", ""), voice=(form.get("voice") or "plain-expert").strip(),
                           audience=(form.get("audience") or "newbie").strip(), words=words,
                           keywords=[k for k in re.split(r"[,\n]", form.get("keywords", "")) if k.strip()][:20],
                           notes=notes, sources=sources)
    model = (form.get("model") or "local").strip()
    if allowed is not None:
        check_paths(brief, model, allowed)
    load_voice(brief.voice)
    if model.partition(":")[0] not in registry():
        raise BadInput(f"unknown model {model!r}: use {SPECS}")
    return make_request(brief=brief, model=model, seed=_int(form, "seed", "seed", *BOUNDS["seed"], DEFAULT_SEED),
                        candidates=_int(form, "candidates", "candidates", *BOUNDS["candidates"], DEFAULT_CANDIDATES), interview=bool(form.get("interview")),
                        **research_options(form))


def check_target(target: str, allowed: list[Path]) -> None:
    """A publish target named on the page: a Hugo or Jekyll site must be inside the allowed folders (the
    page may not write where it may not read); a WordPress site must be a public address unless the
    server allows private ones (`serve --allow-private-urls`): the site's password goes there."""
    kind, _, where = target.partition(":")
    if kind == "wordpress":
        url = where if "://" in where else "https://" + where
        check_host(urlsplit(url).hostname or "", what=f"publish target {target[:80]}")
        return
    path = Path(where).expanduser()
    if not path.is_absolute() or not any(is_inside(path, folder) for folder in allowed):
        raise BadInput(f"publish target {target[:80]!r} is outside the folders this server may write to: "
                       f"{_folders(allowed)} (start it with --allow-dir FOLDER to add one)")


def research_options(form: dict[str, str]) -> dict:
    """research (bool), search (a provider spec or None) and library (bool) from the form. Private
    addresses are never the form's to allow: only the server's config can (network.allow_private_urls)."""
    search = (form.get("search") or "").strip() or None
    if search is not None and not re.fullmatch(r"[\w.+-]{1,40}(?::\S{1,300})?", search):
        raise BadInput(f"search provider {search[:60]!r}: use duckduckgo, searxng:URL, brave or tavily")
    return {"research": bool(form.get("research")), "search": search, "library": bool(form.get("library"))}
