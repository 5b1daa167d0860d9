"""`blogwright publish POST.md --to TARGET`: Hugo, Jekyll or WordPress."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import TYPE_CHECKING, Optional

import typer
from rich.markup import escape

from blogwright.cli.errors import PlainConsole, fail
from blogwright.cli.lazy import lazy
from blogwright.core.errors import BadInput, BlogwrightError

if TYPE_CHECKING:
    from blogwright import api
    from blogwright.core import config
else:  # imported when `publish` runs (cli/lazy.py)
    api = lazy("blogwright.api")
    config = lazy("blogwright.core.config")

_err = PlainConsole(stderr=True)


def publish(
    post: Path = typer.Argument(..., help="The Markdown post (front matter + body) to publish."),  # noqa: B008
    to: str = typer.Option(..., "--to", "-t", help="hugo:SITE_DIR, jekyll:SITE_DIR or wordpress:URL."),
    live: bool = typer.Option(False, "--live", help="Publish for real (default: draft / unpublished)."),
    dry_run: bool = typer.Option(False, "--dry-run", help="Show what would be written or sent; change nothing."),
    force: bool = typer.Option(False, "--force", help="Publish despite failing blocking gates (unverified claims included)."),
    overwrite: bool = typer.Option(False, "--overwrite", help="Replace a post already there (the site's file; a WordPress post "
                                   "blogwright did not publish). Does not skip the gates."),
    no_log: bool = typer.Option(False, "--no-log", help="Do not remember WordPress post ids in the SQLite log."),
    allow_html: bool = typer.Option(False, "--allow-html", help="Keep raw HTML (and Hugo shortcodes, Jekyll Liquid) "
                                    "in the post as written; by default it is escaped so it shows as text."),
    notes: Optional[Path] = typer.Option(None, "--notes", help="Facts file the gates check the post against "
                                         "(default: the notes of the logged run that wrote POST, if any)."),
) -> None:
    """Publish a post to a Hugo or Jekyll site, or to WordPress over its REST API."""

    store = None
    try:
        facts = _read_notes(notes) if notes is not None else None
        store = api.runs.open_store(no_log or dry_run and not to.startswith("wordpress:"))
        result = api.posts.publish_post(post, to, live=live, dry_run=dry_run, force=force, overwrite=overwrite, db=store.db,
                              wp_config=config.section("wordpress") if to.startswith("wordpress:") else None,
                              allow_html=allow_html, notes=facts)
    except BlogwrightError as exc:
        fail(exc)
    finally:
        if store is not None:
            store.close()
    for note in result.notes:
        _err.print(f"note: {escape(note)}", highlight=False, soft_wrap=True)
    if dry_run:
        sys.stdout.write(result.dry_run_text.rstrip() + "\n")
    else:
        _err.print(escape(f"{result.action}: {result.target}"), highlight=False, soft_wrap=True)
        sys.stdout.write(result.location + "\n")


def _read_notes(path: Path) -> list[str]:
    result = api.briefs.load_notes(path)
    if result.problems:
        raise BadInput("cannot read notes " + "; ".join(result.problems))
    if not result.notes:
        raise BadInput(f"--notes {path} has no notes in it")
    return result.notes
