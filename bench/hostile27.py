"""Issue 27's attacks (hostile servers, damaged logs, racing writers, secrets, big calendars), replayed
against a source tree by `python -m bench.hostile` (areas stdin, model, files, log, network, config,
batch, secrets, misc). Each attempt is acceptable when it ends in time, under 4 GB, without a
traceback, and its own condition holds (no file replaced, no secret shown, one line, ...).

    python -m bench.hostile --no-timing --area stdin --area model --area files --area log --area network \\
        --area config --area batch --area secrets --area misc --label issue27-after
"""

from __future__ import annotations

import base64
import json
import os
import random
import resource
import signal
import sqlite3
import subprocess
import sys
import tempfile
import threading
import time
import traceback
from collections.abc import Callable
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

from bench.hostile_model import MALFORMED, MALFORMED_STREAM, HostileModel

ROOT = Path(__file__).resolve().parent.parent
MEMORY = 4 * 1024**3
AREAS27 = ("stdin", "model", "files", "log", "network", "config", "batch", "secrets", "misc")
Attempt = tuple[str, str, Callable[[], tuple[bool, str]]]


def _limits(fsize: int | None = None) -> Callable[[], None]:
    def apply() -> None:
        resource.setrlimit(resource.RLIMIT_AS, (MEMORY, MEMORY))
        if fsize is not None:  # what a full disk looks like to one process: writes past `fsize` fail (EFBIG)
            signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
            resource.setrlimit(resource.RLIMIT_FSIZE, (fsize, fsize))
    return apply


def cli(t: Any, *args: str, stdin: Any = subprocess.DEVNULL, close_stdin: bool = False, timeout: float = 60,
        env: dict[str, str] | None = None, fsize: int | None = None) -> dict[str, Any]:
    """`python -m blogwright ARGS` on the tree under test (as bench.hostile's Tree.cli, with stdin
    control and a file-size limit)."""
    t0 = time.perf_counter()
    pre = _limits(fsize)

    def preexec() -> None:
        pre()
        if close_stdin:
            os.close(0)

    try:
        proc = subprocess.run([sys.executable, "-m", "blogwright", *args], env={**t.env, **(env or {})},
                              stdin=stdin, capture_output=True, timeout=timeout, preexec_fn=preexec, cwd=t.work)
        rc, out, err, timed_out = proc.returncode, proc.stdout, proc.stderr, False
    except subprocess.TimeoutExpired as exc:
        rc, out, err, timed_out = -9, exc.stdout or b"", exc.stderr or b"", True
    out_s, err_s = out.decode("utf-8", "replace"), err.decode("utf-8", "replace")
    return {"rc": rc, "out": out_s, "err": err_s, "seconds": time.perf_counter() - t0, "timed_out": timed_out,
            "traceback": "Traceback (most recent call last)" in out_s + err_s or "MemoryError" in err_s}


def clean(r: dict[str, Any], codes: tuple[int, ...] = (0, 1, 2, 3, 4, 5)) -> bool:
    return not r["timed_out"] and not r["traceback"] and r["rc"] in codes


def one_line(r: dict[str, Any], *needles: str) -> bool:
    text = r["out"] + r["err"]
    return clean(r, (1, 2, 3, 4, 5)) and "error" in text and all(n in text for n in needles)


def why(r: dict[str, Any]) -> str:
    if r["timed_out"]:
        return f"no end within {r['seconds']:.0f} s"
    if r["traceback"]:
        lines = [ln for ln in (r["err"] + r["out"]).splitlines() if ln.strip()]
        return "traceback: " + (lines[-1][:120] if lines else "")
    return f"exit {r['rc']}: " + " ".join((r["err"] or r["out"]).split())[-140:]


def verdict(ok: bool, r: dict[str, Any] | None = None, detail: str = "") -> tuple[bool, str]:
    return ok, "" if ok else (detail or (why(r) if r else "failed"))


# ---- the processes ----------------------------------------------------------------------------------

