"""Shell habits: `--out -`, raw paths in a pipe, `--json` everywhere, `config`, completion, `models`,
`runs` with tokens, cost and search, and the front matter flags of `write`."""

from __future__ import annotations

import json
import os
import subprocess
import sys

import yaml
from typer.testing import CliRunner

from blogwright.cli import app
from blogwright.core import config

runner = CliRunner()


def run(*args, **kw):
    return runner.invoke(app, list(args), **kw)


def wrote(r) -> bool:
    """`write` finished and saved its post: exit 0, or 1 when a blocking gate failed (the fake's
    repetitive prose often fails `repetition`), which the output then says."""
    output = r.output if hasattr(r, "output") else r.stderr
    code = r.exit_code if hasattr(r, "exit_code") else r.returncode
    return code == 0 or (code == 1 and "blocking gates failed" in output)


def sh(*args, env=None, **kw):
    """blogwright in a subprocess, stdout a pipe (what `$(blogwright ...)` and `| less` see)."""
    return subprocess.run([sys.executable, "-m", "blogwright", *args], capture_output=True, text=True,
                          timeout=300, env={**os.environ, "COLUMNS": "80", **(env or {})}, **kw)


def test_out_dash_and_long_paths_in_a_pipe(tmp_path):
    r = sh("write", "How to compost at home", "--model", "fake", "--words", "300", "--out", "-", "--category", "Garden")
    assert wrote(r), r.stderr
    assert r.stdout.startswith("---\ntitle:") and "\n# How to" in r.stdout and "categories:\n- Garden" in r.stdout
    assert "wrote the post to stdout" in r.stderr and "wrote" not in r.stdout  # progress and report on stderr
    deep = tmp_path / ("a-very-long-folder-name-" * 6) / "and-another-one-that-is-long"
    r = sh("write", "How to compost at home", "--model", "fake", "--words", "150", "--out", str(deep), "-q")
    assert wrote(r), r.stderr
    assert r.stdout.count("\n") == 1 and len(r.stdout) > 200  # one line, never wrapped at 80 columns
    assert os.path.isfile(r.stdout.strip()) and r.stdout.strip().startswith(str(deep))


def test_completion_script_is_generated():
    r = sh("--show-completion", "bash", env={"_TYPER_COMPLETE_TEST_DISABLE_SHELL_DETECTION": "1"})
    assert r.returncode == 0 and "complete -o default -F _blogwright_completion blogwright" in r.stdout
    r = sh(env={"_BLOGWRIGHT_COMPLETE": "complete_bash", "COMP_WORDS": "blogwright write x --model ol",
                "COMP_CWORD": "4"})
    assert r.stdout.split() == ["ollama:"]


def test_write_json_and_front_matter_flags(tmp_path):
    (tmp_path / "hero.png").write_bytes(b"\x89PNG")
    out = tmp_path / "posts"
    r = run("write", "How to compost at home", "--model", "fake", "--words", "150", "--out", str(out), "--json",
            "-c", "Garden", "-c", "Home", "--cover", str(tmp_path / "hero.png"), "--cover-alt", "A compost bin",
            "--canonical", "https://example.org/compost/", "--series", "Home basics", "-k", "compost")
    assert wrote(r), r.output
    data = json.loads(r.stdout)
    assert data["path"].startswith(str(out)) and data["run_id"] and data["words"] > 50 and "seo" in data["report"]["gates"]
    fm = yaml.safe_load(open(data["path"]).read().split("---\n")[1])
    assert fm["categories"] == ["Garden", "Home"] and fm["series"] == "Home basics"
    assert fm["cover"] == {"image": "../hero.png", "alt": "A compost bin"}  # relative to the post's folder
    assert fm["canonical_url"] == "https://example.org/compost/"
    r = run("write", "x compost", "--model", "fake", "--out", "-", "--json", "--no-log")
    assert wrote(r) and json.loads(r.stdout)["content"].startswith("---") and json.loads(r.stdout)["path"] is None
    for bad, msg in ((["--canonical", "example.org"], "must be a full URL"), (["--cover-alt", "x"], "give --cover"),
                     (["--cover", "nope.png"], "no such image file")):
        r = run("write", "x compost", "--model", "fake", "--out", str(out), *bad)
        assert r.exit_code == 2 and msg in r.output and "Traceback" not in r.output


def test_json_on_runs_show_check_voices(tmp_path):
    r = run("write", "How to compost at home", "--model", "fake", "--words", "150", "--out", str(tmp_path), "-q")
    path = r.stdout.strip()
    runs = json.loads(run("runs", "--json").stdout)
    assert runs[0]["tokens_in"] > 0 and runs[0]["tokens_out"] > 0 and runs[0]["cost"] is None
    shown = json.loads(run("show", runs[0]["id"], "--json").stdout)
    assert shown["run"]["id"] == runs[0]["id"] and shown["calls"]
    checked = run("check", path, "--json", "--no-embeddings")
    assert "seo" in json.loads(checked.stdout)["gates"]
    voices = json.loads(run("voices", "--json").stdout)
    assert {"snarky-mentor", "plain-expert"} <= {v["name"] for v in voices}


