"""Hostile input, crashes and the open web (issue 18): the attacks and careless uses of the issue, run
against a source tree, counted per area as attempts / acceptable / failures; and the time of `check`
on generated 100 KB, 1 MB and 10 MB posts.

    python -m bench.hostile                                   # this tree: attempts and check timings
    git archive 0dca174 src | tar -x -C /tmp/before           # the code before the fixes
    python -m bench.hostile --src /tmp/before/src --label before --no-timing

An attempt is acceptable when it ends within its time limit (60 s unless said), under 4 GB of memory,
without a traceback, and its own condition holds (nothing written outside the site, no password on the
screen or in the log, a 4xx instead of a 500, ...). CLI attempts run `python -m blogwright` as a
process; web, WordPress and log attempts run in a child process that imports the tree under test.
Results: bench/results/hostile-LABEL.json and .md.
"""

from __future__ import annotations

import argparse
import http.server
import json
import os
import re
import resource
import shutil
import signal
import sqlite3
import subprocess
import sys
import tempfile
import threading
import time
import traceback
from collections.abc import Callable
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

from markdown_it import MarkdownIt

from bench import hostile27
from bench.common import command_line, machine_info, md_table, now_iso, write_json
from bench.hostile27 import AREAS27

ROOT = Path(__file__).resolve().parent.parent
MEMORY = 4 * 1024**3
AREAS = ("cli", "check", "publish", "web", "crashes", "secrets", *(a for a in AREAS27 if a != "secrets"))
PNG = b"\x89PNG\r\n\x1a\n" + bytes(64)
WORDS = ("cache server request latency memory the a of to and is for with pipeline model data user "
         "query index build deploy test code").split()


@dataclass
class Outcome:
    area: str
    name: str
    ok: bool
    seconds: float
    detail: str = ""


@dataclass
class Tree:
    """The source tree under test and a scratch folder; runs `python -m blogwright` on it."""

    src: Path
    work: Path
    env: dict[str, str] = field(default_factory=dict)

    def __post_init__(self) -> None:
        self.home = self.work / "home"
        self.home.mkdir(parents=True, exist_ok=True)
        self.env = {**os.environ, "PYTHONPATH": f"{self.src}{os.pathsep}{ROOT}", "BLOGWRIGHT_HOME": str(self.home),
                    "BLOGWRIGHT_CONFIG": str(self.home / "config.yaml"), "COLUMNS": "200", "NO_COLOR": "1",
                    "HF_HUB_OFFLINE": "1"}
        for name in ("OPENAI_API_KEY", "OPENAI_BASE_URL", "WORDPRESS_USER", "WORDPRESS_APP_PASSWORD", "BLOGWRIGHT_DB"):
            self.env.pop(name, None)

    def cli(self, *args: str | bytes, timeout: float = 60, env: dict[str, str] | None = None) -> dict[str, Any]:
        """Run `python -m blogwright ARGS`: rc, out, err, seconds, timed_out, traceback."""
        t0, c0 = time.perf_counter(), resource.getrusage(resource.RUSAGE_CHILDREN)
        try:
            proc = subprocess.run([sys.executable, "-m", "blogwright", *args], env={**self.env, **(env or {})},
                                  capture_output=True, timeout=timeout, preexec_fn=_limit_memory, cwd=self.work)
            rc, out, err, timed_out = proc.returncode, proc.stdout, proc.stderr, False
        except subprocess.TimeoutExpired as exc:
            rc, out, err, timed_out = -9, exc.stdout or b"", exc.stderr or b"", True
        out_s, err_s = out.decode("utf-8", "replace"), err.decode("utf-8", "replace")
        c1 = resource.getrusage(resource.RUSAGE_CHILDREN)  # CPU time: steadier than wall time on a busy machine
        cpu = (c1.ru_utime - c0.ru_utime) + (c1.ru_stime - c0.ru_stime)
        return {"rc": rc, "out": out_s, "err": err_s, "seconds": time.perf_counter() - t0, "cpu_seconds": cpu,
                "timed_out": timed_out,
                "traceback": "Traceback (most recent call last)" in out_s + err_s or "MemoryError" in err_s}


def _limit_memory() -> None:
    resource.setrlimit(resource.RLIMIT_AS, (MEMORY, MEMORY))


def clean_exit(r: dict[str, Any], codes: tuple[int, ...] = (0, 1, 2, 3, 4, 5)) -> bool:
    """No traceback, no timeout, no kill: an exit code blogwright chose."""
    return not r["timed_out"] and not r["traceback"] and r["rc"] in codes


def one_line_error(r: dict[str, Any], *needles: str) -> bool:
    text = r["out"] + r["err"]
    return clean_exit(r, (1, 2, 3, 4, 5)) and "error" in text and all(n in text for n in needles)


# ---- fixtures ---------------------------------------------------------------------------------------

def gen_post(size: int, seed: int = 0) -> str:
    import random

    rng = random.Random(seed)
    out = ["---", "title: Caching for servers", "tags: [cache]", "---", "# Caching for servers", "",
           "**TL;DR:** Cache the slow parts.", ""]
    n, total = 0, 0
    while total < size:
        if n % 6 == 0:
            out += [f"## Section {n // 6}", ""]
        para = " ".join(" ".join(rng.choice(WORDS) for _ in range(rng.randint(8, 18))).capitalize() + "."
                        for _ in range(4))
        out += [para, ""]
        total += len(para) + 2
        n += 1
    return "\n".join(out)


