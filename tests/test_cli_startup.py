"""Start-up: `blogwright --help` (and a command's --help, and shell completion) load the CLI only;
the layers below it are imported when a command runs (cli/lazy.py)."""

from __future__ import annotations

import importlib
import json
import subprocess
import sys

import pytest
from typer.testing import CliRunner

from blogwright import api
from blogwright.cli import app
from blogwright.cli.lazy import lazy
from blogwright.core.errors import BadInput

HEAVY = ["blogwright.api", "blogwright.checks", "blogwright.pipeline", "blogwright.backends", "blogwright.web",
         "blogwright.batch", "blogwright.publish", "blogwright.voices", "blogwright.store", "blogwright.doctor",
         "blogwright.embeddings", "httpx", "numpy", "starlette", "yaml"]

PROBE = """
import json, sys
sys.argv = ["blogwright", *json.loads(sys.argv[1])]
from blogwright.cli import app
try:
    app(prog_name="blogwright")
except SystemExit as exc:
    code = exc.code
print(json.dumps({"code": code, "modules": sorted(m for m in sys.modules if m.startswith(("blogwright", "httpx",
      "numpy", "starlette", "yaml")))}), file=sys.stderr)
"""


def _loaded(*args: str) -> tuple[int, set[str]]:
    """Run `blogwright ARGS` in a fresh interpreter; (exit code, the modules it imported)."""
    proc = subprocess.run([sys.executable, "-c", PROBE, json.dumps(list(args))], capture_output=True, text=True,
                          timeout=120)
    data = json.loads(proc.stderr.strip().splitlines()[-1])
    return data["code"], set(data["modules"])


@pytest.mark.parametrize("args", [["--help"], ["check", "--help"], ["write", "--help"], ["publish", "--help"],
                                  ["batch", "--help"], ["config", "--help"], ["voice", "--help"]])
def test_help_imports_no_heavy_layer(args):
    code, modules = _loaded(*args)
    assert code == 0
    heavy = sorted(m for m in modules if any(m == h or m.startswith(h + ".") for h in HEAVY))
    assert not heavy, f"`blogwright {' '.join(args)}` imported {heavy}"


def test_a_command_still_loads_what_it_needs(tmp_path):
    post = tmp_path / "p.md"
    post.write_text("# A title\n\nSome words here.\n", encoding="utf-8")
    code, modules = _loaded("check", str(post), "--no-embeddings", "--json")
    assert code in (0, 1) and "blogwright.api" in modules and "blogwright.checks" in modules


def test_lazy_module_reads_writes_and_deletes_on_the_module(monkeypatch):
    stand_in = lazy("blogwright.api")
    assert stand_in.check_file is api.check_file and "lazy module 'blogwright.api'" in repr(stand_in)
    monkeypatch.setattr(stand_in, "check_file", "patched")
    assert api.check_file == "patched"
    monkeypatch.undo()
    assert api.check_file is not None and api.check_file != "patched"
    with pytest.raises(ModuleNotFoundError):
        lazy("blogwright.no_such_module").anything  # noqa: B018


def test_monkeypatching_the_api_through_the_cli_module_still_works(monkeypatch, tmp_path):
    cli_app = importlib.import_module("blogwright.cli.app")  # the module (blogwright.cli.app is the Typer app)
    seen = {}

    def fake_check_file(path, **kw):
        seen["path"] = str(path)
        raise BadInput("stopped here")

    monkeypatch.setattr(cli_app.api, "check_file", fake_check_file)
    result = CliRunner().invoke(app, ["check", str(tmp_path / "x.md")])
    assert result.exit_code != 0 and seen["path"].endswith("x.md") and "stopped here" in result.output


def test_serve_finds_the_web_page_through_its_entry_point(monkeypatch):
    """cli/ never imports web/: `serve` looks the page up in the `blogwright.surfaces` group."""
    cli_app = importlib.import_module("blogwright.cli.app")
    from blogwright.web import serve as web_serve

    assert cli_app.front_end("web") is web_serve
    assert "web" in cli_app.surfaces().names() and not hasattr(cli_app, "web")
    with pytest.raises(BadInput, match="no tui front end is registered.*reinstall"):
        cli_app.front_end("tui")
    got = {}
    monkeypatch.setattr(cli_app.surfaces(), "get", lambda name: lambda **kw: got.update(kw, name=name))
    r = CliRunner().invoke(cli_app.app, ["serve", "--port", "8765", "--model", "fake"])
    assert r.exit_code == 0 and got["name"] == "web" and got["port"] == 8765 and got["model"] == "fake"
