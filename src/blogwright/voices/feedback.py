"""Learn from a user's edits of a post blogwright wrote (what `blogwright feedback` runs).

The draft (from `--draft` or from the SQLite log, matched by the run's output_path) is diffed
against the edited post at sentence level (difflib), then at word level inside changed sentences:
sentences cut, phrases cut or replaced, sentences added, sections rewritten. Each feedback is a
line of the voice's feedback.jsonl (one per post: a second feedback on the same post replaces the
first). Edited paragraphs join the voice's corpus as a partial document, so they become exemplars
and move the fingerprint; phrases the user deleted in >= 2 posts become `avoid` rules.

Built-in voices are not changed: feedback on a post in `snarky-mentor` goes to the learned voice
`snarky-mentor-mine`, created on first use from the built-in's corpus and persona.
"""

from __future__ import annotations

import datetime as dt
import difflib
import json
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from blogwright.core.errors import BadInput
from blogwright.core.io import read_text
from blogwright.model.post import Post
from blogwright.store import Store
from blogwright.text import frontmatter
from blogwright.voices.extract import Document, Para, parse_markdown
from blogwright.voices.learn import copy_builtin, learned_names, load_corpus, load_profile, rebuild, save_voice, voice_dir
from blogwright.voices.persona import builtin_names
from blogwright.voices.score import voice_distance
from blogwright.voices.stylometry import FUNCTION_SET, key, sentences

MIN_POSTS_FOR_AVOID = 2
MAX_AVOID = 20
REWRITTEN = 0.5  # a section keeping less than half its draft sentences was rewritten
PAIR = 0.45  # a changed sentence this similar to an edited one was rephrased, not cut
EDGE = frozenset("the a an and or but".split())


@dataclass
class Diff:
    cut_sentences: list[str] = field(default_factory=list)
    cut_phrases: list[str] = field(default_factory=list)
    replaced: list[tuple[str, str]] = field(default_factory=list)
    replaced_sentences: list[tuple[str, str]] = field(default_factory=list)
    added_sentences: list[str] = field(default_factory=list)
    rewritten_sections: list[str] = field(default_factory=list)
    edited_passages: list[str] = field(default_factory=list)
    deleted: list[str] = field(default_factory=list)  # phrase keys in the draft and nowhere in the edit
    kept_share: float = 1.0

    @property
    def changed(self) -> bool:
        return bool(self.cut_sentences or self.replaced_sentences or self.added_sentences)


@dataclass
class FeedbackResult:
    voice: str
    created_from: str  # the built-in copied into `voice`, or ''
    diff: Diff
    avoid: list[str]
    new_avoid: list[str]
    exemplars_added: int
    before: float  # distance of the edited post from the voice before this feedback
    after: float  # ... and after
    draft_after: float  # distance of the original draft from the updated voice
    draft_source: str


def front_matter(text: str) -> dict:
    """The post's front matter (YAML or TOML), {} when it has none or it cannot be read."""
    return frontmatter.parse(text).data


def body(text: str) -> list[tuple[str, str]]:
    """(section label, paragraph) pairs of a post: no front matter, title, TL;DR or code."""
    out: list[tuple[str, str]] = []
    label = "intro"
    for p in parse_markdown(text):
        if p.kind == "heading":
            label = p.text if out else "intro"
        elif p.kind in ("para", "list") and not p.text.lower().lstrip("*_ ").startswith(("tl;dr", "tldr")):
            out.append((label, p.text))
    return out


def _ngrams(toks: list[str], lo: int, hi: int) -> set[str]:
    """n-grams with a content word, not starting or ending with an article or conjunction."""
    out = set()
    for n in range(lo, min(hi, len(toks)) + 1):
        for i in range(len(toks) - n + 1):
            g = toks[i:i + n]
            if g[0] not in EDGE and g[-1] not in EDGE and any(w not in FUNCTION_SET for w in g):
                out.add(" ".join(g))
    return out


def _pair(a: list[tuple[str, str]], b: list[tuple[str, str]]) -> list[tuple[int, int]]:
    """Align changed draft sentences with their rewrites, in order (similarity >= PAIR)."""
    pairs, start = [], 0
    for i, (_, s) in enumerate(a):
        best, best_j = PAIR, -1
        for j in range(start, len(b)):
            r = difflib.SequenceMatcher(None, key(s), key(b[j][1]), autojunk=False).ratio()
            if r >= best:
                best, best_j = r, j
        if best_j >= 0:
            pairs.append((i, best_j))
            start = best_j + 1
    return pairs


