"""Build the second research corpus: pages of Redis's documentation (redis/redis-doc, CC BY-SA 4.0) as HTML.

    python -m bench.redis_corpus /path/to/redis-doc-checkout-or-git-dir [--commit HEAD]

Each Markdown page is rendered with markdown-it-py (Hugo front matter read for the title, shortcodes dropped)
and wrapped in a page like the published site's: a navigation bar, a sidebar, scripts and a footer, so that
trafilatura has boilerplate to strip. Output: tests/data/research/redis/<name>.html (committed).
"""

from __future__ import annotations

import argparse
import html
import re
import subprocess
from pathlib import Path

from markdown_it import MarkdownIt

PAGES = {
    "persistence": "docs/management/persistence.md",
    "replication": "docs/management/replication.md",
    "transactions": "docs/interact/transactions.md",
    "pubsub": "docs/interact/pubsub.md",
    "eviction": "docs/reference/eviction/index.md",
    "pipelining": "docs/manual/pipelining/index.md",
    "keyspace": "docs/manual/keyspace.md",
    "keyspace-notifications": "docs/manual/keyspace-notifications.md",
    "lists": "docs/data-types/lists.md",
    "sorted-sets": "docs/data-types/sorted-sets.md",
    "acl": "docs/management/security/acl.md",
    "distributed-locks": "docs/manual/patterns/distributed-locks.md",
    "latency": "docs/management/optimization/latency.md",
    "memory-optimization": "docs/management/optimization/memory-optimization.md",
}
PAGE = """<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>{title} | Redis</title>
<link rel="stylesheet" href="/css/site.css"><script src="/js/analytics.js"></script>
<script>window.dataLayer = window.dataLayer || []; function gtag(){{dataLayer.push(arguments);}}</script></head>
<body><header class="site-header"><nav><a href="/">Redis</a> <a href="/docs/">Docs</a> <a href="/commands/">Commands</a>
<a href="/download/">Download</a> <a href="/community/">Community</a> <a href="/try-free/">Try Redis Cloud free</a></nav></header>
<div class="layout"><aside class="sidebar"><ul><li><a href="/docs/get-started/">Get started</a></li><li><a href="/docs/data-types/">Data types</a></li>
<li><a href="/docs/interact/">Interact with data</a></li><li><a href="/docs/management/">Manage Redis</a></li><li><a href="/docs/reference/">Reference</a></li></ul></aside>
<main><article><h1>{title}</h1>
{body}
</article></main></div>
<footer class="site-footer"><p>Trademarks and copyrights are property of their respective owners. Content licensed under CC BY-SA 4.0.</p>
<p><a href="/privacy/">Privacy policy</a> <a href="/terms/">Terms of use</a> <a href="/cookies/">Cookie settings</a></p></footer>
<script src="/js/search.js"></script></body></html>
"""


def to_html(markdown: str) -> tuple[str, str]:
    title = "Redis"
    markdown = markdown.lstrip("\ufeff")
    if markdown.startswith("---"):
        _, fm, markdown = markdown.split("---", 2)
        m = re.search(r'^title:\s*"?(.*?)"?\s*$', fm, re.M)
        title = m.group(1) if m else title
    markdown = re.sub(r"\{\{[<%].*?[>%]\}\}", "", markdown, flags=re.S)  # Hugo shortcodes
    return title, MarkdownIt("commonmark").enable("table").render(markdown)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("repo", type=Path)
    ap.add_argument("--commit", default="HEAD")
    args = ap.parse_args()
    out = Path(__file__).resolve().parent.parent / "tests" / "data" / "research" / "redis"
    out.mkdir(parents=True, exist_ok=True)
    for name, path in PAGES.items():
        md = subprocess.run(["git", "-C", str(args.repo), "show", f"{args.commit}:{path}"], check=True,
                            capture_output=True, text=True).stdout
        title, body = to_html(md)
        (out / f"{name}.html").write_text(PAGE.format(title=html.escape(title), body=body), encoding="utf-8")


if __name__ == "__main__":
    main()