def test_runs_totals_cost_and_search(tmp_path, _isolated_home):
    for topic in ("How to compost at home", "Kubernetes autoscaling"):
        assert wrote(run("write", topic, "--model", "fake", "--words", "150", "--out", str(tmp_path), "-q"))
    assert [r["topic"] for r in json.loads(run("runs", "--json", "--search", "KUBERNETES").stdout)] == ["Kubernetes autoscaling"]
    assert json.loads(run("runs", "-q", "100%_no", "--json").stdout) == []  # % and _ are literal
    assert run("config", "set", "prices.fake:fake-model", "[1.0, 2.0]").exit_code == 0
    rows = json.loads(run("runs", "--json").stdout)
    assert all(abs(r["cost"] - (r["tokens_in"] + 2 * r["tokens_out"]) / 1e6) < 1e-12 for r in rows)
    table = run("runs").stdout
    assert "2 runs" in table and "total" in table and str(sum(r["tokens_in"] for r in rows)) in table


def test_config_path_show_get_set_unset(_isolated_home, monkeypatch):
    assert run("config", "path").stdout.strip() == str(_isolated_home / "config.yaml")
    assert run("config", "set", "default_model", "fake").exit_code == 0
    assert run("config", "set", "openai.api_key", "sk-secret").exit_code == 0
    assert run("config", "set", "openai.send_llama_params", "true").exit_code == 0
    assert run("config", "set", "gates.blocking", "[glued, seo]").exit_code == 0
    data = yaml.safe_load((_isolated_home / "config.yaml").read_text())
    assert data == {"default_model": "fake", "openai": {"api_key": "sk-secret", "send_llama_params": True},
                    "gates": {"blocking": ["glued", "seo"]}}
    assert oct((_isolated_home / "config.yaml").stat().st_mode & 0o777) == "0o600"
    shown = run("config", "show").stdout
    assert "sk-secret" not in shown and "<set>" in shown and "default_model: fake" in shown
    assert "sk-secret" in run("config", "show", "--secrets").stdout
    assert json.loads(run("config", "show", "--json").stdout)["default_model"] == "fake"
    assert run("config", "get", "openai.send_llama_params").stdout == "true\n"
    assert run("config", "get", "openai.model").exit_code == 1
    for bad, msg in ((["openai.nope", "1"], "unknown config key"), (["colour", "red"], "unknown config key"),
                     (["gates.nope", "1"], "unknown gate setting"), (["gates.blocking", "[nope]"], "unknown gate")):
        r = run("config", "set", *bad)
        assert r.exit_code == 2 and msg in r.output, r.output
    assert run("config", "unset", "openai.api_key").exit_code == 0
    assert config.get_value("openai.api_key") is None
    # the default model is used by write when --model is not given
    r = run("write", "How to compost at home", "--words", "150", "--out", "-", "-q", "--no-log")
    assert wrote(r) and "model: fake:fake-model" in r.stdout


def test_old_config_location_is_still_read(tmp_path, monkeypatch):
    monkeypatch.delenv("BLOGWRIGHT_CONFIG")
    monkeypatch.delenv("BLOGWRIGHT_HOME")
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "config"))
    config._load.cache_clear()
    new = tmp_path / "config" / "blogwright" / "config.yaml"
    old = tmp_path / "data" / "blogwright" / "config.yaml"
    assert run("config", "path").stdout.strip() == str(new)
    old.parent.mkdir(parents=True)
    old.write_text("default_model: fake\n")
    assert run("config", "path").stdout.strip() == str(old) and config.default_model() == "fake"
    new.parent.mkdir(parents=True)
    new.write_text("default_model: local\n")
    config._load.cache_clear()
    assert run("config", "path").stdout.strip() == str(new) and config.default_model() == "local"


def test_models_command(monkeypatch):
    monkeypatch.setenv("OLLAMA_HOST", "127.0.0.1:9")  # nothing listens there
    r = run("models", "--no-llm", "--json")
    data = json.loads(r.stdout)
    assert data["default"] == "local" and data["models"][0]["spec"] == "local"
    assert all(m["source"] != "ollama" for m in data["models"])
    r = run("models", "--no-llm")
    assert r.exit_code == 0 and "local *" in r.stdout and "no Ollama answering" in r.stdout


def test_openai_without_server_or_key_lists_the_options(monkeypatch):
    for var in ("OPENAI_BASE_URL", "OPENAI_API_KEY"):
        monkeypatch.delenv(var, raising=False)
    r = run("write", "How to compost at home", "--model", "openai:gpt-4o", "--out", "-")
    assert r.exit_code == 3 and "no server and no API key" in r.output and "ollama:MODEL" in r.output
