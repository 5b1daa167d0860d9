"""`blogwright voice ...` (learn, show, list, delete, score) and `blogwright feedback`.

Mounted by cli.py: `app.add_typer(voice_app, name="voice")` and `app.command()(feedback)`.
Thin: each command parses flags, calls `voices.learn` / `voices.score` / `voices.feedback`, prints.
"""

from __future__ import annotations

import json
import math
from pathlib import Path
from typing import TYPE_CHECKING, Optional

import typer
from rich.markup import escape
from rich.table import Table

from blogwright.cli.errors import PlainConsole, fail
from blogwright.cli.lazy import lazy
from blogwright.core.errors import BadInput, BlogwrightError
from blogwright.core.io import read_text

if TYPE_CHECKING:
    from blogwright.api import voices as voice_lib
else:  # imported when a command runs (cli/lazy.py)
    voice_lib = lazy("blogwright.api.voices")

voice_app = typer.Typer(add_completion=False, no_args_is_help=True, rich_markup_mode="rich",
                        help="Voices: learn one from your own posts, show, list, delete, score a text.")
console = PlainConsole(stderr=True)
out = PlainConsole()


def _profile_table(p) -> Table:
    fp = p.fingerprint
    t = Table("feature", "value", title=f"voice {p.name}", show_header=False)
    sl, pl = fp.sentence_length, fp.paragraph_length
    rows = [
        ("learned from", f"{fp.words} words, {fp.documents} post(s), {fp.sentences} sentences"),
        ("sentence length", f"mean {sl['mean']:.1f}, sd {sl['sd']:.1f}, median {sl['q50']:.0f} "
                            f"(10-90%: {sl['q10']:.0f}-{sl['q90']:.0f}) words"),
        ("paragraph length", f"mean {pl['mean']:.0f}, median {pl['q50']:.0f} words"),
        ("per 1,000 words", ", ".join(f"{k} {v:.1f}" for k, v in fp.punctuation.items())),
        ("contractions / emoji", f"{fp.contractions:.1f} / {fp.emoji:.1f} per 1,000 words"),
        ("I / you / we", " / ".join(f"{fp.person[k]:.1f}" for k in ("i", "you", "we")) + " per 1,000 words"),
        ("headings / list items", f"{fp.headings:.1f} / {fp.list_items:.1f} per 1,000 words"),
        ("casing", f"{fp.habits.lowercase_starts:.0%} of sentences start in lower case; "
                   f"{fp.habits.short_share:.0%} have 6 words or fewer, {fp.habits.long_share:.0%} 25 or more"),
        ("forms of address", ", ".join(f"{w} ({n})" for w, n in fp.habits.address) or "-"),
        ("asides", ", ".join(fp.habits.asides[:6]) or "-"),
        ("sentence openers", ", ".join(f"{o}, ({n})" for o, n in fp.habits.openers) or "-"),
        ("analogies", f"{fp.habits.analogy_rate:.1f} per 1,000 words" +
         (f", e.g. {fp.habits.analogies[0]!r}" if fp.habits.analogies else "")),
        ("paragraph openers", ", ".join(f"{o} ({n})" for o, n in fp.openers[:5]) or "-"),
        ("recurring phrases", ", ".join(f"{ph} ({n})" for ph, n in fp.phrases[:5]) or "-"),
        ("favourite words", ", ".join(fp.habits.favourites) or "-"),
        ("persona", p.persona),
        ("rules", "; ".join(p.rules)),
        ("opening lines", " | ".join(dict.fromkeys([*p.openers, *fp.habits.open_lines])) or "-"),
        ("closing lines", " | ".join(fp.habits.close_lines) or "-"),
        ("sign-offs", " | ".join(p.sign_offs) or "-"),
        ("avoid (from feedback)", "; ".join(p.avoid) or "-"),
        ("exemplars", f"{len(p.exemplars)} passages"),
    ]
    if p.based_on:
        rows.insert(0, ("copied from", p.based_on))
    for k, v in rows:
        t.add_row(k, v)
    return t


@voice_app.command("learn")
def learn(paths: list[Path] = typer.Argument(..., help="Files or folders of your posts (Markdown, HTML, text)."),
          name: str = typer.Option(..., "--name", "-n", help="Name of the new voice (lower-case, dashes)."),
          force: bool = typer.Option(False, "--force", help="Replace a learned voice of that name.")) -> None:
    """Learn a voice from your own posts: fingerprint, exemplars and a plain description."""

    try:
        result = voice_lib.learn_voice(list(paths), name, force=force)
    except BlogwrightError as exc:
        fail(exc)
    for note in result.notes:
        console.print(f"[dim]{escape(note)}[/]", highlight=False, soft_wrap=True)
    for warning in result.warnings:
        console.print(f"[yellow]warning:[/] {escape(warning)}", highlight=False, soft_wrap=True)
    p = result.profile
    console.print(f"[green]learned[/] voice {p.name!r} from {p.fingerprint.words} words in "
                  f"{p.fingerprint.documents} post(s): {len(p.exemplars)} exemplars, saved in {voice_lib.voice_dir(p.name)}",
                  highlight=False, soft_wrap=True)
    out.print(p.description, highlight=False, soft_wrap=True)
    console.print(f"use it with: blogwright write TOPIC --voice {p.name}", highlight=False, soft_wrap=True)


@voice_app.command("show")
def show(name: str = typer.Argument(..., help="A built-in or learned voice."),
         as_json: bool = typer.Option(False, "--json", help="Print the whole profile as JSON.")) -> None:
    """Show a voice's fingerprint, description and derived persona."""

    try:
        p = voice_lib.load_profile(name)
    except BlogwrightError as exc:
        fail(exc)
    if as_json:
        out.print_json(p.model_dump_json())
        return
    kind = "built-in" if p.builtin else "learned"
    out.print(f"[bold]{p.name}[/] ({kind}): {p.description}", highlight=False, soft_wrap=True)
    out.print(_profile_table(p))


