"""Calibration of the grounding thresholds on the fixture set (not a test; run it by hand).

    .venv/bin/python tests/grounding/calibrate.py

Prints, for every labelled sentence of data/posts.yaml, the best evidence score, cosine and
lexical share, and for every note its best lexical share and cosine against the post, so the
thresholds in claims.py and coverage.py can be checked against the separation they give.
"""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path

import yaml

HERE = Path(__file__).parent
sys.path.insert(0, str(HERE))

from blogwright.grounding import PassageIndex, check_claims, coverage, extract_claims, load_notes, load_sources  # noqa: E402
from conftest import DATA, make_pdf  # noqa: E402


def main() -> None:
    post = yaml.safe_load((DATA / "posts.yaml").read_text(encoding="utf-8"))
    tmp = Path(tempfile.mkdtemp())
    cdn = (DATA / "cdn.txt").read_text(encoding="utf-8").split("\n\n")
    (tmp / "cdn.pdf").write_bytes(make_pdf(cdn[1:], title=cdn[0].strip()))
    loaded = load_sources([str(DATA / "cache-control.md"), str(DATA / "validation.html"), str(tmp / "cdn.pdf")])
    notes = load_notes(DATA / "notes.md").notes
    index = PassageIndex.build(loaded.sources, cache_dir=tmp / "index")
    rows = {"supported": [], "unsupported": [], "invented": []}
    sections = []
    for sec in post["sections"]:
        text = " ".join(s for _, s in sec["sentences"])
        sections.append((sec["heading"], text))
        labels = {s: lab for lab, s in sec["sentences"]}
        claims = extract_claims(text, sec["heading"])
        for v in check_claims(claims, notes, index, known=[post["topic"]]):
            want = labels.get(v.sentence, "none")
            rows.setdefault(want, []).append(v)
            mark = "ok " if want == v.status else "BAD"
            print(f"{mark} {want:11} -> {v.status:11} score={v.score:.3f} cos={v.similarity:.3f} "
                  f"lex={v.lexical:.3f} {v.invented_terms or ''} | {v.sentence[:70]}")
    for label, vs in rows.items():
        if vs:
            print(f"{label:11} n={len(vs):2} score {min(v.score for v in vs):.3f}..{max(v.score for v in vs):.3f}"
                  f"  cos {min(v.similarity for v in vs):.3f}..{max(v.similarity for v in vs):.3f}")
    print()
    for c in coverage(notes, sections):
        print(f"{'covered' if c.covered else 'dropped':8} lex={c.lexical:.2f} cos={c.similarity:.3f} "
              f"where={c.where!r:28} | {c.note[:60]}")


if __name__ == "__main__":
    main()
