"""Working on a written post: load it from the log, edit or regenerate a part, revert, check each
part, save, and feed the edits back to a learned voice. Front ends (the web page) call these.

Parts are named as `model.post` names them (`INTRO`, `section_part(i)`, `CONCLUSION`). Every version
after the first draft is kept in the log's `edits` table, so any change can be reverted."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from blogwright.checks import CheckContext, GateConfig, check_section
from blogwright.core.errors import BadInput
from blogwright.core.io import read_text, save_new
from blogwright.core.paths import data_dir
from blogwright.model.brief import Brief
from blogwright.model.post import CONCLUSION, INTRO, Post, parts_of, section_index
from blogwright.model.report import gate_label
from blogwright.render import post_words, render, to_markdown, write_post_file
from blogwright.store import Store
from blogwright.text.slug import slugify
from blogwright.voices.feedback import apply_feedback
from blogwright.voices.learn import learned_names, load_profile
from blogwright.voices.score import gaps, judge_post

MAX_PART_CHARS = 20_000


@dataclass
class StoredPost:
    run: dict
    post: Post
    brief: Brief
    history: dict[str, list[dict]] = field(default_factory=dict)  # part -> versions, oldest first


def require_section(post: Post, part: str) -> int:
    """The index of the section `part` names; BadInput when it names no section of this post."""
    index = section_index(part)
    if index is None or index >= len(post.sections):
        names = [name for name, _, _ in parts_of(post)]
        raise BadInput(f"no part {part!r} in this post: use {', '.join(names)}")
    return index


def get_text(post: Post, part: str) -> str:
    if part == INTRO:
        return post.intro
    if part == CONCLUSION:
        return post.conclusion
    return post.sections[require_section(post, part)].text


def set_text(post: Post, part: str, text: str) -> None:
    if part == INTRO:
        post.intro = text
    elif part == CONCLUSION:
        post.conclusion = text
    else:
        post.sections[require_section(post, part)].text = text


def load(store: Store, run_id: str) -> StoredPost:
    run = store.run(run_id)
    if run is None or run["id"] != run_id:
        raise BadInput(f"no run {run_id!r} in the log")
    if not run.get("post"):
        raise BadInput(f"run {run_id} has no post yet (status: {run['status']})")
    post = Post.model_validate(json.loads(run["post"]))
    brief = Brief.model_validate(json.loads(run["brief"]))
    history: dict[str, list[dict]] = {}
    for e in store.edits(run_id):
        history.setdefault(e["part"], []).append(e)
    return StoredPost(run=run, post=post, brief=brief, history=history)


def clean_text(text: str) -> str:
    """An edit as stored: normalised line ends, paragraphs separated by one blank line."""
    if len(text) > MAX_PART_CHARS:
        raise BadInput(f"that text is {len(text):,} characters; a part holds at most {MAX_PART_CHARS:,}")
    paras = [re.sub(r"[ \t]+", " ", p).strip() for p in re.split(r"\n\s*\n", text.replace("\r\n", "\n"))]
    cleaned = "\n\n".join(p for p in paras if p)
    if not cleaned:
        raise BadInput("the text is empty: write something, or revert to the previous version")
    return cleaned


def save_part(store: Store, run_id: str, part: str, text: str, origin: str = "edit",
              instruction: str | None = None) -> StoredPost:
    """Replace a part's text (origin: edit | regenerate) and keep the old version for revert."""
    sp = load(store, run_id)
    old = get_text(sp.post, part)
    new = clean_text(text)
    if new == old:
        return sp
    if not sp.history.get(part):
        store.add_edit(run_id, part, old, "draft")
    set_text(sp.post, part, new)
    store.add_edit(run_id, part, new, origin, instruction)
    store.update_post(run_id, sp.post.model_dump(mode="json"), post_words(sp.post))
    return load(store, run_id)


META_FIELDS = ("title", "summary", "tags", "description", "slug", "date")
MAX_META_CHARS = 2_000


