"""Learned voices on disk, built-in voice corpora, and `learn_voice` (what `blogwright voice learn` runs).

Layout: `data_dir()/voices/NAME/` holds `profile.json`, `corpus.json` (the extracted prose, so the
profile can be rebuilt and scored against) and `feedback.jsonl`.
Built-in profiles are computed on demand from the corpora shipped in `voices/corpora/NAME/*.md`
(a few milliseconds) and cached in memory by corpus hash.

Minimum corpus: 300 words of prose. At ~15 words a sentence that is ~20 sentences, enough for the
mean sentence length to be within ~2 words and for the commonest function words to be counted
more than a few times; below it the fingerprint is mostly noise. Stylometry needs far more for
attribution (Delta steadies around 1,500-2,500 words), so under 1,500 words learning succeeds
with a warning.
"""

from __future__ import annotations

import functools
import hashlib
import json
import re
import shutil
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path

from blogwright.core.errors import BadInput
from blogwright.core.io import save_cache
from blogwright.core.paths import data_dir
from blogwright.voices.extract import Document, parse_markdown, read_corpus
from blogwright.voices.persona import builtin_names
from blogwright.voices.profile import EXEMPLAR_WORDS, PROFILE_VERSION, Profile, build_profile

MIN_WORDS = 300
GOOD_WORDS = 1500
NAME = re.compile(r"^[a-z0-9][a-z0-9-]{0,39}$")


@dataclass
class LearnResult:
    profile: Profile
    notes: list[str] = field(default_factory=list)  # files skipped
    warnings: list[str] = field(default_factory=list)


def voices_dir() -> Path:
    return data_dir() / "voices"


def voice_dir(name: str) -> Path:
    return voices_dir() / name


def builtin_corpus_names() -> list[str]:
    root = resources.files(__package__).joinpath("corpora")
    return sorted(p.name for p in root.iterdir() if p.is_dir()) if root.is_dir() else []


def learned_names() -> list[str]:
    root = voices_dir()
    if not root.is_dir():
        return []
    return sorted(p.name for p in root.iterdir() if NAME.match(p.name) and (p / "profile.json").is_file())


def check_name(name: str) -> None:

    if not NAME.match(name):
        raise BadInput(f"bad voice name {name!r}: use lower-case letters, digits and dashes (e.g. my-voice), "
                       "at most 40 characters")
    if name in builtin_names():
        raise BadInput(f"{name!r} is a built-in voice: choose another name, e.g. {name}-mine")


def _corpus_files(name: str) -> list[tuple[str, str]]:
    """(file name, text) of a built-in voice's corpus, in order."""
    root = resources.files(__package__).joinpath("corpora", name)
    if not root.is_dir():
        raise BadInput(f"no corpus for built-in voice {name!r}")
    files = sorted((p for p in root.iterdir() if p.name.endswith(".md")), key=lambda p: p.name)
    return [(p.name, p.read_text(encoding="utf-8")) for p in files]


def builtin_corpus(name: str) -> list[Document]:
    """A built-in voice's documents, parsed once per process and text of its files (the profile and the
    voice reference both asked for them: two Markdown parses of every corpus file; issue 28)."""
    return list(_parsed_corpus(name, tuple(_corpus_files(name))))


@functools.lru_cache(maxsize=16)
def _parsed_corpus(name: str, files: tuple[tuple[str, str], ...]) -> tuple[Document, ...]:
    return tuple(Document(source=f"{name}/{file}", paragraphs=parse_markdown(text)) for file, text in files)


@functools.lru_cache(maxsize=16)
def _builtin_profile(name: str, _hash: str) -> Profile:
    path = profile_cache(name, _hash)
    try:
        return Profile.model_validate_json(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):  # not cached yet, or damaged: built and written again
        pass
    profile = build_profile(builtin_corpus(name), name, builtin=True)
    save_cache(path, lambda tmp: tmp.write_text(profile.model_dump_json(), encoding="utf-8"), stale=f"{name}-*.json")
    return profile


def profile_cache(name: str, corpus: str) -> Path:
    """Where a built-in voice's profile is kept between runs (~30 ms CPU to build each, and a write
    builds all of them for the voice gate; issue 28): named by its corpus's hash, PROFILE_VERSION and
    `code_stamp()`, so another corpus, format or code is another file."""
    key = hashlib.sha256(f"{corpus}|{PROFILE_VERSION}|{code_stamp()}".encode()).hexdigest()[:16]
    return data_dir() / "cache" / "voices" / f"{name}-{key}.json"


@functools.lru_cache(maxsize=1)
def code_stamp() -> str:
    """The size and change time of every module a profile is computed by (voices/ and text/), as the
    bytecode cache does it: an edited module makes every cached profile stale."""
    here = Path(__file__).resolve().parent
    files = sorted([*here.glob("*.py"), *(here.parent / "text").glob("*.py")])
    stats = [(f.name, f.stat().st_size, f.stat().st_mtime_ns) for f in files]
    return hashlib.sha256(repr(stats).encode()).hexdigest()[:16]


def builtin_profile(name: str) -> Profile:
    """Built once per process and corpus: keyed by the hash of the corpus files' text, so the files are
    read but not parsed again (a write asked for the profiles 14 times, each a Markdown parse of
    every corpus file; issue 28)."""
    files = json.dumps(_corpus_files(name), ensure_ascii=False)
    return _builtin_profile(name, hashlib.sha256(files.encode()).hexdigest()[:16])