def _word_diff(a: str, b: str, out: Diff) -> list[str]:
    """Record phrases cut or replaced inside one rewritten sentence; return the draft-side spans."""
    wa, wb = a.split(), b.split()
    spans = []
    wm = difflib.SequenceMatcher(None, [key(w) for w in wa], [key(w) for w in wb], autojunk=False)
    for t, x1, x2, y1, y2 in wm.get_opcodes():
        if t == "delete":
            out.cut_phrases.append(" ".join(wa[x1:x2]))
        elif t == "replace":
            out.replaced.append((" ".join(wa[x1:x2]), " ".join(wb[y1:y2])))
        if t in ("delete", "replace"):
            spans.append(" ".join(wa[x1:x2]))
    return spans


def diff_posts(draft: str, edited: str) -> Diff:
    """What the user changed between the draft and the edited post (both Markdown)."""
    d_paras, e_paras = body(draft), body(edited)
    ds = [(lab, s) for lab, p in d_paras for s in sentences(p)]
    es = [(lab, s) for lab, p in e_paras for s in sentences(p)]
    out = Diff()
    kept: Counter = Counter()
    sm = difflib.SequenceMatcher(None, [key(s) for _, s in ds], [key(s) for _, s in es], autojunk=False)
    spans: list[str] = []
    for tag, i1, i2, j1, j2 in sm.get_opcodes():
        if tag == "equal":
            kept.update(lab for lab, _ in ds[i1:i2])
        elif tag == "delete":
            out.cut_sentences += [s for _, s in ds[i1:i2]]
        elif tag == "insert":
            out.added_sentences += [s for _, s in es[j1:j2]]
        else:
            pairs = _pair(ds[i1:i2], es[j1:j2])
            paired_d, paired_e = {i for i, _ in pairs}, {j for _, j in pairs}
            out.cut_sentences += [s for i, (_, s) in enumerate(ds[i1:i2]) if i not in paired_d]
            out.added_sentences += [s for j, (_, s) in enumerate(es[j1:j2]) if j not in paired_e]
            for i, j in pairs:
                a, b = ds[i1 + i][1], es[j1 + j][1]
                out.replaced_sentences.append((a, b))
                spans += _word_diff(a, b, out)
    totals = Counter(lab for lab, _ in ds)
    out.rewritten_sections = [lab for lab in totals if kept[lab] / totals[lab] < REWRITTEN]
    out.kept_share = round(sum(kept.values()) / len(ds), 3) if ds else 1.0
    draft_keys = {key(p) for _, p in d_paras}
    out.edited_passages = [p for _, p in e_paras if key(p) not in draft_keys]
    cands: set[str] = set()
    for span in spans:
        toks = key(span).split()
        if len(toks) == 1 and len(toks[0]) >= 4 and toks[0] not in FUNCTION_SET:
            cands.add(toks[0])
        cands |= _ngrams(toks, 2, 8)
    for s in out.cut_sentences:
        toks = key(s).split()
        cands |= _ngrams(toks, 3, 8) | ({" ".join(toks)} if 3 <= len(toks) <= 25 else set())
    edited_key = f" {key(' '.join(p for _, p in e_paras))} "
    out.deleted = sorted(c for c in cands if f" {c} " not in edited_key)
    return out


def avoid_rules(records: list[dict]) -> list[str]:
    """Phrases deleted in at least MIN_POSTS_FOR_AVOID posts, longest first within equal counts."""
    counts = Counter(c for r in records for c in set(r.get("deleted", [])))
    ok = {c: n for c, n in counts.items() if n >= MIN_POSTS_FOR_AVOID}
    maximal = [c for c in ok if not any(o != c and ok[o] >= ok[c] and f" {c} " in f" {o} " for o in ok)]
    return sorted(maximal, key=lambda c: (-ok[c], -len(c), c))[:MAX_AVOID]


def find_avoided(text: str, avoid: list[str]) -> list[str]:
    """Which avoid phrases occur in `text` (compared as lower-case words, punctuation ignored)."""
    k = f" {key(text)} "
    return [a for a in avoid if f" {key(a)} " in k]