def save_meta(store: Store, run_id: str, fields: dict[str, Any]) -> StoredPost:
    """Change the post's front matter: title, TL;DR (`summary`), tags (a list or "a, b"), description,
    slug and date (YYYY-MM-DD). Only the fields given change; each is checked, and a bad one is a
    `BadInput` that changes nothing."""
    sp = load(store, run_id)
    post = sp.post.model_copy(deep=True)
    unknown = sorted(set(fields) - set(META_FIELDS))
    if unknown:
        raise BadInput(f"unknown front matter field(s) {', '.join(unknown)}: use {', '.join(META_FIELDS)}")
    for name, value in fields.items():
        if name == "tags":
            items = value if isinstance(value, list) else str(value).split(",")
            tags = [" ".join(str(t).split()).lower() for t in items if str(t).strip()]
            if any(len(t) > 60 for t in tags) or len(tags) > 20:
                raise BadInput("tags: at most 20, each under 60 characters")
            post.tags = list(dict.fromkeys(tags))
            continue
        text = " ".join(str(value or "").split())
        if len(text) > MAX_META_CHARS:
            raise BadInput(f"{name} is {len(text):,} characters; keep it under {MAX_META_CHARS:,}")
        if name == "title":
            if not text:
                raise BadInput("the title cannot be empty")
            post.title = text
        elif name == "slug":
            post.slug = slugify(text or post.title)
        elif name == "date":
            try:
                post.date = dt.date.fromisoformat(text)
            except ValueError:
                raise BadInput(f"date {text!r} is not YYYY-MM-DD") from None
        else:
            setattr(post, name, text)
    store.update_post(run_id, post.model_dump(mode="json"), post_words(post))
    return load(store, run_id)


def revert_part(store: Store, run_id: str, part: str) -> StoredPost:
    """Back to the version before the last change of `part`."""
    sp = load(store, run_id)
    get_text(sp.post, part)  # validates the part name
    versions = sp.history.get(part, [])
    if len(versions) < 2:
        raise BadInput(f"{part} has no earlier version to revert to")
    store.delete_edit(versions[-1]["id"])
    set_text(sp.post, part, versions[-2]["text"])
    if len(versions) == 2:
        store.delete_edit(versions[0]["id"])  # back at the draft: no history left
    store.update_post(run_id, sp.post.model_dump(mode="json"), post_words(sp.post))
    return load(store, run_id)


def original(sp: StoredPost) -> Post:
    """The post as the pipeline wrote it, before any edit."""
    post = sp.post.model_copy(deep=True)
    for part, versions in sp.history.items():
        if versions:
            set_text(post, part, versions[0]["text"])
    return post


_REPORTS: dict[str, dict] = {}  # report by (brief, part text): pages are redrawn after every edit
_REPORTS_MAX = 512


def checked_brief(sp: StoredPost) -> Brief:
    """The brief the parts are checked against: the user's answers to the interview are notes too."""
    answers = list(sp.post.report.interview_notes) if sp.post.report else []
    return sp.brief.model_copy(update={"notes": [*sp.brief.notes, *answers]}) if answers else sp.brief


def check_context(sp: StoredPost) -> CheckContext:
    return context_for(checked_brief(sp), {s.heading: s.point for s in sp.post.sections})


def context_for(brief: Brief, points: dict[str, str]) -> CheckContext:
    cctx = CheckContext.from_brief(brief)
    cctx.headings_points = dict(points)
    return cctx


def part_reports(sp: StoredPost, config: GateConfig | None = None) -> dict[str, dict]:
    """Each part's gate verdict and, when the voice has a profile, its voice score."""
    config = config or GateConfig.load()
    return {part: part_report(sp, heading, text, config) for part, heading, text in parts_of(sp.post)}


def part_report(sp: StoredPost, heading: str, text: str, config: GateConfig) -> dict:
    """One part's (or a proposed version's) gate verdict, findings and voice score; cached."""
    return section_report(checked_brief(sp), {s.heading: s.point for s in sp.post.sections}, heading, text, config,
                          tuple(sp.post.unverified))


