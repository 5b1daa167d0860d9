"""Bash completion with values that hold a ':' (`--model ollama:NAME`, `local:PATH`, `--to hugo:SITE`):
bash itself runs the script `blogwright --show-completion bash` prints, with the words split the way
bash splits them (at ':', which is in COMP_WORDBREAKS)."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import threading
from http.server import BaseHTTPRequestHandler, HTTPServer
from pathlib import Path

import pytest
from typer.completion import get_completion_script

from blogwright.cli import app
from blogwright.cli.completion import line_args

BIN = Path(sys.executable).parent
pytestmark = pytest.mark.skipif(not shutil.which("bash") or not (BIN / "blogwright").exists(),
                                reason="needs bash and the blogwright script next to this python")


@pytest.fixture(scope="module")
def ollama():
    """A fake Ollama answering /api/tags with two models, one with a ':' in its name."""

    class Tags(BaseHTTPRequestHandler):
        def do_GET(self):  # noqa: N802
            body = json.dumps({"models": [{"name": "llama3.1:8b"}, {"name": "qwen2.5"}]}).encode()
            self.send_response(200)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args):
            pass

    server = HTTPServer(("127.0.0.1", 0), Tags)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_port}"
    server.shutdown()


@pytest.fixture(scope="module")
def script(tmp_path_factory):
    # what `blogwright --show-completion` prints in bash; asked for bash by name, since the shell that
    # runs the tests may be sh (make's SHELL), where Typer detects "sh" and `--show-completion bash`
    # is a flag plus a stray word
    assert app is not None  # blogwright.cli.app imported: our bash script is in place
    text = get_completion_script(prog_name="blogwright", complete_var="_BLOGWRIGHT_COMPLETE", shell="bash")
    assert "blogwright" in text
    path = tmp_path_factory.mktemp("completion") / "blogwright.sh"
    path.write_text(text)
    return path


def bash_complete(script: Path, line: str, env: dict) -> list[str]:
    """Source the script in bash and complete at the end of `line`, with COMP_WORDS split as bash does
    (COMP_WORDBREAKS has ':'): returns COMPREPLY, what bash would put in place of its current word."""
    driver = r'''
source "$1"
COMP_LINE="$2"; COMP_POINT=${#COMP_LINE}
# bash's own split of the line: at blanks, and ':' as a word of its own
read -ra blanks <<< "$COMP_LINE"
COMP_WORDS=()
for w in "${blanks[@]}"; do
  while [[ "$w" == *:* ]]; do COMP_WORDS+=("${w%%:*}" ":"); w="${w#*:}"; done
  COMP_WORDS+=("$w")
done
[[ "$COMP_LINE" == *" " ]] && COMP_WORDS+=("")
# a word that is empty after a ':' is not its own word in bash's split
COMP_CWORD=$(( ${#COMP_WORDS[@]} - 1 ))
_blogwright_completion blogwright
printf '%s\n' "${COMPREPLY[@]}"
'''
    proc = subprocess.run(["bash", "--norc", "--noprofile", "-c", driver, "driver", str(script), line],
                          capture_output=True, text=True, timeout=60,
                          env={**os.environ, **env, "PATH": f"{BIN}{os.pathsep}{os.environ.get('PATH', '')}"})
    assert proc.returncode == 0, proc.stderr
    return [x for x in proc.stdout.splitlines() if x]


def test_the_script_completes_after_a_colon_with_what_bash_replaces(script, ollama):
    got = bash_complete(script, "blogwright write --model ollama:lla", {"OLLAMA_HOST": ollama})
    assert got == ["llama3.1:8b"]  # bash swaps "lla" (after the ':') for it: ollama:llama3.1:8b
    got = bash_complete(script, "blogwright write --model ollama:", {"OLLAMA_HOST": ollama})
    assert sorted(got) == ["llama3.1:8b", "qwen2.5"]


def test_the_script_still_completes_plain_words_and_options(script, ollama):
    assert bash_complete(script, "blogwright write --model lo", {"OLLAMA_HOST": ollama}) == ["local", "local:"]
    assert "--model" in bash_complete(script, "blogwright write --mo", {"OLLAMA_HOST": ollama})


def test_a_value_with_a_colon_does_not_shift_the_words_after_it(script, ollama):
    # before: "--to hugo : site" made ':' and 'site' extra words, so `--model` after it was not seen
    got = bash_complete(script, "blogwright write x --cover a:b --model ollama:q", {"OLLAMA_HOST": ollama})
    assert got == ["qwen2.5"]


def test_the_words_come_from_the_line_as_the_shell_splits_them():
    assert line_args("blogwright write --model local:/tmp/x") == (["write", "--model"], "local:/tmp/x")
    assert line_args("blogwright publish p.md --to hugo:site ") == (["publish", "p.md", "--to", "hugo:site"], "")
    assert line_args('blogwright write "LLM Ops vs ML Ops" --model oll') == (["write", "LLM Ops vs ML Ops", "--model"], "oll")
    assert line_args('blogwright write "unclosed') == (["write"], "unclosed")
    assert line_args("blogwright write --model local:abc", point=len("blogwright write --model loc")) == (["write", "--model"], "loc")