def _draft_from_log(post: Path) -> tuple[str, str, dict]:
    """(draft Markdown, where it came from, run post JSON) for the run that wrote `post`."""

    store = Store()
    try:
        rows = [r for r in store.runs(1_000_000) if r.get("output_path") and r.get("post")]
    finally:
        store.close()
    target = post.expanduser().resolve()
    hits = [r for r in rows if Path(r["output_path"]).expanduser().resolve() == target]
    if not hits:  # the post was moved: accept a unique match by file name
        hits = [r for r in rows if Path(r["output_path"]).name == post.name]
        hits = hits if len(hits) == 1 else []
    if not hits:
        raise BadInput(f"cannot find the draft of {post} in the log ({store.path}): "
                       "pass the original with --draft ORIGINAL.md")
    run = hits[0]
    data = json.loads(run["post"])
    try:
        blocks = Post.model_validate(data).body_blocks()  # the same Markdown as the post file's
    except ValueError:
        raise BadInput(f"run {run['id']}'s post in the log cannot be read: pass the original with --draft ORIGINAL.md") from None
    parts = [f"# {data.get('title', '')}", *blocks]
    return "\n\n".join(p for p in parts if p.strip()), f"run {run['id']}", data


def _read(path: Path, what: str) -> str:
    if not path.expanduser().exists():
        raise BadInput(f"{what} not found: {path}")
    return read_text(path, what)  # bounded; a folder or a binary file is a BadInput


def target_voice(name: str) -> tuple[str, str]:
    """(learned voice to update, built-in it was copied from or '')."""

    if name in builtin_names():
        mine = f"{name}-mine"
        if mine not in learned_names():
            copy_builtin(name, mine)
        return mine, name
    if name in learned_names():
        return name, ""
    raise BadInput(f"voice {name!r} is not a learned voice: feedback updates voices made with "
                   "`blogwright voice learn` (or a built-in, through its '-mine' copy)")


def _records(folder: Path) -> list[dict]:
    path = folder / "feedback.jsonl"
    if not path.is_file():
        return []
    return [json.loads(ln) for ln in path.read_text(encoding="utf-8").splitlines() if ln.strip()]


def apply_feedback(post: str | Path, draft: str | Path | None = None, voice: str | None = None) -> FeedbackResult:
    """Diff the edited `post` against its draft and update the post's (learned) voice."""

    post = Path(post)
    edited = _read(post, "post")
    run_post: dict = {}
    if draft is not None:
        draft_text, source = _read(Path(draft), "draft"), str(draft)
    else:
        draft_text, source, run_post = _draft_from_log(post)
    name = voice or front_matter(edited).get("voice") or run_post.get("voice") or front_matter(draft_text).get("voice")
    if not name:
        raise BadInput(f"{post} has no `voice:` in its front matter: pass --voice NAME")
    diff = diff_posts(draft_text, edited)
    if not diff.changed:
        raise BadInput(f"no edits found: {post} says the same as its draft ({source})")
    target, created_from = target_voice(str(name))
    folder = voice_dir(target)
    old = load_profile(target)
    edited_text = "\n\n".join(p for _, p in body(edited))
    before = voice_distance(edited_text, old)

    post_id = str(post.expanduser().resolve())
    record = {"post": post_id, "draft": source, "voice": str(name),
              "at": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
              **vars(diff)}
    records = [r for r in _records(folder) if r.get("post") != post_id] + [record]
    (folder / "feedback.jsonl").write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records),
                                           encoding="utf-8")
    source_id = f"feedback:{post.name}"
    docs = [d for d in load_corpus(target) if d.source != source_id]
    if diff.edited_passages:
        docs.append(Document(source=source_id, partial=True,
                             paragraphs=[Para("para", p) for p in diff.edited_passages]))
    save_voice(old, docs)
    avoid = avoid_rules(records)
    new = rebuild(target, avoid=avoid)
    draft_body = "\n\n".join(p for _, p in body(draft_text))
    return FeedbackResult(
        voice=target, created_from=created_from, diff=diff, avoid=avoid,
        new_avoid=[a for a in avoid if a not in old.avoid],
        exemplars_added=sum(1 for e in new.exemplars if e.source == source_id),
        before=before, after=voice_distance(edited_text, new),
        draft_after=voice_distance(draft_body, new) if draft_body.strip() else float("nan"),
        draft_source=source)