def section_report(brief: Brief, points: dict[str, str], heading: str, text: str, config: GateConfig,
                   unverified: tuple[str, ...] = ()) -> dict:
    """The report of one part's text against a brief and the planned headings (a post being written
    has no StoredPost yet): {passed, failed, blocking_failed, gates, paragraphs, voice}; cached.

    `gates`: [{name, passed, blocking, status: ok|bad|warn, findings: [{message, sentence}] (3 at most), more}].
    `paragraphs`: the text as the page shows it, each paragraph a list of pieces {text, level, note}, where
    `level` is "bad" (a failing blocking gate names that sentence), "warn" (an advisory one) or "".
    `unverified`: the post's claims no note or source backs (front matter `check_claims`): those in
    this part fail the `facts` gate here and are highlighted."""
    key = hashlib.sha256(repr((brief.model_dump_json(), sorted(points.items()), heading, text,
                               config.model_dump_json(), unverified)).encode()).hexdigest()
    if key not in _REPORTS:
        if len(_REPORTS) >= _REPORTS_MAX:
            _REPORTS.clear()
        _REPORTS[key] = _part_report(text, heading, context_for(brief, points), config, _profile(brief.voice),
                                     unverified)
    return _REPORTS[key]


def _unverified_gate(text: str, unverified: tuple[str, ...], config: GateConfig) -> dict | None:
    """The `facts` gate of one part: the post's unverified claims that are in its text."""
    squashed = " ".join(text.split())
    hits = [s for s in unverified if s and " ".join(s.split()) in squashed]
    if not hits:
        return None
    blocking = config.is_blocking("facts")
    return {"name": "facts", "label": gate_label("facts"), "passed": False, "blocking": blocking, "status": "bad" if blocking else "warn",
            "findings": [{"message": f"unverified claim: no note or source backs “{s}” (check it, then delete its "
                                     "entry under check_claims in the front matter)", "sentence": s} for s in hits[:3]],
            "more": max(0, len(hits) - 3), "sentences": hits}


def _part_report(text: str, heading: str, cctx: CheckContext, config: GateConfig, profile: Any,
                 unverified: tuple[str, ...] = ()) -> dict:
    report = check_section(text, heading, cctx, config)
    gates, flagged = [], []
    for g in report.gates.values():
        shown = [f for f in g.findings if f.severity != "info"] or g.findings
        status = "ok" if g.passed and not any(f.severity != "info" for f in g.findings) else \
            ("bad" if g.blocking and not g.passed else "warn")
        gates.append({"name": g.name, "label": gate_label(g.name), "passed": g.passed, "blocking": g.blocking, "status": status,
                      "findings": [{"message": f.message + (f" (try: {f.suggestion})" if f.suggestion else ""),
                                    "sentence": getattr(f, "sentence", "")} for f in shown[:3]],
                      "more": max(0, len(shown) - 3)})
        if status != "ok":
            flagged += [(sentence, "bad" if status == "bad" else "warn", f"{gate_label(g.name)}: {f.message}")
                        for f in shown if (sentence := getattr(f, "sentence", ""))]
    blocking_failed = [g.name for g in report.gates.values() if g.blocking and not g.passed]
    passed, failed = report.passed, list(report.failed)
    facts = _unverified_gate(text, unverified, config)
    if facts is not None:
        flagged += [(s, facts["status"], f"{facts['label']}: no note or source backs it") for s in facts.pop("sentences")]
        gates.append(facts)
        failed.append("facts")
        if facts["blocking"]:
            blocking_failed.append("facts")
            passed = False
    result: dict[str, Any] = {"passed": passed, "failed": failed, "blocking_failed": blocking_failed,
                              "gates": gates, "paragraphs": mark_sentences(text, flagged), "voice": None}
    if profile is not None and len(text.split()) >= 20:  # where this part differs most; the verdict is the post's
        result["voice"] = {"gaps": gaps(text, profile, n=2)}
    return result


