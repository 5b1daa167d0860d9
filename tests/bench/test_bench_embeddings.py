"""bench.embeddings: its sentences, and the committed reference made from bench/embedding_texts.py."""

import json

from bench.embedding_texts import PAIRS
from bench.embeddings import REFERENCE, sentences, write_results


def test_sentences_are_distinct_and_plentiful():
    got = sentences(1000)
    assert len(got) == len(set(got)) == 1000
    assert all(len(s.split()) >= 4 for s in got)


def test_the_reference_holds_the_pairs_of_embedding_texts():
    ref = json.loads(REFERENCE.read_text(encoding="utf-8"))
    assert [(p["a"], p["b"]) for p in ref["pairs"]] == PAIRS
    assert len(PAIRS) >= 40 and all(-1.0 <= p["similarity"] <= 1.0001 for p in ref["pairs"])


def test_results_are_written_as_json_and_markdown(tmp_path):
    row = {"import_s": 0.02, "load_s": 0.3, "first_embedding_s": 0.05, "start_to_first_vector_s": 0.4,
           "start_cpu_s": 0.3, "batch_s": 10.0, "sentences_per_s": 100.0, "sentences_per_cpu_s": 120.0,
           "peak_rss_mb": 180.0, "torch_imported": False}
    data = {"command": "python -m bench.embeddings", "date": "today", "runs": 1, "sentences": 1000,
            "machine": {"cores": 2, "cpu_model": "cpu", "code": "abc"}, "numpy": row,
            "accuracy": {"pairs": 48, "reference": "tests/data/embedding_pairs.json", "reference_made_with": {},
                         "max_abs_similarity_diff": 1e-6}}
    write_results(tmp_path, data)
    md = (tmp_path / "embeddings.md").read_text(encoding="utf-8")
    assert "| sentences/s | 100 |" in md and "(bar: 1e-3)" in md
    assert json.loads((tmp_path / "embeddings.json").read_text(encoding="utf-8"))["numpy"]["load_s"] == 0.3