def attempts(t: Any) -> list[Attempt]:
    w = t.work / "i27"
    w.mkdir(parents=True, exist_ok=True)
    out = str(w / "posts")
    fake = ("--model", "fake", "--out", out, "-q")
    rnd = w / "random.bin"
    rnd.write_bytes(random.Random(27).randbytes(20_000))
    res: list[Attempt] = []

    def add(area: str, name: str, fn: Callable[[], tuple[bool, str]]) -> None:
        res.append((area, name, fn))

    # 1. stdin
    def zero_interview() -> tuple[bool, str]:
        with open("/dev/zero", "rb") as zero:
            r = cli(t, "write", "Composting at home", "--interview", *fake, stdin=zero, timeout=60)
        return verdict(clean(r), r)

    def random_stdin(args: tuple[str, ...]) -> Callable[[], tuple[bool, str]]:
        def run() -> tuple[bool, str]:
            with open(rnd, "rb") as fh:
                r = cli(t, *args, *fake, stdin=fh, timeout=120)
            return verdict(clean(r), r)
        return run

    add("stdin", "write --interview < /dev/zero", zero_interview)
    add("stdin", "write - with stdin closed", lambda: (lambda r: verdict(one_line(r), r))(
        cli(t, "write", "-", *fake, close_stdin=True)))
    add("stdin", "write --interview with stdin closed", lambda: (lambda r: verdict(clean(r), r))(
        cli(t, "write", "Composting at home", "--interview", *fake, close_stdin=True, timeout=120)))
    add("stdin", "write - < random bytes", random_stdin(("write", "-")))
    add("stdin", "write --interview < random bytes", random_stdin(("write", "Composting at home", "--interview")))

    # 2 and 6. a hostile model server
    server = HostileModel()
    server._thread.start()
    (t.home / "config.yaml").write_text("openai:\n  timeout: 5\n")

    def model(mode: Any, name: str, limit: float = 60, gap: float = 2.0) -> Callable[[], tuple[bool, str]]:
        def run() -> tuple[bool, str]:
            server.mode, server.gap = mode, gap
            r = cli(t, "write", "Composting at home", "--model", "openai:x", "--base-url", server.url, "--out", out,
                    "--words", "150", timeout=limit)
            ok = clean(r) and "--timeout" not in r["err"]
            return verdict(ok, r, "" if clean(r) else why(r))
        return run

    add("model", "a stream without end (openai.timeout 5), within 60 s", model("forever", "forever"))
    add("model", "a byte every 2 s after the headers, within 60 s", model("trickle", "trickle"))
    add("model", "a 50 MB answer", model("huge", "huge"))
    add("model", "random bytes as the answer", model("garbage", "garbage"))
    for name, body in MALFORMED.items():
        add("model", f"malformed answer: {name}", model(body, name))
    for name, chunks in MALFORMED_STREAM.items():
        add("model", f"malformed stream: {name}", model(("stream", chunks), name))
    add("model", "Retry-After: nan on a 429", model(("raw", 429, {"Retry-After": "nan"}, b'{"error": "slow"}'), "nan"))

    # 3 and 8. files
    def full_disk() -> tuple[bool, str]:
        d = w / "full"
        r = cli(t, "write", "Composting at home", "--model", "fake", "--out", str(d), "--no-log", "-q", fsize=3000,
                timeout=120)
        partial = [p for p in d.glob("*.md")] if d.is_dir() else []
        return verdict(clean(r) and not partial, r, f"a {partial[0].stat().st_size}-byte post left under its name"
                       if partial else "")

    def two_calendars() -> tuple[bool, str]:
        d = w / "race"
        cals = []
        for i, topic in enumerate(("Home composting basics", "Worm farms for flats")):
            cal = w / f"race{i}.yaml"
            cal.write_text(f"posts:\n  - topic: {topic}\n    date: 2026-12-01\n    slug: compost\n    words: 150\n")
            cals.append(cal)
        env = {**t.env, "BLOGWRIGHT_FAKE_DELAY": "0.01"}
        procs = [subprocess.Popen([sys.executable, "-m", "blogwright", "batch", str(c), "--model", "fake", "--out",
                                   str(d)], env=env, cwd=t.work, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
                 for c in cals]
        outs = [p.communicate(timeout=180) for p in procs]
        codes = [p.returncode for p in procs]
        files = sorted(d.glob("*.md")) if d.is_dir() else []
        texts = " ".join(f.read_text().lower() for f in files)
        done = sum(1 for c in codes if c == 0)
        ok = len(files) >= done and ("worm" in texts or codes[1] != 0) and ("compost" in texts or codes[0] != 0)
        return ok, "" if ok else f"exits {codes}, {len(files)} file(s): {[o[1][-120:] for o in outs]}"

    def show_link() -> tuple[bool, str]:
        seeded = cli(t, "runs", "--json", "--limit", "1")
        try:
            run_id = json.loads(seeded["out"])[0]["id"]
        except (ValueError, IndexError, KeyError):
            return False, "no run to show"
        outside = Path(tempfile.mkdtemp(dir=w))
        link = w / f"link{random.random()}"
        link.symlink_to(outside)
        r = cli(t, "show", run_id, "--out", str(link))
        written = list(outside.iterdir())
        return verdict(clean(r) and not written, r, f"wrote {written[0].name} through the link" if written else "")

    def fifo() -> tuple[bool, str]:
        f = w / f"notes{random.random()}.fifo"
        os.mkfifo(f)
        r = cli(t, "write", "Composting at home", *fake, "--notes", str(f), timeout=60)
        return verdict(clean(r), r)

    add("files", "a full disk while write saves (no log)", full_disk)
    add("files", "two calendars, one slug and date, one --out, at once", two_calendars)
    add("files", "show RUN --out LINK (a symlink to elsewhere)", show_link)
    add("files", "--notes a FIFO nobody writes to, within 60 s", fifo)

    # 4 and 7. the log
    def damaged(kind: str, command: tuple[str, ...]) -> Callable[[], tuple[bool, str]]:
        def run() -> tuple[bool, str]:
            db = w / f"log-{kind.replace(' ', '-').replace('/', '')}-{command[0]}.db"
            con = sqlite3.connect(db)
            con.execute("CREATE TABLE t (x TEXT)")
            con.executemany("INSERT INTO t VALUES (?)", [("y" * 2000,)] * 200)
            con.commit()
            con.close()
            env = {"BLOGWRIGHT_DB": str(db)}
            if kind == "a folder":
                db.unlink()
                db.mkdir()
            elif kind == "/dev/null":
                env = {"BLOGWRIGHT_DB": "/dev/null"}
            else:  # a run exists first, so the damage hits a real log
                cli(t, "write", "Composting at home", *fake, env=env, timeout=120)
                data = bytearray(db.read_bytes())
                if kind == "garbage in a page":
                    data[4096:4096 * 3] = random.Random(1).randbytes(8192)
                elif kind == "truncated":
                    data = data[: len(data) // 3]
                else:
                    data = bytearray(b"not a database at all\n" * 500)
                db.write_bytes(bytes(data))
                for extra in ("-wal", "-shm"):
                    Path(str(db) + extra).unlink(missing_ok=True)
            r = cli(t, *command, env=env, timeout=120)
            return verdict(clean(r), r)
        return run

    for kind in ("garbage in a page", "truncated", "not a database", "/dev/null", "a folder"):
        for command in (("runs",), ("show", "x"), ("write", "Composting at home", *fake)):
            add("log", f"{command[0]} with the log {kind}", damaged(kind, command))

    def full_log() -> tuple[bool, str]:
        env = {"BLOGWRIGHT_DB": str(w / "full.db")}
        r = cli(t, "write", "Composting at home", *fake, env=env, fsize=40_000, timeout=120)
        return verdict(clean(r), r)

    def locked() -> tuple[bool, str]:
        db = w / "locked.db"
        env = {"BLOGWRIGHT_DB": str(db), "BLOGWRIGHT_FAKE_DELAY": "0.01"}
        cli(t, "runs", env=env)
        d = w / "locked-posts"
        proc = subprocess.Popen([sys.executable, "-m", "blogwright", "write", "Composting at home", "--model", "fake",
                                 "--out", str(d), "-q"], env={**t.env, **env}, cwd=t.work,
                                stdout=subprocess.PIPE, stderr=subprocess.PIPE)
        time.sleep(3)
        holder = sqlite3.connect(db, timeout=30)
        holder.execute("BEGIN IMMEDIATE")
        time.sleep(30)
        holder.rollback()
        holder.close()
        _, err = proc.communicate(timeout=240)
        files = list(d.glob("*.md")) if d.is_dir() else []
        ok = proc.returncode in (0, 1) and bool(files) and b"Traceback" not in err
        return ok, "" if ok else f"exit {proc.returncode}, {len(files)} post(s): {err.decode()[-150:]}"

    add("log", "write with the disk full under the log", full_log)
    add("log", "write while another process holds the log locked for 30 s", locked)

    # 11. config values
    for value in ("1e309", "nan", "-5"):
        def bad_timeout(value: str = value) -> tuple[bool, str]:
            home = Path(tempfile.mkdtemp(dir=w))
            env = {"BLOGWRIGHT_CONFIG": str(home / "c.yaml")}
            s = cli(t, "config", "set", "--", "openai.timeout", value, env=env)
            r = cli(t, "write", "Composting", "--model", "openai:x", "--base-url", server.url, "--out", out, env=env)
            return verdict(clean(s) and clean(r) and (s["rc"] != 0 or r["rc"] != 0), r if clean(s) else s)
        add("config", f"config set openai.timeout {value}, then write", bad_timeout)

    # 10. gates.blocking from the config
    def no_blocking() -> tuple[bool, str]:
        home = Path(tempfile.mkdtemp(dir=w))
        (home / "c.yaml").write_text("gates:\n  blocking: []\n")
        env = {"BLOGWRIGHT_CONFIG": str(home / "c.yaml")}
        r = cli(t, "write", "Composting at home", *fake, env=env, timeout=120)
        return verdict(r["rc"] == 0, r, f"write exits {r['rc']} although no gate blocks ({why(r)})")

    def batch_publishes() -> tuple[bool, str]:
        home = Path(tempfile.mkdtemp(dir=w))
        (home / "c.yaml").write_text("gates:\n  blocking: []\n")
        site = home / "site"
        site.mkdir()
        (site / "hugo.toml").write_text('baseURL = "http://example.org/"\n')
        cal = home / "cal.csv"
        cal.write_text("topic,words\nHome composting basics,150\n")
        r = cli(t, "batch", str(cal), "--model", "fake", "--out", str(home / "posts"), "--publish", f"hugo:{site}",
                env={"BLOGWRIGHT_CONFIG": str(home / "c.yaml")}, timeout=180)
        published = list(site.rglob("*.md"))
        return verdict(clean(r) and bool(published), r, "" if published else f"not published: {why(r)}")

    add("config", "write with gates.blocking: [] passes", no_blocking)
    add("config", "batch with gates.blocking: [] publishes", batch_publishes)

    # 12 and 13. calendars
    big = w / "big.csv"
    big.write_text("topic,words,date\n" + "".join(f"Compost topic number {i},150,2027-01-{1 + i % 28:02d}\n"
                                                  for i in range(100_000)))

    def big_check() -> tuple[bool, str]:
        r = cli(t, "batch", str(big), "--check", timeout=60)
        lines = len(r["err"].splitlines()) + len(r["out"].splitlines())
        return verdict(clean(r) and lines < 1000, r, f"{lines:,} lines" if clean(r) else "")

    def big_interrupted() -> tuple[bool, str]:
        home = Path(tempfile.mkdtemp(dir=w))
        env = {**t.env, "BLOGWRIGHT_DB": str(home / "log.db")}
        proc = subprocess.Popen([sys.executable, "-m", "blogwright", "batch", str(big), "--model", "fake", "--out",
                                 str(home / "posts")], env=env, cwd=t.work, stdout=subprocess.PIPE,
                                stderr=subprocess.PIPE, preexec_fn=_limits())
        first_err: list[bytes] = []
        reader = threading.Thread(target=lambda: first_err.append(proc.stderr.read(200)), daemon=True)
        reader.start()
        t0 = time.monotonic()
        reader.join(30)
        quiet = not first_err or not first_err[0]
        time.sleep(max(0.0, 45 - (time.monotonic() - t0)))
        proc.send_signal(signal.SIGINT)
        t1 = time.monotonic()
        try:
            o, e = proc.communicate(timeout=60)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.communicate()
            return False, "still running 60 s after Ctrl-C"
        lines = len(o.splitlines()) + len(e.splitlines())
        after = time.monotonic() - t1
        ok = not quiet and after <= 30 and lines < 5000 and b"Traceback" not in e
        return ok, "" if ok else ("nothing printed for 30 s; " if quiet else "") + \
            f"{after:.0f} s after Ctrl-C, {lines:,} lines"

    def calendar(text: str, suffix: str = ".yaml") -> Path:
        p = w / f"cal{random.random()}{suffix}"
        p.write_text(text)
        return p

    def refused(cal: Path, needle: str = "") -> Callable[[], tuple[bool, str]]:
        def run() -> tuple[bool, str]:
            r = cli(t, "batch", str(cal), "--check")
            return verdict(clean(r, (2,)) and needle in r["err"], r)
        return run

    add("batch", "a 100,000-row calendar: --check within 60 s, bounded output", big_check)
    add("batch", "a 100,000-row calendar: something printed within 30 s, Ctrl-C quick, bounded output",
        big_interrupted)
    add("batch", "a CSV with an unclosed quote", refused(calendar('topic,words\n"Compost, basics,300\nWorm farms,400\n'
                                                                  'Bins,500\n', ".csv"), "quote"))
    add("batch", "batch --check: model local:/etc/passwd", refused(calendar(
        "posts:\n  - topic: One\n    model: local:/etc/passwd\n")))
    add("batch", "batch --check: model fake:/dev/zero", refused(calendar("posts:\n  - topic: One\n    model: fake:/dev/zero\n")))
    add("batch", "batch --check: publish wordpress:file:///etc/passwd", refused(calendar(
        "posts:\n  - topic: One\n    publish: wordpress:file:///etc/passwd\n")))

    # 9. secrets
    def config_show(json_flag: bool) -> Callable[[], tuple[bool, str]]:
        def run() -> tuple[bool, str]:
            home = Path(tempfile.mkdtemp(dir=w))
            (home / "c.yaml").write_text("openai:\n  base_url: http://admin:hunter22pw@10.0.0.5:8080/v1\n")
            r = cli(t, "config", "show", *(["--json"] if json_flag else []), env={"BLOGWRIGHT_CONFIG": str(home / "c.yaml")})
            shown = "hunter22pw" in r["out"] + r["err"]
            return verdict(clean(r) and not shown, r, "the password is shown" if shown else "")
        return run

    def resume_creds() -> tuple[bool, str]:
        home = Path(tempfile.mkdtemp(dir=w))
        env = {"BLOGWRIGHT_DB": str(home / "log.db")}
        cal = home / "cal.csv"
        cal.write_text("topic,words\nHome composting basics,150\n")
        server.mode, server.auth = ("raw", 401, {}, b'{"error": {"message": "bad key"}}'), []
        url = server.url.replace("http://", "http://admin:s3cretpw@")
        cli(t, "batch", str(cal), "--model", "openai:x", "--base-url", url, "--out", str(home / "p"), "--retries", "0",
            env=env, timeout=120)
        ids = [ln.split()[0] for ln in cli(t, "batches", env=env)["out"].splitlines() if ln.strip().startswith("b-")]
        server.auth = []
        r = cli(t, "batch", "--resume", ids[0] if ids else "b-none", env=env, timeout=120)
        masked = base64.b64encode(b"admin:***").decode()
        sent = [a for a in server.auth if masked in a or "***" in a]
        return verdict(clean(r) and not sent, r, "sent *** as the password" if sent else "")

    add("secrets", "config show: a password in openai.base_url", config_show(False))
    add("secrets", "config show --json: a password in openai.base_url", config_show(True))
    add("secrets", "batch --resume sends the redacted *** as credentials", resume_creds)

    # 14 and 15. the rest
    add("misc", "runs -q with 100,000 characters", lambda: (lambda r: verdict(clean(r), r))(
        cli(t, "runs", "-q", "x" * 100_000)))
    # LIKE wildcards taken as such would match nearly every run ("c_m%t": compost); as literal text, none
    for pattern in ("c_m%t", "e%o_t"):
        def literal(pattern: str = pattern) -> tuple[bool, str]:
            r = cli(t, "runs", "-q", pattern, "--json")
            try:
                rows = json.loads(r["out"] or "[]")
            except ValueError:
                rows = None
            return verdict(clean(r) and rows == [], r, f"{len(rows or [])} run(s) match {pattern!r}" if clean(r) else "")
        add("misc", f"runs -q {pattern}: % and _ are literal", literal)

    def message(args: tuple[str, ...], bad: str, mode: Any = None) -> Callable[[], tuple[bool, str]]:
        def run() -> tuple[bool, str]:
            if mode is not None:
                server.mode, server.gap = mode, 2.0
            r = cli(t, *args, timeout=90)
            text = r["out"] + r["err"]
            return verdict(clean(r) and bad not in text, r, f"says {bad!r}" if bad in text else "")
        return run

    add("misc", "local:/etc/passwd: the message keeps its words", message(
        ("write", "Composting", "--model", "local:/etc/passwd", "--out", out), "<redacted>"))
    add("misc", "a slow server: no '--timeout' that write lacks", message(
        ("write", "Composting", "--model", "openai:x", "--base-url", server.url, "--out", out), "--timeout", "trickle"))
    add("misc", "a missing ollama model: no 'openai:NAME'", message(
        ("write", "Composting", "--model", "ollama:nope", "--base-url", server.url[:-3], "--out", out), "openai:NAME",
        ("raw", 404, {}, b'{"error": {"message": "model \\"nope\\" not found"}}')))
    return res  # the server's threads are daemons: they end with the bench


# ---- in a child process on the tree (network, secrets) ---------------------------------------------

class _Secret(BaseHTTPRequestHandler):
    def log_message(self, *args: Any) -> None:
        pass

    def do_GET(self) -> None:  # noqa: N802
        body = b"<html><title>Intranet</title><p>INTRANET-SECRET-27 the loopback-only page says compost.</p></html>"
        self.send_response(200)
        self.send_header("Content-Type", "text/html" if not self.path.endswith(".png") else "image/png")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)


def child27() -> list[dict[str, Any]]:
    """Runs inside `python -m bench.hostile27 --child` with PYTHONPATH=the tree's src."""
    import httpx
    from starlette.testclient import TestClient

    from blogwright.backends.fake import FakeBackend
    from blogwright.checks import GateConfig
    from blogwright.grounding.sources import load_sources
    from blogwright.publish import wp_publish
    from blogwright.web import Settings, create_app

    srv = ThreadingHTTPServer(("127.0.0.1", 0), _Secret)
    srv.daemon_threads = True
    threading.Thread(target=srv.serve_forever, daemon=True).start()
    local = f"http://127.0.0.1:{srv.server_address[1]}"
    results: list[dict[str, Any]] = []

    def attempt(area: str, name: str, fn: Callable[[], tuple[bool, str]]) -> None:
        t0 = time.perf_counter()
        try:
            ok, detail = fn()
        except Exception as exc:  # noqa: BLE001
            ok, detail = False, f"{type(exc).__name__}: {str(exc)[:150]}"
        results.append({"area": area, "name": name, "ok": bool(ok), "seconds": round(time.perf_counter() - t0, 2),
                        "detail": detail})

    def source(url: str) -> tuple[bool, str]:
        loaded = load_sources([url], timeout=5)
        read = any("INTRANET-SECRET-27" in s.text for s in loaded.sources)
        return not read, "the loopback page's text was read" if read else ""

    attempt("network", "a --source on the loopback (the web form's SSRF)", lambda: source(f"{local}/page.html"))
    attempt("network", "a --source on localhost by name", lambda: source(f"{local.replace('127.0.0.1', 'localhost')}/p"))
    attempt("network", "a --source on [::ffff:127.0.0.1]", lambda: source(
        f"http://[::ffff:127.0.0.1]:{srv.server_address[1]}/p"))
    for address in ("64:ff9b::7f00:1", "2002:a9fe:a9fe::", "::ffff:7f00:1", "::7f00:1"):
        def cover(address: str = address) -> tuple[bool, str]:
            got = wp_publish.fetch_cover(f"http://[{address}]/x.png")
            if not isinstance(got, str):
                return False, "fetched"
            refused = any(k in got for k in ("not a public", "loopback", "link-local", "private", "local address"))
            return refused, "" if refused else f"passed the address check ({got[:80]})"
        attempt("network", f"a cover at http://[{address}]/", cover)

    def cover_note() -> tuple[bool, str]:
        from blogwright.publish import publish_post

        work = Path(tempfile.mkdtemp())
        post = work / "p.md"
        post.write_text("---\ntitle: Compost\ncover:\n  image: http://user:pw27secret@127.0.0.1:9/x.png\n---\n"
                        "# Compost\n\n**TL;DR:** Mix.\n\nCompost is easy to start at home with a bin.\n\n"
                        "## Why\n\nScraps become soil.\n\n## Wrapping Up\n\nStart small.\n")
        os.environ["WORDPRESS_USER"], os.environ["WORDPRESS_APP_PASSWORD"] = "admin", "abcd efgh"

        def wp(req: httpx.Request) -> httpx.Response:
            if req.method == "GET":
                return httpx.Response(200, json=[])
            body = json.loads(req.content or b"{}")
            return httpx.Response(201, json={**body, "id": 1, "link": "http://wp.test/?p=1"})
        res = publish_post(post, "wordpress:http://wp.test", force=True, transport=httpx.MockTransport(wp))
        shown = [n for n in res.notes if "pw27secret" in n]
        return not shown, f"note: {shown[0][:100]}" if shown else ""

    attempt("secrets", "the cover refusal note with user:pw in the URL", cover_note)

    base = "http://127.0.0.1:8000"
    work = Path(tempfile.mkdtemp())
    app = create_app(Settings(model="fake", out_dir=work / "posts", gates=GateConfig(embeddings=False),
                              backend_factory=lambda spec: FakeBackend(model=f"fake-{spec}")))
    page = TestClient(app, base_url=base, headers={"Origin": base})
    page.__enter__()
    r = page.post("/write", data={"topic": "Composting at home", "words": "300", "model": "fake",
                                  "sources": f"{local}/page.html"}, follow_redirects=False)
    job = r.headers.get("location", "/x/none").rsplit("/", 1)[1]
    for _ in range(600):
        got = page.get(f"/api/jobs/{job}")
        if got.status_code != 200 or got.json().get("status") != "running":
            break
        time.sleep(0.1)

    def form_source() -> tuple[bool, str]:
        export = page.get(f"/posts/{job}/export.md")
        read = "INTRANET-SECRET-27" in export.text or "Intranet" in export.text
        return not read, "the loopback page went into the post" if read else ""

    attempt("network", "the web form's source on the loopback", form_source)
    site = Path(tempfile.mkdtemp()) / "site"
    site.mkdir()
    (site / "hugo.toml").write_text('baseURL = "http://example.org/"\n')

    def publish_anywhere() -> tuple[bool, str]:
        resp = page.post(f"/api/posts/{job}/publish", json={"target": f"hugo:{site}", "force": True})
        written = list(site.rglob("*.md"))
        return not written and resp.status_code < 500, f"wrote {written[0]}" if written else f"HTTP {resp.status_code}"

    attempt("network", "the page publishes to hugo: a folder it may not read", publish_anywhere)
    page.__exit__(None, None, None)
    return results


def run_child(t: Any) -> list[dict[str, Any]]:
    proc = subprocess.run([sys.executable, "-m", "bench.hostile27", "--child"], env=t.env, cwd=ROOT,
                          capture_output=True, text=True, timeout=900, preexec_fn=_limits())
    try:
        return json.loads(proc.stdout.strip().splitlines()[-1])
    except (ValueError, IndexError):
        return [{"area": "network", "name": "the in-process attempts ran", "ok": False, "seconds": 0,
                 "detail": (proc.stderr or proc.stdout)[-300:]}]


if __name__ == "__main__" and "--child" in sys.argv:
    try:
        print(json.dumps(child27()))
    except Exception:  # noqa: BLE001
        traceback.print_exc()
        sys.exit(1)