GOOD_BODY = ("Composting at home is easier than most people think. You need a bin, some scraps and a little "
             "patience, and the result feeds your garden for years.\n\n## Why Compost at Home\n\nKitchen scraps "
             "make up a large share of household waste. Turning them into compost keeps them out of landfills.\n\n"
             "## Wrapping Up\n\nStart small with a single bin and your compost will be ready in a few months.\n")


def post_file(folder: Path, front: str = "", body: str = GOOD_BODY, name: str = "post.md") -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / name
    path.write_text(f"---\ntitle: Composting at home\ndate: 2026-11-20\n{front}---\n# Composting at home\n\n"
                    f"**TL;DR:** Mix greens and browns.\n\n{body}", encoding="utf-8")
    return path


def hugo_site(root: Path) -> Path:
    root.mkdir(parents=True, exist_ok=True)
    (root / "hugo.toml").write_text('baseURL = "http://example.org/"\ntitle = "T"\n')
    return root


def jekyll_site(root: Path) -> Path:
    root.mkdir(parents=True, exist_ok=True)
    (root / "_config.yml").write_text("title: T\n")
    return root


def billion_laughs() -> str:
    lines = ['a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    prev = "a"
    for name in "bcdefghi":
        lines.append(f"{name}: &{name} [" + ",".join([f"*{prev}"] * 9) + "]")
        prev = name
    return "\n".join(lines) + f"\ntags: *{prev}\n"  # used: a value the post's tags expand into


class Live(HTMLParser):
    """What a browser would run in rendered HTML: script-ish elements, on* attributes, js: URLs."""

    def __init__(self) -> None:
        super().__init__()
        self.found: list[str] = []

    def handle_starttag(self, tag, attrs):
        if tag in ("script", "iframe", "object", "embed", "svg"):
            self.found.append(tag)
        for name, value in attrs:
            if name.startswith("on") or re.match(r"\s*(javascript|vbscript|data:text)", value or "", re.I):
                self.found.append(f"{tag}[{name}]")


def live_in_markdown(md: str) -> list[str]:
    """Live elements when the Markdown is rendered the way kramdown (Jekyll) does: raw HTML kept."""
    md_it = MarkdownIt("commonmark", {"html": True})
    md_it.validateLink = lambda url: True  # kramdown keeps javascript: links too
    parser = Live()
    parser.feed(md_it.render(md))
    return parser.found


# ---- CLI, check, publish, crashes, secrets: processes ----------------------------------------------

def cli_attempts(t: Tree) -> list[tuple[str, str, Callable[[], tuple[bool, str]]]]:
    w = t.work
    binary = w / "binary.bin"
    binary.write_bytes(bytes(range(256)) * 40)
    (w / "notes1000.txt").write_text("\n".join(f"Fact {i}: compost bins need air and water." for i in range(1000)))
    big = w / "big19mb.md"
    with open(big, "wb") as fh:
        fh.write(("Caching servers keep answers near the reader. " * 8 + "\n\n").encode() * 48_000)
    (w / "notjson.json").write_text("{not json")
    (w / "dict.json").write_text('{"a": "b"}')
    (w / "adir").mkdir(exist_ok=True)
    (w / "bomb.md").write_text("---\ntitle: x\n" + billion_laughs() + "---\n# x\n\ntext\n")
    (w / "stars.md").write_text("*_" * 50_000 + "x")  # ends on a letter: the trailing-decoration regex scanned from each mark
    (w / "post1m.md").write_text(gen_post(1_000_000))
    (w / "markup.md").write_text("---\ntitle: '[/bold] x'\n---\n# [/x] Caching\n\n## [/h] Why\n\nText [/oops].\n")
    (w / "latin1.md").write_bytes("café au lait".encode("latin-1") * 100)
    out = w / "posts"

    def fake_write(*extra: str, timeout: float = 120) -> dict[str, Any]:
        return t.cli("write", "Composting at home", "--model", "fake", "--out", str(out), "-q", *extra, timeout=timeout)

    def case(check: Callable[[], bool | tuple[bool, str]]) -> Callable[[], tuple[bool, str]]:
        def run() -> tuple[bool, str]:
            got = check()
            return got if isinstance(got, tuple) else (bool(got), "")
        return run

    def topic_file_clean() -> tuple[bool, str]:
        d = w / "ctl"
        r = t.cli("write", "Compost\x1b[31m bins\x07 at home", "--model", "fake", "--out", str(d), "-q", timeout=120)
        files = list(d.glob("*.md")) if d.is_dir() else []
        text = files[0].read_text(errors="replace") if files else ""
        return clean_exit(r, (0,)) and bool(files) and "\x1b" not in text and "\x07" not in text, "ESC/BEL kept" if "\x1b" in text else ""

    def surrogate_topic() -> bool:
        return clean_exit(t.cli(b"write", b"Compost \xff\xfe bins", b"--model", b"fake", b"--out",
                                str(w / "sur").encode(), b"-q", timeout=120), (0, 2))

    def show_percent() -> bool:
        r = t.cli("show", "%")
        return clean_exit(r, (1, 2)) and "no run" in r["out"] + r["err"]

    return [
        ("cli", "topic with lone surrogates (bytes that are not UTF-8)", case(surrogate_topic)),
        ("cli", "ESC and BEL in a topic stay out of the post", case(topic_file_clean)),
        ("cli", "--voice a binary file", case(lambda: one_line_error(fake_write("--voice", str(binary))))),
        ("cli", "--model fake: a missing script", case(lambda: one_line_error(fake_write("--model", f"fake:{w / 'nope.json'}")))),
        ("cli", "--model fake: a script that is not JSON", case(lambda: one_line_error(fake_write("--model", f"fake:{w / 'notjson.json'}")))),
        ("cli", "--model fake: a script of the wrong type", case(lambda: one_line_error(fake_write("--model", f"fake:{w / 'dict.json'}")))),
        ("cli", "--model fake: a binary script", case(lambda: one_line_error(fake_write("--model", f"fake:{binary}")))),
        ("cli", "--model fake: a folder", case(lambda: one_line_error(fake_write("--model", f"fake:{w / 'adir'}")))),
        ("cli", "--notes /dev/zero", case(lambda: one_line_error(fake_write("--notes", "/dev/zero")))),
        ("cli", "--notes a binary file", case(lambda: one_line_error(fake_write("--notes", str(binary))))),
        ("cli", "--notes with 1,000 lines: done or refused within 60 s", case(
            lambda: clean_exit(fake_write("--notes", str(w / "notes1000.txt"), timeout=60)))),
        ("cli", "--source of 19 MB: done or refused within 60 s", case(
            lambda: clean_exit(fake_write("--source", str(big), timeout=60)))),
        ("cli", "voice learn /dev/zero", case(lambda: clean_exit(t.cli("voice", "learn", "/dev/zero", "--name", "z"), (1, 2)))),
        ("cli", "voice score a binary file", case(lambda: one_line_error(t.cli("voice", "score", str(binary), "--voice", "plain-expert")))),
        ("cli", "show % matches nothing", case(show_percent)),
        ("check", "check /dev/zero", case(lambda: one_line_error(t.cli("check", "/dev/zero")))),
        ("check", "check a binary file", case(lambda: one_line_error(t.cli("check", str(binary))))),
        ("check", "check a file that is not UTF-8", case(lambda: one_line_error(t.cli("check", str(w / "latin1.md"))))),
        ("check", "check a folder", case(lambda: one_line_error(t.cli("check", str(w / "adir"))))),
        ("check", "check a YAML alias bomb in front matter", case(lambda: clean_exit(t.cli("check", str(w / "bomb.md"), "--no-embeddings")))),
        ("check", "check rich-markup characters in a post", case(lambda: clean_exit(t.cli("check", str(w / "markup.md"), "--no-embeddings")))),
        ("check", "check 100 KB of * and _ within 20 s", case(
            lambda: clean_exit(t.cli("check", str(w / "stars.md"), "--no-embeddings", timeout=20)))),
        ("check", "check a 1 MB post within 60 s", case(lambda: clean_exit(t.cli("check", str(w / "post1m.md"), timeout=60)))),
    ]


def publish_attempts(t: Tree) -> list[tuple[str, str, Callable[[], tuple[bool, str]]]]:
    w = t.work / "pub"

    def slug(kind: str, value: str, dry: bool) -> Callable[[], tuple[bool, str]]:
        def run() -> tuple[bool, str]:
            base = Path(tempfile.mkdtemp(dir=w.parent))
            site = (hugo_site if kind == "hugo" else jekyll_site)(base / "a" / "b" / "site")
            post = post_file(base / "src", front=f"slug: {json.dumps(str(base / 'xabs') if value == 'ABSOLUTE' else value)}\n")
            r = t.cli("publish", str(post), "--to", f"{kind}:{site}", "--force", *(["--dry-run"] if dry else []))
            escaped = [p for p in base.rglob("x*.md") if not p.resolve().is_relative_to(site.resolve())]
            shown = dry and re.search(r"^write .*\.\./", r["out"], re.M)
            return clean_exit(r) and not escaped and not shown, f"written outside: {escaped}" if escaped else ""
        return run

    def symlinked(kind: str) -> Callable[[], tuple[bool, str]]:
        def run() -> tuple[bool, str]:
            base = Path(tempfile.mkdtemp(dir=w.parent))
            site = (hugo_site if kind == "hugo" else jekyll_site)(base / "site")
            outside = base / "outside"
            outside.mkdir()
            folder = site / ("content/posts" if kind == "hugo" else "_drafts")
            folder.parent.mkdir(parents=True, exist_ok=True)
            folder.symlink_to(outside)
            r = t.cli("publish", str(post_file(base / "src")), "--to", f"{kind}:{site}", "--force")
            return clean_exit(r) and not list(outside.iterdir()), "followed the symlink" if list(outside.iterdir()) else ""
        return run

    def copies(kind: str, body: str, forbidden: str, setup: Callable[[Path], None]) -> Callable[[], tuple[bool, str]]:
        def run() -> tuple[bool, str]:
            base = Path(tempfile.mkdtemp(dir=w.parent))
            site = (hugo_site if kind == "hugo" else jekyll_site)(base / "site")
            setup(base)
            r = t.cli("publish", str(post_file(base / "src", body=GOOD_BODY + "\n" + body)), "--to", f"{kind}:{site}", "--force")
            leaked = [p for p in site.rglob("*") if p.is_file() and p.name == forbidden]
            return clean_exit(r) and not leaked, f"copied {forbidden}" if leaked else ""
        return run

    def secret(base: Path) -> None:
        (base / "secret.txt").write_text("API_KEY=hunter2")

    def notes(base: Path) -> None:
        (base / "src").mkdir(exist_ok=True)
        (base / "src" / "notes.txt").write_text("private")

    def fake_png(base: Path) -> None:
        (base / "src").mkdir(exist_ok=True)
        (base / "src" / "fake.png").write_text("#!/bin/sh\necho not an image")

    def svg(base: Path) -> None:
        (base / "src").mkdir(exist_ok=True)
        (base / "src" / "evil.svg").write_text('<svg onload="alert(1)"></svg>')

    def script(kind: str, body: str) -> Callable[[], tuple[bool, str]]:
        def run() -> tuple[bool, str]:
            base = Path(tempfile.mkdtemp(dir=w.parent))
            site = (hugo_site if kind == "hugo" else jekyll_site)(base / "site")
            r = t.cli("publish", str(post_file(base / "src", body=GOOD_BODY + "\n" + body)), "--to", f"{kind}:{site}",
                      "--force", "--live")
            written = [p for p in site.rglob("*.md")]
            text = written[0].read_text() if written else ""
            found = live_in_markdown(text.split("---", 2)[-1])
            liquid = kind == "jekyll" and re.search(r"(?<!\{\{ \")\{\{ site", text)
            return clean_exit(r) and bool(written) and not found and not liquid, f"live: {found}" if found else ""
        return run

    def symlink_victim() -> tuple[bool, str]:
        base = Path(tempfile.mkdtemp(dir=w.parent))
        site = hugo_site(base / "site")
        victim = base / "victim.txt"
        victim.write_text("precious")
        (site / "content" / "posts").mkdir(parents=True)
        (site / "content" / "posts" / "composting-at-home.md").symlink_to(victim)
        r = t.cli("publish", str(post_file(base / "src")), "--to", f"hugo:{site}", "--force")
        return clean_exit(r) and victim.read_text() == "precious", "overwrote the symlink's target" if victim.read_text() != "precious" else ""

    def binary_post() -> bool:
        base = Path(tempfile.mkdtemp(dir=w.parent))
        (base / "b.md").write_bytes(bytes(range(256)) * 10)
        return one_line_error(t.cli("publish", str(base / "b.md"), "--to", f"hugo:{hugo_site(base / 'site')}"))

    def bomb() -> bool:
        base = Path(tempfile.mkdtemp(dir=w.parent))
        (base / "bomb.md").write_text("---\ntitle: x\n" + billion_laughs() + "---\n# x\n\ntext\n")
        return clean_exit(t.cli("publish", str(base / "bomb.md"), "--to", f"hugo:{hugo_site(base / 'site')}", "--dry-run", "--force"))

    w.mkdir(parents=True, exist_ok=True)
    hostile = {"raw <script> and onerror in the body": "Compost <script>alert(1)</script> <img src=x onerror=alert(2)>.",
               "a javascript: link": "[click](javascript:alert(1)) and <javascript:alert(2)>",
               "an <iframe> block": "<iframe src=\"https://evil.example\"></iframe>"}
    out: list[tuple[str, str, Callable[[], tuple[bool, str]]]] = []
    for kind in ("hugo", "jekyll"):
        out += [("publish", f"{kind}: slug ../../../x", slug(kind, "../../../x", False)),
                ("publish", f"{kind}: slug /tmp/.../xabs (absolute)", slug(kind, "ABSOLUTE", False)),
                ("publish", f"{kind}: --dry-run shows a ../ path", slug(kind, "../../x", True)),
                ("publish", f"{kind}: a symlinked content folder is followed", symlinked(kind)),
                ("publish", f"{kind}: ![k](../secret.txt) is copied", copies(kind, "![k](../secret.txt)", "secret.txt", secret)),
                ("publish", f"{kind}: a text file next to the post is copied", copies(kind, "![n](notes.txt)", "notes.txt", notes)),
                ("publish", f"{kind}: a script named .png is copied", copies(kind, "![f](fake.png)", "fake.png", fake_png)),
                ("publish", f"{kind}: an SVG with onload is copied", copies(kind, "![s](evil.svg)", "evil.svg", svg))]
        out += [("publish", f"{kind}: {what}", script(kind, body)) for what, body in hostile.items()]
    out += [("publish", "jekyll: Liquid {{ site }} runs", script("jekyll", "Show {{ site }} here.")),
            ("publish", "hugo --force through an existing symlink", symlink_victim),
            ("publish", "publish a binary file", lambda: (binary_post(), "")),
            ("publish", "publish a YAML alias bomb", lambda: (bomb(), ""))]
    return out


def crash_and_secret_attempts(t: Tree) -> list[tuple[str, str, Callable[[], tuple[bool, str]]]]:
    w = t.work / "crash"
    w.mkdir(parents=True, exist_ok=True)
    db = t.home / "logs.db"

    def sigkill() -> tuple[bool, str]:
        env = {**t.env, "BLOGWRIGHT_FAKE_DELAY": "0.1"}
        proc = subprocess.Popen([sys.executable, "-m", "blogwright", "write", "Composting at home", "--model", "fake",
                                 "--words", "600", "--out", str(w), "-q", "--stream"], env=env, cwd=t.work,
                                stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        run_id, deadline = None, time.time() + 120
        while run_id is None and time.time() < deadline and proc.poll() is None:
            time.sleep(0.2)
            try:
                with sqlite3.connect(db) as con:
                    row = con.execute("SELECT d.run_id FROM drafts d JOIN runs r ON r.id = d.run_id "
                                      "WHERE r.status = 'running' ORDER BY d.id DESC LIMIT 1").fetchone()
                run_id = row[0] if row else None
            except sqlite3.Error:
                pass
        proc.send_signal(signal.SIGKILL)
        proc.wait()
        if not run_id:
            return False, "no draft was saved"
        t.cli("runs", "--json")  # the next start-up
        with sqlite3.connect(db) as con:
            status = con.execute("SELECT status FROM runs WHERE id=?", (run_id,)).fetchone()[0]
        r = t.cli("show", run_id, "--out", str(w / "again"))
        drafts = list((w / "again").glob("*.md")) if (w / "again").is_dir() else []
        return status == "crashed" and clean_exit(r, (0,)) and bool(drafts), f"status {status}, show --out rc {r['rc']}"

    class Echo(http.server.BaseHTTPRequestHandler):
        def do_POST(self):  # noqa: N802 - http.server's name
            body = json.dumps({"error": {"message": "bad request: " + json.dumps(dict(self.headers))}}).encode()
            self.send_response(400)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        do_GET = do_POST  # noqa: N815

        def log_message(self, *a):
            pass

    def echo_server() -> tuple[bool, str]:
        server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Echo)
        threading.Thread(target=server.serve_forever, daemon=True).start()
        try:
            key = "sk-echoedsecret1234567890"
            r = t.cli("write", "Composting at home", "--model", "openai:m", "--base-url",
                      f"http://127.0.0.1:{server.server_address[1]}/v1", "--api-key", key, "--out", str(w), timeout=120)
        finally:
            server.shutdown()
        with sqlite3.connect(db) as con:
            dump = json.dumps(con.execute("SELECT * FROM calls").fetchall() + con.execute("SELECT * FROM runs").fetchall())
        leaked = [where for where, text in (("screen", r["out"] + r["err"]), ("log", dump)) if key in text]
        return clean_exit(r) and not leaked, f"key on the {', '.join(leaked)}" if leaked else ""

    def userinfo() -> tuple[bool, str]:
        r = t.cli("write", "Composting at home", "--model", "openai:m", "--base-url",
                  "http://user:hunter2pw@127.0.0.1:9/v1", "--api-key", "sk-x", "--out", str(w))
        with sqlite3.connect(db) as con:
            dump = json.dumps(con.execute("SELECT * FROM calls").fetchall() + con.execute("SELECT * FROM runs").fetchall())
        leaked = [where for where, text in (("screen", r["out"] + r["err"]), ("log", dump)) if "hunter2pw" in text]
        return clean_exit(r) and not leaked, f"password on the {', '.join(leaked)}" if leaked else ""

    def wp_dry_run() -> tuple[bool, str]:
        base = Path(tempfile.mkdtemp(dir=w))
        r = t.cli("publish", str(post_file(base)), "--to", "wordpress:http://127.0.0.1:9", "--dry-run", "--force",
                  env={"WORDPRESS_USER": "admin", "WORDPRESS_APP_PASSWORD": "wp-pass-123"})
        return clean_exit(r, (0,)) and "wp-pass-123" not in r["out"] + r["err"], f"rc {r['rc']}: {(r['err'] or r['out'])[-120:]}"

    return [("crashes", "a SIGKILLed run is marked crashed; show --out writes its drafts", sigkill),
            ("secrets", "--base-url http://user:password@host/v1", userinfo),
            ("secrets", "a server echoing the Authorization header", echo_server),
            ("secrets", "publish --dry-run to WordPress with the server down", wp_dry_run)]


# ---- web, WordPress and the log: in a child process importing the tree under test -------------------

def child_attempts() -> list[dict[str, Any]]:
    """Runs inside `python -m bench.hostile --child` with PYTHONPATH=the tree's src."""
    import httpx
    from starlette.testclient import TestClient

    from blogwright import api
    from blogwright.backends.fake import FakeBackend
    from blogwright.checks import GateConfig
    from blogwright.model.brief import make_brief
    from blogwright.model.events import StageStarted
    from blogwright.publish import publish_post
    from blogwright.store import Store
    from blogwright.web import Settings, create_app

    api.writing.preload_embeddings = lambda: None  # type: ignore[assignment]
    base = "http://127.0.0.1:8000"
    work = Path(tempfile.mkdtemp())
    settings = Settings(model="fake", out_dir=work / "posts", gates=GateConfig(embeddings=False),
                        backend_factory=lambda spec: FakeBackend(model=f"fake-{spec}"))
    app = create_app(settings)
    page = TestClient(app, base_url=base, headers={"Origin": base})
    page.__enter__()
    r = page.post("/write", data={"topic": "Composting at home", "words": "300", "model": "fake"}, follow_redirects=False)
    job = r.headers["location"].rsplit("/", 1)[1]
    for _ in range(600):
        if page.get(f"/api/jobs/{job}").json()["status"] != "running":
            break
        time.sleep(0.1)
    results: list[dict[str, Any]] = []

    def attempt(area: str, name: str, fn: Callable[[], tuple[bool, str]], limit: float = 30) -> None:
        t0 = time.perf_counter()
        box: list[Any] = []

        def target() -> None:
            try:
                box.append(fn())
            except BaseException as exc:  # noqa: BLE001 - a crash is the finding
                box.append((False, f"{type(exc).__name__}: {str(exc)[:160]}"))

        th = threading.Thread(target=target, daemon=True)
        th.start()
        th.join(limit)
        ok, detail = box[0] if box else (False, f"no answer within {limit:g} s")
        results.append({"area": area, "name": name, "ok": bool(ok), "seconds": round(time.perf_counter() - t0, 2),
                        "detail": detail})

    def other(**headers: str) -> TestClient:
        return TestClient(app, base_url=base, headers=headers)

    def refused(client: TestClient, method: str, url: str, **kw: Any) -> tuple[bool, str]:
        resp = client.request(method, url, **kw)
        return resp.status_code == 403, f"HTTP {resp.status_code}"

    def client_error(resp: httpx.Response) -> tuple[bool, str]:
        return 400 <= resp.status_code < 500, f"HTTP {resp.status_code}"

    export = f"/posts/{job}/export.md"
    attempt("web", "Origin: null form POST starts a post", lambda: refused(
        other(Origin="null"), "POST", "/write", data={"topic": "Composting", "model": "fake"}))
    attempt("web", "Origin: null text/plain JSON edits a part", lambda: refused(
        other(Origin="null"), "POST", f"/api/posts/{job}/parts/s0", content=b'{"text": "pwned"}',
        headers={"Content-Type": "text/plain"}))
    attempt("web", "Origin: null publishes", lambda: refused(
        other(Origin="null"), "POST", f"/api/posts/{job}/publish", json={"target": f"hugo:{work}"}))
    attempt("web", "a POST with neither Origin nor Referer", lambda: refused(
        other(), "POST", f"/api/posts/{job}/parts/s0", json={"text": "pwned"}))
    def no_500(resp: httpx.Response) -> tuple[bool, str]:
        return resp.status_code < 500, f"HTTP {resp.status_code}"

    attempt("web", "Last-Event-ID not a number (²)", lambda: no_500(
        page.get(f"/api/jobs/{job}/events", headers={"Last-Event-ID": "²".encode()})))
    attempt("web", "Last-Event-ID of 5,000 digits", lambda: no_500(
        page.get(f"/api/jobs/{job}/events", headers={"Last-Event-ID": "9" * 5000})))
    attempt("web", "Last-Event-ID past the end ends the stream", lambda: (lambda resp: (
        resp.status_code < 500 and "event: end" in resp.text, f"HTTP {resp.status_code}"))(
        page.get(f"/api/jobs/{job}/events", headers={"Last-Event-ID": "999999"})), limit=20)

    def chunks():
        for _ in range(25):
            yield b"topic=" + b"a" * 50_000
    attempt("web", "a chunked body over 1 MB", lambda: client_error(page.post(
        "/write", content=chunks(), headers={"content-type": "application/x-www-form-urlencoded"})))
    attempt("web", "a non-string instruction", lambda: client_error(page.post(
        f"/api/posts/{job}/parts/s0/regenerate", json={"instruction": {"x": [1]}})))
    attempt("web", "deeply nested JSON", lambda: client_error(page.post(
        f"/api/posts/{job}/parts/s0", content=b"[" * 100_000 + b"]" * 100_000, headers={"Content-Type": "application/json"})))
    attempt("web", "lone surrogates in JSON", lambda: no_500(page.post(
        f"/api/posts/{job}/parts/s1", content=b'{"text": "caf\\ud800 compost"}', headers={"Content-Type": "application/json"})))
    voice = work / "posts" / "v.yaml"
    voice.parent.mkdir(parents=True, exist_ok=True)
    voice.write_bytes(bytes(range(256)) * 10)
    attempt("web", "a binary voice file in the form", lambda: client_error(page.post(
        "/write", data={"topic": "Composting", "model": "fake", "voice": str(voice)})))

    def text_null() -> tuple[bool, str]:
        resp = page.post(f"/api/posts/{job}/parts/s2", json={"text": None})
        saved_none = "\nNone\n" in page.get(export).text
        return 400 <= resp.status_code < 500 and not saved_none, f"HTTP {resp.status_code}, saved as None: {saved_none}"
    attempt("web", '{"text": null} saves the word None', text_null)
    attempt("web", "another loopback address (127.0.0.2) is served", lambda: (lambda s: (s == 200, f"HTTP {s}"))(
        TestClient(app, base_url="http://127.0.0.2:8000").get("/healthz").status_code))
    for field_name, value in (("sources", "/etc/hostname"), ("model", "local:/etc/passwd"), ("voice", "/etc/passwd")):
        attempt("web", f"the form reads a server file ({field_name}={value})", lambda f=field_name, v=value: (lambda resp: (
            400 <= resp.status_code < 500 and "outside" in resp.text, f"HTTP {resp.status_code}"))(
            page.post("/write", data={"topic": "Composting", "model": "fake", f: v})))

    # WordPress
    class WP:
        def __init__(self) -> None:
            self.requests: list[httpx.Request] = []
            self.sent: dict[str, Any] = {}

        def __call__(self, req: httpx.Request) -> httpx.Response:
            self.requests.append(req)
            if req.method == "GET":
                return httpx.Response(200, json=[])
            body = json.loads(req.content)
            if req.url.path.endswith("/tags"):
                self.sent.setdefault("tag_names", []).append(body["name"])
                return httpx.Response(201, json={"id": 7, "name": body["name"]})
            self.sent.update(body)
            return httpx.Response(201, json={**body, "id": 1, "link": "http://wp.test/?p=1"})

    os.environ["WORDPRESS_USER"], os.environ["WORDPRESS_APP_PASSWORD"] = "admin", "abcd efgh"
    wp_post = post_file(work / "wp", front="title: '<script>alert(1)</script>Compost'\ntags: ['<script>x</script>tag']\n",
                        body=GOOD_BODY + "\n[a](javascript:alert(1)) <img src=x onerror=alert(2)> [d](data:text/html;base64,AA)\n")

    def wordpress(part: str) -> tuple[bool, str]:
        wp = WP()
        publish_post(wp_post, "wordpress:http://wp.test", force=True, transport=httpx.MockTransport(wp))
        value = wp.sent.get(part)
        text = " ".join(value) if isinstance(value, list) else str(value)
        found = Live()
        found.feed(text)
        bad = found.found or ("<script" in text.lower())
        return not bad, f"{part}: {text[:80]!r}" if bad else ""
    attempt("publish", "wordpress: <script> in the title", lambda: wordpress("title"))
    attempt("publish", "wordpress: <script> in a tag", lambda: wordpress("tag_names"))
    attempt("publish", "wordpress: javascript:, onerror= and data: in the body", lambda: wordpress("content"))

    # the log
    def vanishing_folder() -> tuple[bool, str]:
        out = work / "vanish"

        def sabotage(event: Any) -> None:
            if isinstance(event, StageStarted) and event.stage == "check":
                shutil.rmtree(out, ignore_errors=True)
                out.write_text("a file took the folder's name")
        try:
            api.write(make_brief(topic="home composting", words=300), backend=FakeBackend(), out_dir=out, on_event=sabotage)
        except Exception as exc:  # noqa: BLE001
            message = str(exc)
        else:
            return False, "no error"
        with Store() as store:
            run = store.runs(1)[0]
        post = json.loads(run.get("post") or "null") or {}
        ok = run["status"] == "done" and bool(post.get("title")) and bool(post.get("summary")) and bool(post.get("tags"))
        return ok and "--out" in message, f"status {run['status']}, post in the log: {bool(post)}; {message[:100]}"
    attempt("crashes", "the output folder vanishes while the post is written", vanishing_folder, limit=120)

    def interrupted() -> tuple[bool, str]:
        calls: list[int] = []

        def interrupting(messages: Any, params: Any) -> str:
            calls.append(1)
            if len(calls) == 4:
                raise KeyboardInterrupt
            return "Composting turns scraps into soil. It takes weeks. Worms help a lot."
        try:
            api.write(make_brief(topic="home composting", words=300), backend=FakeBackend(function=interrupting),
                      out_dir=work / "int")
        except Exception as exc:  # noqa: BLE001 - Interrupted
            path = getattr(exc, "path", None)
            with Store() as store:
                run = store.runs(1)[0]
            return bool(path) and run["output_path"] == str(path), f"recorded {run['output_path']!r}"
        return False, "not interrupted"
    attempt("crashes", "an interrupted run records where its draft went", interrupted, limit=120)
    page.__exit__(None, None, None)
    return results


# ---- check timing -------------------------------------------------------------------------------------

SIZES = {"100k": ("100 KB", 100_000), "1m": ("1 MB", 1_000_000), "10m": ("10 MB", 10_000_000)}


def check_timings(t: Tree, sizes: list[str] | None = None) -> list[dict[str, Any]]:
    rows = []
    for label, size in (SIZES[s] for s in sizes or list(SIZES)):
        path = t.work / f"post-{size}.md"
        path.write_text(gen_post(size, seed=1))
        runs = [("check (default: embeddings)", ()), ("check --no-embeddings", ("--no-embeddings",))]
        if size > 5_000_000:
            runs += [("--limit file=20M check", ("--limit", "file=20M")),
                     ("--limit file=20M check --no-embeddings", ("--limit", "file=20M", "--no-embeddings"))]
        for what, extra in runs:
            pre = [a for a in extra if a.startswith("--limit") or a.startswith("file=")]
            post = [a for a in extra if a not in pre]
            r = t.cli(*pre, "check", str(path), *post, "--json", timeout=1800)
            rows.append({"post": label, "bytes": path.stat().st_size, "run": what, "seconds": round(r["seconds"], 1),
                         "cpu_seconds": round(r["cpu_seconds"], 1), "exit": r["rc"], "clean": clean_exit(r),
                         "note": (r["err"].strip().splitlines() or [""])[-1][:140] if r["rc"] == 2 else ""})
            log(f"check {label} {what}: {r['seconds']:.1f} s ({r['cpu_seconds']:.1f} s CPU), exit {r['rc']}")
    return rows


# ---- driver -------------------------------------------------------------------------------------------

def log(msg: str) -> None:
    sys.stderr.write(f"[{time.strftime('%H:%M:%S')}] {msg}\n")
    sys.stderr.flush()


def run_tree(src: Path, timing: bool, only: set[str], attempts: bool = True,
             sizes: list[str] | None = None) -> tuple[list[Outcome], list[dict[str, Any]]]:
    outcomes: list[Outcome] = []
    with tempfile.TemporaryDirectory(prefix="bw-hostile-") as tmp:
        t = Tree(src=src, work=Path(tmp))
        t.cli("write", "Composting at home", "--model", "fake", "--out", str(t.work / "seed"), "-q", timeout=180)
        groups = [cli_attempts, publish_attempts, crash_and_secret_attempts, hostile27.attempts] if attempts else []
        for group in groups:
            for area, name, fn in group(t):
                if only and area not in only:
                    continue
                t0 = time.perf_counter()
                try:
                    ok, detail = fn()
                except Exception as exc:  # noqa: BLE001 - the harness itself must not stop
                    ok, detail = False, f"harness: {type(exc).__name__}: {exc}"
                outcomes.append(Outcome(area, name, bool(ok), round(time.perf_counter() - t0, 2), detail))
                log(f"{area:8} {'ok  ' if ok else 'FAIL'} {name} {detail}")
        if attempts and (not only or only & {"web", "publish", "crashes"}):
            proc = subprocess.run([sys.executable, "-m", "bench.hostile", "--child"], env=t.env, cwd=ROOT,
                                  capture_output=True, text=True, timeout=1800, preexec_fn=_limit_memory)
            try:
                child = json.loads(proc.stdout.strip().splitlines()[-1])
            except (ValueError, IndexError):
                child = [{"area": "web", "name": "the web attempts ran", "ok": False, "seconds": 0,
                          "detail": (proc.stderr or proc.stdout)[-300:]}]
            for c in child:
                if not only or c["area"] in only:
                    outcomes.append(Outcome(**c))
                    log(f"{c['area']:8} {'ok  ' if c['ok'] else 'FAIL'} {c['name']} {c['detail']}")
        if attempts and (not only or only & {"network", "secrets"}):  # issue 27's in-process attempts
            for c in hostile27.run_child(t):
                if not only or c["area"] in only:
                    outcomes.append(Outcome(**c))
                    log(f"{c['area']:8} {'ok  ' if c['ok'] else 'FAIL'} {c['name']} {c['detail']}")
        timings = check_timings(t, sizes) if timing else []
    return outcomes, timings


def summary(outcomes: list[Outcome]) -> list[dict[str, Any]]:
    rows = []
    for area in AREAS:
        mine = [o for o in outcomes if o.area == area]
        if mine:
            rows.append({"area": area, "attempts": len(mine), "acceptable": sum(o.ok for o in mine),
                         "failures": sum(not o.ok for o in mine)})
    rows.append({"area": "all", "attempts": len(outcomes), "acceptable": sum(o.ok for o in outcomes),
                 "failures": sum(not o.ok for o in outcomes)})
    return rows


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(prog="python -m bench.hostile", description=__doc__.split("\n\n")[0])
    p.add_argument("--src", default=str(ROOT / "src"), help="the source tree to attack (its src/ folder)")
    p.add_argument("--label", default="after", help="results name: bench/results/hostile-LABEL.*")
    p.add_argument("--no-timing", action="store_true", help="skip the check timings on 100 KB, 1 MB and 10 MB posts")
    p.add_argument("--timing-only", action="store_true", help="only the check timings, no attempts")
    p.add_argument("--sizes", default="100k,1m,10m", help="posts to time check on (comma-separated: 100k, 1m, 10m)")
    p.add_argument("--area", action="append", default=[], choices=AREAS, help="only these areas (repeatable)")
    p.add_argument("--out", default="bench/results")
    p.add_argument("--child", action="store_true", help=argparse.SUPPRESS)
    args = p.parse_args(argv)
    if args.child:
        try:
            print(json.dumps(child_attempts()))
        except Exception:  # noqa: BLE001
            traceback.print_exc()
            return 1
        return 0
    started = now_iso()
    outcomes, timings = run_tree(Path(args.src).resolve(), not args.no_timing, set(args.area),
                                 attempts=not args.timing_only, sizes=args.sizes.split(","))
    table = summary(outcomes)
    data = {"command": command_line("bench.hostile", argv), "started": started, "finished": now_iso(),
            "tree": str(Path(args.src).resolve()), "machine": machine_info(), "summary": table,
            "attempts": [vars(o) for o in outcomes], "check_timing": timings}
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    write_json(out / f"hostile-{args.label}.json", data)
    md = [f"# Hostile input: {args.label}", "", f"`{data['command']}`, {started} to {data['finished']}, tree `{data['tree']}`.",
          "", md_table(["area", "attempts", "acceptable", "failures"],
                       [[r["area"], r["attempts"], r["acceptable"], r["failures"]] for r in table]), "",
          "## Attempts", "", md_table(["area", "attempt", "result", "s", "detail"],
                                      [[o.area, o.name, "ok" if o.ok else "FAIL", o.seconds, o.detail.replace("|", "/")]
                                       for o in outcomes])]
    if timings:
        md += ["", "## `check` time on generated posts", "",
               md_table(["post", "bytes", "run", "wall s", "CPU s", "exit", "note"],
                        [[r["post"], r["bytes"], r["run"], r["seconds"], r.get("cpu_seconds", ""), r["exit"],
                          r["note"].replace("|", "/")]
                         for r in timings])]
    (out / f"hostile-{args.label}.md").write_text("\n".join(md) + "\n", encoding="utf-8")
    print("\n".join(md[:6 + len(table)]))
    return 0


if __name__ == "__main__":
    sys.exit(main())
