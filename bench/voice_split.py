"""The rule that splits a writer's posts into `learn/` and `heldout/` for `python -m bench.voice` (issue 24).

Fixed before any attribution of a model's post was looked at, the same for every writer
(bench/voice-writers/SOURCES.md says why and what it changed):

1. The writer's dated posts, newest first (the date in the file name, else the front matter's `date:`;
   ties: path, descending); posts under 400 prose words are skipped, and so are posts whose file holds 2
   or more of the exclusion words (sex or adult products as the subject; one passing mention is kept).
2. `heldout/`: the newest posts until there are at least 2 and at least HELDOUT_WORDS words, but never so
   many that fewer than 4 posts are left to learn from (xxyzz has 9 posts of 400+ words in all).
3. `learn/`: the next older posts until there are at least 4 and at least 5,000 words (or none are left).

Stop 35 raised HELDOUT_WORDS from 2,500 to 5,000: with 2,500 the measure could not tell the writers' own
learn posts apart (eevee nearest its own in 12% of draws, the ceiling 3.4 of 5), with 5,000 it can more
often (4.2 of 5). Rebuild a writer's folder from a clone of its repository:

    python -m bench.voice_split --git-dir ~/src/skeeto.github.com/.git --commit a97eb7d... \\
        --pattern '^_posts/' --name skeeto --out /tmp/writers
"""

from __future__ import annotations

import argparse
import re
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import NamedTuple

from bench.voice import prose

MIN_WORDS = 400
HELDOUT_POSTS, HELDOUT_WORDS = 2, 5000
LEARN_POSTS, LEARN_WORDS = 4, 5000
EXCLUDE = re.compile(r"(?i)(?<![\w-])(sex|sexes|sexual|sexually|sexuality|sexy|porn|porno|pornography|pornographic|"
                     r"nsfw|lewd|erotic|erotica|hentai|18\+)(?![\w-])|\U0001F51E")


class Post(NamedTuple):
    date: str  # YYYY-MM-DD
    words: int  # prose words, as bench.voice reads them
    path: str
    excluded: bool = False  # 2+ exclusion words in the file


def excluded(text: str) -> bool:
    return len(EXCLUDE.findall(text)) >= 2


def split(posts: list[Post], heldout_words: int = HELDOUT_WORDS) -> tuple[list[Post], list[Post]]:
    """(heldout, learn) by the rule above; `posts` in any order."""
    usable = sorted((p for p in posts if p.words >= MIN_WORDS and not p.excluded), key=lambda p: (p.date, p.path),
                    reverse=True)
    cap = max(HELDOUT_POSTS, len(usable) - LEARN_POSTS)
    heldout: list[Post] = []
    for p in usable:
        if len(heldout) >= cap or (len(heldout) >= HELDOUT_POSTS and sum(x.words for x in heldout) >= heldout_words):
            break
        heldout.append(p)
    learn: list[Post] = []
    for p in usable[len(heldout):]:
        if len(learn) >= LEARN_POSTS and sum(x.words for x in learn) >= LEARN_WORDS:
            break
        learn.append(p)
    return heldout, learn


def _git(git_dir: str, *args: str) -> bytes:
    return subprocess.run(["git", "--git-dir", git_dir, *args], capture_output=True, check=True).stdout


def survey(git_dir: str, commit: str, pattern: str, skip: str = r"^$") -> list[Post]:
    """The repository's posts at `commit` whose path matches `pattern` (and not `skip`), with date and words."""
    out = []
    tmp = Path(tempfile.mkdtemp(prefix="voice-split-"))
    for f in _git(git_dir, "ls-tree", "-r", "--name-only", commit).decode().splitlines():
        if not re.search(pattern, f) or re.search(skip, f):
            continue
        text = _git(git_dir, "show", f"{commit}:{f}").decode("utf-8", "replace")
        m = re.search(r"(\d{4}-\d{2}-\d{2})", f) or re.search(r"^date:\s*['\"]?(\d{4}-\d{2}-\d{2})", text, re.M | re.I)
        if not m:
            continue
        (tmp / "post.md").write_text(text, encoding="utf-8")
        out.append(Post(m.group(1), len(prose(tmp / "post.md").split()), f, excluded(text)))
    return out


def fence_header(text: str) -> str:
    """A Pelican metadata header (`Title: ...` lines up to the first blank line) fenced as front matter."""
    head, _, body = text.partition("\n\n")
    return "---\n" + head + "\n---\n\n" + body


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m bench.voice_split", description=__doc__.split("\n\n")[0])
    ap.add_argument("--git-dir", required=True)
    ap.add_argument("--commit", required=True)
    ap.add_argument("--pattern", required=True, help="regex of the posts' paths")
    ap.add_argument("--skip", default=r"^$", help="regex of paths that are pages, not posts")
    ap.add_argument("--name", required=True)
    ap.add_argument("--out", type=Path, required=True)
    ap.add_argument("--pelican", action="store_true", help="fence the Pelican metadata header")
    ap.add_argument("--heldout-words", type=int, default=HELDOUT_WORDS)
    args = ap.parse_args(argv)
    heldout, learn = split(survey(args.git_dir, args.commit, args.pattern, args.skip), args.heldout_words)
    for part, posts in (("heldout", heldout), ("learn", learn)):
        folder = args.out / args.name / part
        folder.mkdir(parents=True, exist_ok=True)
        for p in posts:
            data = _git(args.git_dir, "show", f"{args.commit}:{p.path}")
            if args.pelican:
                data = fence_header(data.decode("utf-8")).encode("utf-8")
            (folder / p.path.replace("/", "_")).write_bytes(data)
        sys.stderr.write(f"{args.name} {part}: {len(posts)} posts, {sum(p.words for p in posts)} words\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