@voice_app.command("list")
def list_voices(as_json: bool = typer.Option(False, "--json", help="Print JSON.")) -> None:
    """List built-in and learned voices."""

    try:
        profiles = voice_lib.all_profiles()
    except BlogwrightError as exc:
        fail(exc)
    kinds = {p.name: "built-in" if p.builtin else "learned" + (f" from {p.based_on}" if p.based_on else "")
             for p in profiles}
    rows = [{"name": p.name, "kind": kinds[p.name],
             "words": p.fingerprint.words, "avoid": len(p.avoid), "description": p.description} for p in profiles]
    if as_json:
        out.print_json(json.dumps(rows))
        return
    table = Table("voice", "kind", "words", "description", title="voices (use with --voice NAME)")
    for r in rows:
        table.add_row(r["name"], r["kind"], str(r["words"]), r["description"])
    out.print(table)


@voice_app.command("delete")
def delete(name: str = typer.Argument(..., help="A learned voice."),
           yes: bool = typer.Option(False, "--yes", "-y", help="Do not ask for confirmation.")) -> None:
    """Delete a learned voice (its profile, corpus and feedback)."""

    try:
        voice_lib.load_profile(name)
        if not yes and not typer.confirm(f"delete learned voice {name!r} and its feedback?"):
            raise typer.Exit(1)
        folder = voice_lib.delete_voice(name)
    except BlogwrightError as exc:
        fail(exc)
    console.print(f"[green]deleted[/] voice {name!r} ({folder})", highlight=False, soft_wrap=True)


@voice_app.command("score")
def score(file: Path = typer.Argument(..., help="A post or passage (Markdown or text)."),
          voice: Optional[str] = typer.Option(None, "--voice", "-v",
                                             help="The voice to compare with (default: the post's `voice:`)."),
          as_json: bool = typer.Option(False, "--json", help="Print JSON.")) -> None:
    """How close a post is to a voice: the verdict `check` and the web page give (its prose only: no
    front matter, headings, TL;DR, References or code), the distance to every voice, the biggest differences."""

    try:
        text = read_text(file, "post")  # bounded; a binary file is a BadInput
        voice = voice or voice_lib.post_voice(text)
        if not voice:
            raise BadInput(f"{file} has no `voice:` in its front matter: pass --voice NAME")
        v = voice_lib.judge_post(text, voice_lib.load_profile(voice))
    except BlogwrightError as exc:
        fail(exc)
    if as_json:
        out.print_json(json.dumps(v.to_dict()))
        return
    s = v.score
    out.print(f"this post {v.sentence} ({v.words} words of prose scored, {s.compared} passages compared)",
              highlight=False, soft_wrap=True, markup=False)
    table = Table("voice", "distance")
    for name, d in sorted(s.distances.items(), key=lambda x: x[1]):
        table.add_row(escape(name), f"{d:.3f}")
    out.print(table)
    out.print("biggest differences: " + "; ".join(v.differences), highlight=False, soft_wrap=True, markup=False)


def feedback(post: Path = typer.Argument(..., help="A post blogwright wrote, after you edited it."),
             draft: Optional[Path] = typer.Option(None, "--draft", help="The original draft (default: the log's)."),
             voice: Optional[str] = typer.Option(None, "--voice", "-v", help="Voice to update (default: `voice:`)."),
             as_json: bool = typer.Option(False, "--json", help="Print JSON.")) -> None:
    """Learn from your edits: what you cut and rewrote updates the voice (learned voices only;
    a built-in voice's feedback goes to its copy NAME-mine)."""

    try:
        r = voice_lib.apply_feedback(post, draft=draft, voice=voice)
    except BlogwrightError as exc:
        fail(exc)
    d = r.diff
    if as_json:
        out.print_json(json.dumps({"voice": r.voice, "created_from": r.created_from, "draft": r.draft_source,
                                   "avoid": r.avoid, "new_avoid": r.new_avoid, "exemplars_added": r.exemplars_added,
                                   "before": r.before, "after": r.after,
                                   "draft_after": None if math.isnan(r.draft_after) else r.draft_after,
                                   "diff": vars(d)}))
        return
    if r.created_from:
        console.print(f"[yellow]note:[/] {r.created_from!r} is built in and does not change; your feedback went to "
                      f"the learned copy {r.voice!r} (write with --voice {r.voice})", highlight=False, soft_wrap=True)
    table = Table("change", "count", "examples", title=f"your edits (draft: {r.draft_source})")
    table.add_row("sentences cut", str(len(d.cut_sentences)), " | ".join(d.cut_sentences[:2]))
    table.add_row("phrases cut", str(len(d.cut_phrases)), " | ".join(d.cut_phrases[:3]))
    table.add_row("phrasings replaced", str(len(d.replaced)), " | ".join(f"{a} -> {b}" for a, b in d.replaced[:3]))
    table.add_row("sentences added", str(len(d.added_sentences)), " | ".join(d.added_sentences[:2]))
    table.add_row("sections rewritten", str(len(d.rewritten_sections)), ", ".join(d.rewritten_sections))
    out.print(table)
    avoid = "; ".join(r.avoid) or "none yet (a phrase must be cut in 2 posts)"
    out.print(f"voice {r.voice}: {r.exemplars_added} exemplar(s) from this post; avoid rules: {avoid}",
              highlight=False, soft_wrap=True)
    out.print(f"distance of your edited post to the voice: {r.before:.3f} before, {r.after:.3f} after "
              f"(the original draft: {r.draft_after:.3f})", highlight=False, soft_wrap=True)
