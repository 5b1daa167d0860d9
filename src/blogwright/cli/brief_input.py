"""`blogwright write`'s request: a topic or a whole request as the argument, `--brief FILE`, or `-`
(stdin); `--outline FILE`; `--force`; `--show-brief`. The flags win over what the request says."""

from __future__ import annotations

from pathlib import Path
from typing import TextIO

from blogwright.api.briefs import Understood, brief_from_request, describe, parse_outline
from blogwright.cli.output import emit_json, emit_line
from blogwright.core.errors import BadInput
from blogwright.core.io import read_stdin, read_text
from blogwright.model.brief import MAX_REQUEST_CHARS


def _read(path: Path, what: str) -> str:
    p = path.expanduser()
    if not p.exists():
        raise BadInput(f"no such {what} file: {p}")
    text = read_text(p, what)  # bounded (/dev/zero stops at the limit); folders and binary files refused
    if len(text) > MAX_REQUEST_CHARS:
        raise BadInput(f"the {what} {p} is {len(text):,} characters long; keep it under {MAX_REQUEST_CHARS:,}")
    return text


def request_and_topic(argument: str | None, brief_file: Path | None, stdin: TextIO | None = None) -> tuple[str, str | None]:
    """(the request text, a topic that wins over the one read from it). The argument is the request,
    or `-` for stdin (so is `--brief -`); with --brief FILE the file is the request and an argument is the topic."""
    if brief_file is not None and str(brief_file) == "-":
        if argument == "-":
            raise BadInput("give the request once: `-` (stdin) or --brief -, not both")
        text, _ = request_and_topic("-", None, stdin)
        return text, argument
    if argument == "-":
        if brief_file is not None:
            raise BadInput("give the request once: `-` (stdin) or --brief FILE, not both")
        text = read_stdin("the request on stdin", stream=stdin)  # bounded; closed or binary stdin: one line
        if len(text) > MAX_REQUEST_CHARS:
            raise BadInput(f"the request on stdin is over {MAX_REQUEST_CHARS:,} characters; keep it shorter")
        if not text.strip():
            raise BadInput("the request on stdin is empty: say what the post is about")
        return text, None
    if brief_file is not None:
        text = _read(brief_file, "brief")
        if not text.strip():
            raise BadInput(f"the brief {brief_file} is empty: say what the post is about")
        return text, argument
    if argument is None:
        raise BadInput("say what the post is about: a topic or a request as the argument, --brief FILE, or - for stdin")
    return argument, None


def understand(argument: str | None, brief_file: Path | None, outline_file: Path | None, *,
               voice: str | None, audience: str | None, words: int | None, keywords: list[str],
               notes: list[str], sources: list[str], force: bool, stdin: TextIO | None = None) -> Understood:
    """The brief to write, from the request and the flags (which win)."""
    text, topic = request_and_topic(argument, brief_file, stdin)
    title, parts = parse_outline(_read(outline_file, "outline")) if outline_file is not None else ("", None)
    u = brief_from_request(text, topic=topic, words=words, voice=voice, audience=audience, keywords=keywords,
                           notes=notes, sources=sources, parts=parts, title=title or None, force=force)
    if outline_file is not None:
        u.origin["parts"] = "outline"
    return u


def show_understood(u: Understood, as_json: bool) -> None:
    """`--show-brief`: what was understood, on stdout (JSON with --json)."""
    if as_json:
        emit_json(u.to_dict())
        return
    for line in describe(u):
        emit_line(line)