def post_voice(sp: StoredPost, config: GateConfig | None = None) -> dict | None:
    """The voice verdict on the whole post as it is now (`voices.score.judge_post`, the one `check` and
    `voice score` give on its file) and every trait learned of the voice; None without a voice profile."""
    profile = _profile(sp.post.voice)
    if profile is None:
        return None
    config = config or GateConfig.load()
    try:
        v = judge_post(render(sp.post, "md"), profile, float(config.min_voice_percentile))
    except BadInput:  # no prose yet
        return None
    return {**v.to_dict(), "traits": [t for t in profile.description.rstrip(".").split("; ") if t]}


_LIST_MARK = re.compile(r"^\s*(?:[-*+•]|\d{1,3}[.)])\s+")


def mark_sentences(text: str, flagged: list[tuple[str, str, str]]) -> list[list[dict]]:
    """`text` split into paragraphs (as the page draws them), each a list of pieces {text, level, note}:
    the sentences in `flagged` ((sentence, level, note), level "bad" or "warn") are pieces of their own,
    found whatever the white space; overlapping ones become one piece with the worse level. Plain data:
    the page escapes every piece (Jinja autoescape, or textContent)."""
    out = []
    for para in (p.strip() for p in re.split(r"\n\s*\n", text)):
        if not para:
            continue
        spans = []
        for sentence, level, note in flagged:
            for candidate in dict.fromkeys((sentence, _LIST_MARK.sub("", sentence))):
                words = candidate.split()
                if not words:
                    continue
                found = [(m.start(), m.end(), level, note)
                         for m in re.finditer(r"\s+".join(re.escape(w) for w in words), para)]
                if found:
                    spans += found
                    break
        merged: list[list] = []
        for start, end, level, note in sorted(spans):
            if merged and start < merged[-1][1]:
                last = merged[-1]
                last[1] = max(last[1], end)
                last[2] = "bad" if "bad" in (last[2], level) else level
                last[3] = last[3] if note in last[3] else f"{last[3]}\n{note}"
            else:
                merged.append([start, end, level, note])
        pieces, at = [], 0
        for start, end, level, note in merged:
            if start > at:
                pieces.append({"text": para[at:start], "level": "", "note": ""})
            pieces.append({"text": para[start:end], "level": level, "note": note})
            at = end
        if at < len(para):
            pieces.append({"text": para[at:], "level": "", "note": ""})
        out.append(pieces)
    return out


def _profile(voice: str) -> Any:
    try:
        return load_profile(voice)
    except BadInput:
        return None


def save_file(store: Store, run_id: str, out_dir: str | Path) -> Path:
    """Write the current version as Markdown (never over an existing file) and remember where."""
    sp = load(store, run_id)
    text = render(sp.post, "md")
    saved = Path(str(sp.run.get("output_path") or "")).expanduser()
    if sp.run.get("output_path") and saved.suffix == ".md" and saved.is_file():
        on_disk = read_text(saved, "post")
        if on_disk == text:
            return saved  # already saved as it is: no `-2` copy beside it
        if sp.run.get("saved") == hashlib.sha256(on_disk.encode("utf-8")).hexdigest():  # ours, unchanged since
            path = save_new(saved.parent, saved.name, text, what="post", replace=saved)
            store.set_output(run_id, str(path), text)
            return path
    path = write_post_file(sp.post, out_dir, "md", draft=not sp.post.complete)
    store.set_output(run_id, str(path), text)
    return path


def is_learned(voice: str) -> bool:
    return voice in learned_names()


def feed_voice(store: Store, run_id: str, saved: Path) -> Any:
    """When the post's voice is a learned one and the post was edited, teach the voice from the edits
    (`blogwright feedback` on the saved file against the first draft). None otherwise."""
    sp = load(store, run_id)
    if not is_learned(sp.post.voice) or not any(len(v) > 1 for v in sp.history.values()):
        return None
    drafts = data_dir() / "web" / "drafts"
    drafts.mkdir(parents=True, exist_ok=True)
    draft = drafts / f"{run_id}.md"
    draft.write_text(to_markdown(original(sp)), encoding="utf-8")
    return apply_feedback(saved, draft=draft, voice=sp.post.voice)
