"""Issue 28 (memory): what a `blogwright check` process loads. It checks spelling without wordfreq's or
codespell's modules and without symspellpy's table of deletes, runs spaCy without the pipes nothing
reads (ner, lemmatizer: excluded, not just disabled), never loads llama.cpp, and MiniLM keeps none of
its weights resident after a forward pass (a layer's pages are given back once read)."""

from __future__ import annotations

import json
import subprocess
import sys

PROBE = """
import json, sys
sys.argv = ["blogwright", "check", sys.argv[1], "--topic", "Keeping a dashboard tidy"]
from blogwright.cli import app
try:
    app(prog_name="blogwright")
except SystemExit:
    pass
from blogwright import embeddings
from blogwright.text import english, lexicon
pipe = english.nlp()
model = embeddings.load_model()

def mapped_kib(name):
    # resident KiB of the mappings of a file named `name` (/proc/self/smaps)
    total, inside = 0, False
    with open("/proc/self/smaps") as fh:
        for line in fh:
            head = line.split()
            if head and "-" in head[0] and len(head) >= 5:  # a mapping's first line
                inside = head[-1].endswith(name)
            elif inside and head and head[0] == "Rss:":
                total += int(head[1])
    return total


print(json.dumps({
    "modules": sorted(m for m in ("llama_cpp", "wordfreq", "codespell_lib", "symspellpy", "lxml") if m in sys.modules),
    "pipes": pipe.pipe_names if pipe is not None else None,
    "excluded": sorted(pipe.disabled) if pipe is not None else None,
    "deletes": len(lexicon.segmenter()._deletes),
    "minilm": embeddings.loaded(),
    "minilm_resident_kib": mapped_kib("model.safetensors"),
}), file=sys.stderr)
"""

POST = """# Keeping a dashboard tidy

A tidy dashbaord shows what matters. Most teams clutter it with charts nobody reads, and the
modelsare never checked again. Keep four charts and delete the rest every month.

## Wrapping Up

Pick the few charts you use, and let the others go.
"""


def test_a_check_process_loads_only_what_it_uses(tmp_path):
    post = tmp_path / "post.md"
    post.write_text(POST, encoding="utf-8")
    proc = subprocess.run([sys.executable, "-c", PROBE, str(post)], capture_output=True, text=True, timeout=300)
    data = json.loads(proc.stderr.strip().splitlines()[-1])
    assert "dashbaord" in proc.stdout  # the spelling gate ran and flagged it
    assert data["modules"] == ["symspellpy"], data  # no llama.cpp, wordfreq, codespell or lxml (research only) import
    assert data["deletes"] == 0  # no table of deletes (59 MiB)
    # MiniLM and spaCy's model are dependencies (a run without them would pass this test unchecked): the
    # on-topic gate embedded the paragraphs, and its 90 MB of weights are not resident
    assert data["minilm"] and data["minilm_resident_kib"] < 16_000, data
    assert data["pipes"] == ["tok2vec", "tagger", "parser", "attribute_ruler"] and data["excluded"] == [], data