def load_corpus(name: str) -> list[Document]:
    """The documents a profile was built from (built-in or learned)."""
    if name in builtin_corpus_names():
        return builtin_corpus(name)
    path = voice_dir(name) / "corpus.json"
    if not path.is_file():
        raise BadInput(f"voice {name!r} has no corpus.json in {path.parent}: "
                       "learn it again with `blogwright voice learn`")
    return [Document.from_dict(d) for d in json.loads(path.read_text(encoding="utf-8"))]


def load_profile(name: str) -> Profile:
    """A built-in or learned voice's profile. Raises BadInput for unknown names."""

    if name in builtin_corpus_names():
        return builtin_profile(name)
    if name in builtin_names():
        raise BadInput(f"built-in voice {name!r} has no corpus (voices/corpora/{name}/), so it has no profile")
    path = voice_dir(name) / "profile.json"
    if not NAME.match(name) or not path.is_file():
        known = ", ".join([*builtin_corpus_names(), *learned_names()])
        raise BadInput(f"unknown voice {name!r}: choose one of {known}, or learn it with "
                       f"`blogwright voice learn PATH --name {name}`")
    try:
        profile = Profile.model_validate_json(path.read_text(encoding="utf-8"))
    except ValueError:
        profile = None
    if profile is None or profile.version != PROFILE_VERSION:
        profile = rebuild(name)  # written by another version of blogwright: recompute from the corpus
    return profile


def voices_fingerprint() -> str:
    """The learned voices as they are now (names, and each profile's size and change time): a voice
    verdict depends on which other voices there are, so one stored before a voice was learned is stale."""
    parts = []
    for name in learned_names():
        st = (voice_dir(name) / "profile.json").stat()
        parts.append(f"{name}:{st.st_size}:{st.st_mtime_ns}")
    return ";".join(parts)


def all_profiles() -> list[Profile]:
    return [load_profile(n) for n in [*builtin_corpus_names(), *learned_names()]]


def save_voice(profile: Profile, docs: list[Document]) -> Path:
    folder = voice_dir(profile.name)
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "corpus.json").write_text(json.dumps([d.to_dict() for d in docs], ensure_ascii=False, indent=1),
                                        encoding="utf-8")
    (folder / "profile.json").write_text(profile.model_dump_json(indent=2), encoding="utf-8")
    return folder


def rebuild(name: str, avoid: list[str] | None = None) -> Profile:
    """Recompute a learned profile from its stored corpus (after feedback, or a format change)."""
    folder = voice_dir(name)
    old: dict = {}
    if (folder / "profile.json").is_file():
        try:
            old = json.loads((folder / "profile.json").read_text(encoding="utf-8"))
        except ValueError:
            old = {}
    docs = load_corpus(name)
    profile = build_profile(docs, name, based_on=old.get("based_on", ""),
                            avoid=avoid if avoid is not None else old.get("avoid", []))
    save_voice(profile, docs)
    return profile


def learn_voice(paths: list[str | Path], name: str, force: bool = False) -> LearnResult:
    """Read the posts under `paths`, build the profile and store it as voice `name`."""
    check_name(name)
    if not paths:
        raise BadInput("give at least one file or folder of your posts")
    if (voice_dir(name) / "profile.json").is_file() and not force:
        raise BadInput(f"a learned voice named {name!r} already exists: pass --force to replace it "
                       "(its feedback goes too), or choose another --name")
    docs, notes = read_corpus(paths)
    if not docs:
        raise BadInput("no posts to learn from: " + ("; ".join(notes[:5]) if notes else "nothing readable") +
                       " (blogwright reads Markdown, HTML and plain text)")
    words = sum(d.words for d in docs)
    if words < MIN_WORDS:
        raise BadInput(f"only {words} words of prose in {len(docs)} file(s): a voice needs at least {MIN_WORDS} "
                       f"words (about one blog post) to measure; add {MIN_WORDS - words} more words")
    warnings = []
    if words < GOOD_WORDS:
        warnings.append(f"learned from {words} words; {GOOD_WORDS}+ words give a steadier fingerprint "
                        f"(add {GOOD_WORDS - words} more for better scores)")
    profile = build_profile(docs, name)
    if not profile.exemplars:
        lo, hi = EXEMPLAR_WORDS
        warnings.append(f"no paragraph of {lo}-{hi} words to use as an exemplar for the model")
    if force and voice_dir(name).exists():
        shutil.rmtree(voice_dir(name))
    save_voice(profile, docs)
    return LearnResult(profile=profile, notes=notes, warnings=warnings)


def copy_builtin(name: str, new_name: str) -> Profile:
    """A learned voice seeded with a built-in's corpus (so feedback has something to change)."""
    check_name(new_name)
    docs = builtin_corpus(name)
    profile = build_profile(docs, new_name, based_on=name)
    save_voice(profile, docs)
    return profile


def delete_voice(name: str) -> Path:
    if name in builtin_corpus_names():
        raise BadInput(f"{name!r} is a built-in voice and cannot be deleted")
    folder = voice_dir(name)
    if not NAME.match(name) or not (folder / "profile.json").is_file():
        raise BadInput(f"no learned voice named {name!r} (see `blogwright voice list`)")
    shutil.rmtree(folder)
    return folder
