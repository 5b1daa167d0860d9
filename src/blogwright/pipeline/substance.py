"""Repair, not only report: every sentence of the intro, the sections and the conclusion that fails a
substance check (an invented term, a fabricated expansion, a contradicted note, a redefined key
term, meta-talk about the text) is regenerated once with the problem named in one short instruction,
and cut when the new sentence still fails; on a weak model (the bundled 135M) it is cut at once
(`fix_calls`), unless a certain mend fixes it (`respell`). Meta-talk ("As a snarky mentor, I will write...", "Here's a
2-sentence summary: ...") is not regenerated: what follows its preamble is kept when it passes
(`salvage_meta`), else the sentence is cut. What was repaired and cut goes into the post's report.

`sentence_problems` is the one door to the substance gates of checks/ (`checks.substance`): every
substance check on one sentence, blocking findings only. The plan's definitions are given to the
checks as what the post said first, so a draft that redefines a key term is the one repaired.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from blogwright import prompts
from blogwright.backends.base import GenParams
from blogwright.checks import CheckContext, Finding, GateConfig
from blogwright.checks.substance import sentence_problems as gate_sentence_problems
from blogwright.pipeline.clean import clean_prose, is_fragment, split_sentences
from blogwright.pipeline.context import RunContext, stage
from blogwright.pipeline.definitions import definition_lines
from blogwright.text.tokens import GLOSSARY, content_words, expand_terms, normalize

MAX_REPAIRS_PER_PART = 4


_CHECKED: dict[tuple[str, int, int], list[Finding]] = {}
CHECKED_MAX = 4096


def fingerprint(ctx: CheckContext | None) -> int:
    """A hash of every field of the context, read now (a context changed later gets another one). Not
    `hash(repr(ctx))`: that copied a research post's sources text (~0.6 ms for 200 KB) for every sentence
    streamed; a string's hash is computed once and kept by Python, so this costs the same for any length
    (a key holding the context itself would keep a copy of its sources per sentence)."""
    if ctx is None:
        return 0
    try:
        return hash(tuple(tuple(v.items()) if isinstance(v, dict) else tuple(v) if isinstance(v, list) else v
                          for v in vars(ctx).values()))
    except TypeError:  # a field holding something unhashable (not one of CheckContext's own)
        return hash(repr(ctx))


def sentence_problems(sentence: str, ctx: CheckContext | None, post_text: str = "",
                      config: GateConfig | None = None) -> list[Finding]:
    """The blocking substance problems of one sentence ([] when it passes). Gates the user made
    advisory (or skipped) in `config` do not make the pipeline rewrite or cut anything. A sentence
    checked on its own (no `post_text`) is checked once per context and config: the draft's stream
    watch (`draft.Derailed`), its respelling (`respell_text`) and the TL;DR's `passing` asked the same
    question of every streamed sentence."""
    key = (sentence, fingerprint(ctx), hash(repr(config))) if not post_text else None
    if key is not None and key in _CHECKED:
        return list(_CHECKED[key])
    found = [f for f in gate_sentence_problems(sentence, ctx, post_text, config) if f.severity == "error"]
    if key is not None:
        if len(_CHECKED) >= CHECKED_MAX:
            _CHECKED.clear()
        _CHECKED[key] = found
    return list(found)


@dataclass
class Repairs:
    """What the substance pass did to a post: one entry per repaired or cut sentence."""

    repaired: list[dict] = field(default_factory=list)
    cut: list[dict] = field(default_factory=list)

    def to_dict(self) -> dict:
        return {"repaired": self.repaired, "cut": self.cut}


def is_meta(finding: Finding) -> bool:
    """Meta-talk and talk to the requester: nothing to regenerate (cut, or keep what follows a preamble)."""
    return "meta" in finding.gate or finding.gate == "civility" or finding.message.lower().startswith("meta")


def fix_phrase(finding: Finding, definitions: dict[str, str] | None = None) -> str:
    """The problem as one short clause a small model can act on ("without the made-up term 'LIMPAC'",
    "keeping to this fact: WAL mode lets readers work while one writer writes")."""
    message = finding.message.split(" in “", 1)[0]
    quoted = re.search(r"“([^”]{3,120})”|'([^']{1,80})'", message)
    span = (quoted.group(1) or quoted.group(2)) if quoted else ""
    suggestion = (finding.suggestion or "").strip().rstrip(".")
    if finding.gate == "contradictions" and span:
        return f"keeping to this fact: {span}"
    right = re.search(r"\(the brief writes '([^']{1,80})'\)", message)
    if finding.gate == "terms" and span and right:  # a mangled key term: say the right spelling
        return f"writing {right.group(1)!r}, not {span!r}"
    if finding.gate == "terms" and span:
        return f"without the made-up term {span!r}"
    if finding.gate == "expansions":
        if suggestion.startswith("use "):
            return f"writing it as {suggestion[4:]}"
        if suggestion.startswith("drop "):
            return suggestion
        return f"without the made-up expansion {span!r}" if span else "without spelling out any acronym"
    if finding.gate == "redefinition":
        term = re.match(r"redefines '([^']+)'", message)
        known = {t.lower(): (t, d) for t, d in (definitions or {}).items()}
        if term and term.group(1).lower() in known:
            name, meaning = known[term.group(1).lower()]
            return f"using this meaning of {name}: {meaning}"
        return "using only the meaning given above"
    if suggestion and len(suggestion.split()) <= 14:
        return suggestion[0].lower() + suggestion[1:]
    return f"without the {message.split(': ', 1)[0]}"


INTERJECTION = re.compile(r"^\W*(?:sure|certainly|of course|absolutely|okay|ok|alright|great)\s*[!,.]+\s*", re.I)


def salvage_meta(sentence: str, cctx: CheckContext | None, post_text: str = "",
                 config: GateConfig | None = None) -> str:
    """What is left of a meta-talk sentence once its preamble is dropped ("Here's a 2-sentence
    summary: caching saves repeated work." -> "Caching saves repeated work."; 'Sure, "LLM Ops is ..."'
    -> "LLM Ops is ..."), or '' when nothing that passes every check is left."""
    rest = INTERJECTION.sub("", sentence, count=1)
    head, colon, tail = rest.partition(":")
    if colon and len(head) <= 160:
        rest = tail
    rest = rest.strip().strip("\"“”'").strip()
    if rest and rest[-1] not in ".!?":
        rest += "."
    rest = rest[:1].upper() + rest[1:]
    if len(rest.split()) < 4 or normalize(rest) == normalize(sentence) or is_fragment(rest):
        return ""
    return "" if sentence_problems(rest, cctx, post_text, config) else rest


MANGLED = re.compile(r"mangled key term: '([^']{1,80})' \(the brief writes '([^']{1,80})'\)")
INVENTED = re.compile(r"invented or unknown term: '([^']{1,80})'")


def topic_expansions(topic: str) -> list[tuple[str, str]]:
    """(the term as the topic writes it, the first words of its glossary expansion) for each acronym of the
    topic ("LLM Ops vs ML Ops" -> ("LLM Ops", "running large language"), ("ML Ops", "running machine
    learning")): what a made-up term's parenthesis says it stands for."""
    out: list[tuple[str, str]] = []
    spans: list[tuple[int, int]] = []
    for key in sorted(GLOSSARY, key=len, reverse=True):  # "ML Ops" first: the "ML" in it is no term of its own
        m = re.search(rf"(?<![\w(]){re.escape(key)}(?![\w)])", topic, re.IGNORECASE)
        if m and not any(a <= m.start() and m.end() <= b for a, b in spans):
            spans.append(m.span())
            out.append((m.group(0), " ".join(GLOSSARY[key][len(key):].strip(" ()").split()[:3])))
    return out


def named_by_expansion(sentence: str, problems: list[Finding], topic: str) -> str:
    """`sentence` with each made-up term that stands right before the expansion of one of the topic's
    terms written as that term ("LIMPLEXOUS (running large language models in production) has ..." ->
    "LLM Ops (running large language models in production) has ..."), when that is every problem; else ''.
    The parenthesis says which term the model meant; the bundled model, asked to fix the term, gave the
    sentence back unchanged (issue 28)."""
    found = [INVENTED.match(f.message) for f in problems]
    if not found or not all(found):
        return ""
    keys = topic_expansions(topic)
    out = sentence
    for m in found:
        wrong = m.group(1)  # type: ignore[union-attr]
        right = [t for t, words in keys if re.search(re.escape(wrong) + r"\s*\(\s*" + re.escape(words), sentence, re.I)]
        if len(right) != 1:
            return ""
        out = out.replace(wrong, right[0])
    return out


def respell(sentence: str, problems: list[Finding], cctx: CheckContext | None, post_text: str = "",
            config: GateConfig | None = None) -> str:
    """`sentence` with each mangled key term written as the brief spells it ("Lambda Ops is the
    practice of ..." -> "LLM Ops is the practice of ..."), when mangled key terms are all its problems
    (or made-up terms the expansion after them names: `named_by_expansion`) and the respelled sentence
    passes every check; else ''. What the fix call is asked to do, without a model call (issue 28: the
    bundled model often gave the mangled sentence back unchanged)."""
    found = [MANGLED.match(f.message) for f in problems]
    if not found or not all(found):
        named = named_by_expansion(sentence, problems, cctx.topic) if cctx is not None else ""
        return named if named and not sentence_problems(named, cctx, post_text, config) else ""
    out = sentence
    for m in found:
        wrong, right = m.group(1), m.group(2)  # type: ignore[union-attr]
        # "LAMOPS (running machine learning models in production)": the model's own expansion may be another
        # term's, and the checks do not know which term it meant (the fix call's job); the right term's own
        # expansion ("LIMIT-OPS (running large language models in production)") is respelled
        if re.search(re.escape(wrong) + r"\s*\(", sentence) and \
                not re.search(re.escape(wrong) + r"\s*" + re.escape(expand_terms(right)[len(right):].strip()), sentence):
            return ""
        out = out.replace(wrong, right)
    return out if out != sentence and not sentence_problems(out, cctx, post_text, config) else ""


def respell_text(text: str, cctx: CheckContext | None, config: GateConfig | None = None) -> str:
    """`text` with every sentence whose only problem is a mangled key term respelled (`respell`), in place,
    so the draft's own steps (labels, on-topic) see the term the brief spells ("LIMITED OPS: the practice
    of ..." lost its label and then its paragraph; issue 28)."""
    for sentence in split_sentences(text):
        problems = sentence_problems(sentence, cctx, "", config)
        new = respell(sentence, problems, cctx, "", config) if problems else ""
        if new:
            text = text.replace(sentence, new)
    return text


def _protected(sentence: str, keep: list[str]) -> bool:
    """The user's own notes and the voice's canned lines are never rewritten or cut."""
    key = normalize(sentence)
    return any(k and (key == k or key.startswith(k) or k.startswith(key)) for k in map(normalize, keep))


def regenerate(ctx: RunContext, cctx: CheckContext, sentence: str, finding: Finding, post_text: str,
               definitions: dict[str, str], key: tuple, instruction: str = "") -> str:
    """One new sentence for `sentence` with the problem named, or '' when the new one fails too."""
    relevant = {t: d for t, d in definitions.items() if t.lower() in sentence.lower()} or definitions
    prompt = prompts.render("fix", audience=ctx.brief.audience, fix=fix_phrase(finding, definitions),
                            sentence=sentence, definitions=definition_lines(relevant), instruction=instruction)
    params = GenParams(max_tokens=60, temperature=0.3, seed=ctx.call_seed("fix", *key), repeat_penalty=1.15)
    text = clean_prose(ctx.call("review", prompt, params).text)
    for candidate in split_sentences(text)[:2]:
        if is_fragment(candidate) or normalize(candidate) == normalize(sentence):
            continue
        if not set(content_words(candidate)) & set(content_words(sentence + " " + ctx.brief.topic)):
            continue
        if not sentence_problems(candidate, cctx, post_text, ctx.gates):
            return candidate
    return ""


def fix_calls(ctx: RunContext) -> bool:
    """Whether a failing sentence is worth a fix call, or is cut at once: not on a weak model (the bundled
    135M), whose fix reached the post for 16 of 179 generated tokens over 4 posts (`bench.waste`, issue 28);
    it mostly gave the sentence back unchanged or with another made-up term. The certain mends (a key term
    respelled, a meta-talk preamble dropped) still run."""
    return not getattr(ctx.backend, "weak", False)


@stage("repair")
def repair_text(ctx: RunContext, cctx: CheckContext, text: str, label: str, definitions: dict[str, str],
                repairs: Repairs, before: str = "", keep: list[str] | None = None, instruction: str = "") -> str:
    """`text` (paragraphs split by blank lines) with every failing sentence regenerated or cut.
    `before` is the post so far (for checks that compare with what the post said earlier);
    `instruction` is the user's, when they regenerate a section with one."""
    keep = [*(keep or []), *ctx.brief.notes]
    said = before
    budget = MAX_REPAIRS_PER_PART
    paragraphs = []
    for p_i, para in enumerate(text.split("\n\n")):
        kept: list[str] = []
        for s_i, sentence in enumerate(split_sentences(para)):
            problems = [] if _protected(sentence, keep) else sentence_problems(sentence, cctx, said, ctx.gates)
            if problems:
                finding = problems[0]
                entry = {"part": label, "sentence": sentence, "problem": finding.message}
                respelled = "" if is_meta(finding) else respell(sentence, problems, cctx, said, ctx.gates)
                if is_meta(finding):  # nothing to regenerate: keep what follows a preamble, if anything
                    new = salvage_meta(sentence, cctx, said, ctx.gates)
                else:
                    new = respelled or ("" if budget <= 0 or not fix_calls(ctx) else
                                        regenerate(ctx, cctx, sentence, finding, said, definitions, (label, p_i, s_i),
                                                   instruction))
                budget -= 0 if is_meta(finding) or respelled else 1
                if new:
                    repairs.repaired.append({**entry, "new": new})
                    ctx.note("review", f"{label}: rewrote a sentence ({_short(finding.message)})")
                    sentence = new
                else:
                    repairs.cut.append(entry)
                    ctx.note("review", f"{label}: cut a sentence ({_short(finding.message)})")
                    continue
            kept.append(sentence)
            said = f"{said}\n{sentence}" if said else sentence
        if kept:
            paragraphs.append(" ".join(kept))
    return "\n\n".join(paragraphs)


def _short(message: str, n: int = 80) -> str:
    message = message.split(" in “", 1)[0]
    return message if len(message) <= n else message[: n - 1] + "…"


def passing(sentences: list[str], cctx: CheckContext, post_text: str = "", config: GateConfig | None = None
            ) -> list[str]:
    """The sentences that pass every substance check (for the TL;DR and the meta description); a
    meta-talk preamble is dropped and what follows it kept when that passes (`salvage_meta`)."""
    out = []
    for s in sentences:
        problems = sentence_problems(s, cctx, post_text, config)
        if not problems:
            out.append(s)
        elif all(is_meta(p) for p in problems) and (rest := salvage_meta(s, cctx, post_text, config)):
            out.append(rest)
    return out

