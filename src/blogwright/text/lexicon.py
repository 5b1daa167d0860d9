"""Word lists: symspellpy's English frequency dictionary (loaded lazily, once) plus small lists of
tech terms, acronyms and short words that dictionary lacks or should not be trusted for."""

from __future__ import annotations

import hashlib
import importlib.resources
import importlib.util
import json
import re
import threading
from array import array
from functools import lru_cache
from pathlib import Path
from typing import Any

from blogwright.core.io import save_cache
from blogwright.core.paths import data_dir

_LOCK = threading.Lock()
_SEGMENTER: Any = None
_COUNTS: dict[str, int] | None = None
_WORDS: frozenset[str] | None = None
_TECHNICAL: Any = None

DICTIONARY = "frequency_dictionary_en_82_765.txt"


def frequencies() -> dict[str, int]:
    """symspellpy's English dictionary as word -> corpus count (82,765 lower-case words), read once;
    {} when symspellpy or its dictionary is missing. The one reader of that file. Parsing its lines
    costs ~0.06 s CPU a process, so the dict is kept in the data dir as JSON (`frequencies_cache`,
    ~0.025 s to read; issue 28, fixed35)."""
    global _COUNTS
    if _COUNTS is None:
        with _LOCK:
            if _COUNTS is None:
                _COUNTS = _cached_frequencies()
    return _COUNTS


FREQUENCIES_FORMAT = 1  # bump when what `_read_frequencies` makes of the file changes


def _dictionary_bytes() -> bytes | None:
    try:
        return (importlib.resources.files("symspellpy") / DICTIONARY).read_bytes()
    except (ModuleNotFoundError, FileNotFoundError, OSError):
        return None


def frequencies_cache(raw: bytes) -> Path:
    """The cache file of the dictionary whose bytes are `raw`: named by a hash of them and the format, so
    another symspellpy's dictionary (or format) is another file."""
    digest = hashlib.blake2b(f"{FREQUENCIES_FORMAT}\n".encode() + raw, digest_size=12).hexdigest()
    return data_dir() / "cache" / f"frequencies-{digest}.json"


def _cached_frequencies() -> dict[str, int]:
    raw = _dictionary_bytes()
    if raw is None:
        return {}
    path = frequencies_cache(raw)
    try:
        counts = json.loads(path.read_bytes())
        if isinstance(counts, dict):
            return counts
    except (OSError, ValueError):
        pass  # none yet, or unreadable: built again and rewritten
    counts = _read_frequencies(raw)
    if counts:
        data = json.dumps(counts, ensure_ascii=False, separators=(",", ":")).encode("utf-8")
        save_cache(path, lambda tmp: tmp.write_bytes(data), stale="frequencies-*.json")
    return counts


def _read_frequencies(raw: bytes) -> dict[str, int]:
    """The dictionary file's lines, parsed from its bytes (already read to name the cache: not read twice);
    word, count; a word listed twice sums its counts."""
    counts: dict[str, int] = {}
    for line in raw.decode("utf-8", errors="replace").splitlines():
        parts = line.split()
        if len(parts) >= 2 and parts[1].isdigit():
            counts[parts[0]] = counts.get(parts[0], 0) + int(parts[1])
    return counts


def common_words() -> frozenset[str]:
    """The dictionary's words (lower case): "common English" for grounding's term detector."""
    global _WORDS
    if _WORDS is None:
        _WORDS = frozenset(frequencies())
    return _WORDS


def segmenter() -> Any:
    """A SymSpell for `word_segmentation(..., max_edit_distance=0)` only, over `frequencies()` itself
    (shared, not copied) and without the table of deletes a spelling lookup needs: segmenting at edit
    distance 0 reads the words, their counts and the longest length, nothing else (symspellpy's
    `lookup` returns before the deletes when the distance is 0). The full instance cost 59 MiB and ~1 s
    to build (issue 28). ImportError when symspellpy is not installed."""
    global _SEGMENTER
    if _SEGMENTER is None:
        from symspellpy import SymSpell

        counts = frequencies()
        with _LOCK:
            if _SEGMENTER is None:
                sym = SymSpell(max_dictionary_edit_distance=0, prefix_length=7)
                # what create_dictionary_entry stores for each word (every count is positive), minus the deletes
                sym._words = counts
                sym._max_length = max(map(len, counts), default=0)
                _SEGMENTER = sym
    return _SEGMENTER


@lru_cache(maxsize=1)
def _alphabet() -> str:
    return "".join(sorted({c for word in frequencies() for c in word}))


def near_words(word: str) -> list[str]:
    """The dictionary's words one edit from lower-case `word` (a deletion, an insertion, a substitution
    or two neighbours swapped: symspellpy's default distance), in the dictionary's order."""
    counts = frequencies()
    letters = _alphabet()
    splits = [(word[:i], word[i:]) for i in range(len(word) + 1)]
    edits = {a + b[1:] for a, b in splits if b}
    edits |= {a + b[1] + b[0] + b[2:] for a, b in splits if len(b) > 1}
    edits |= {a + c + b[1:] for a, b in splits if b for c in letters}
    edits |= {a + c + b for a, b in splits for c in letters}
    edits.discard(word)
    found = {w for w in edits if w in counts}
    return [w for w in counts if w in found] if found else []


def suggestion(word: str) -> str:
    """What symspellpy's `lookup(word, Verbosity.TOP, max_edit_distance=1)` over the whole dictionary
    gives for a lower-case word the dictionary lacks ("" when nothing is one edit away), asked of a
    SymSpell holding only the words one edit away (`near_words`, added in the dictionary's order, so
    ties in count go the same way): the same answer without the 59 MiB table of deletes (issue 28)."""
    if word in frequencies():
        return word
    near = near_words(word)
    if not near:
        return ""
    from symspellpy import SymSpell, Verbosity

    counts = frequencies()
    sym = SymSpell(max_dictionary_edit_distance=1, prefix_length=7)
    for w in near:
        sym.create_dictionary_entry(w, counts[w])
    hits = sym.lookup(word, Verbosity.TOP, max_edit_distance=1)
    return hits[0].term if hits else ""


def word_key(word: str) -> int:
    """A word's 64-bit key in the lists below: the same in every process (Python's `hash` of a str is
    not), so the lists can be kept on disk. Two words share a key with odds of ~1 in 2**64 a pair."""
    return int.from_bytes(hashlib.blake2b(word.encode("utf-8"), digest_size=8).digest(), "little", signed=True)


def _misspellings() -> Any:
    """Keys of codespell's common misspellings (the left side of `wrong->right`, lower case), sorted
    (numpy int64; a frozenset of them was 10 MiB), or empty."""
    return _lists()[1]


def _listed(keys: Any, word: str) -> bool:
    import numpy as np

    key = np.int64(word_key(word))
    i = int(np.searchsorted(keys, key))
    return i < len(keys) and keys[i] == key


def _technical_words() -> Any:
    """Keys of the words of wordfreq's large English list that `technical` looks up here (ASCII letters,
    3 or more) less codespell's misspellings, sorted (numpy int64, 2.3 MB); empty without wordfreq.
    wordfreq's own `zipf_frequency` keeps the list and a dict of it, 47 MiB (issue 28). Every word of the
    list is at least zipf 1 (its last bucket is -800 cB), so being listed is `zipf_frequency(...) > 0`."""
    return _lists()[0]


def _lists() -> tuple[Any, Any]:
    """(technical keys, misspelling keys): read from the cache file of these two files' contents when
    there is one (a few ms), else built from the files (~0.2 s CPU) and cached (issue 28)."""
    global _TECHNICAL
    if _TECHNICAL is None:
        with _LOCK:
            if _TECHNICAL is None:
                _TECHNICAL = _cached_lists()
    return _TECHNICAL


LISTS_FORMAT = 1  # bump when what the lists hold, or how a key is made, changes


def _source_files() -> list[Path]:
    """wordfreq's large English list and codespell's dictionary (FileNotFoundError/ImportError when
    either package is missing: then the lists are built, empty where a file is missing, and not cached)."""
    return [_data_file("wordfreq", "large_en.msgpack.gz"), _data_file("codespell_lib", "dictionary.txt")]


def lists_cache() -> Path | None:
    """The cache file for the installed word lists: named by a hash of both files' bytes and the format,
    so another wordfreq or codespell (or format) is another file. None when a file is missing."""
    digest = hashlib.blake2b(str(LISTS_FORMAT).encode(), digest_size=12)
    try:
        for path in _source_files():
            digest.update(path.read_bytes())  # ~3 MB: a few ms
    except (ImportError, OSError):
        return None
    return data_dir() / "cache" / f"lexicon-{digest.hexdigest()}.npz"


def _cached_lists() -> tuple[Any, Any]:
    import numpy as np

    path = lists_cache()
    if path is not None and path.is_file():
        try:
            with np.load(path, allow_pickle=False) as data:
                return np.asarray(data["technical"], dtype=np.int64), np.asarray(data["misspellings"], dtype=np.int64)
        except (OSError, ValueError, KeyError):
            pass  # unreadable: built again and rewritten
    miss = _read_misspellings()
    lists = (_read_technical(miss), miss)
    if path is not None:
        _save_lists(path, lists)
    return lists


def _save_lists(path: Path, lists: tuple[Any, Any]) -> None:
    """Write the cache file and remove the ones of other word lists."""
    import numpy as np

    save_cache(path, lambda tmp: np.savez(tmp, technical=lists[0], misspellings=lists[1]), stale="lexicon-*.npz")


def _read_misspellings() -> Any:
    import numpy as np

    keys = array("q")
    try:
        with open(_data_file("codespell_lib", "dictionary.txt"), encoding="utf-8") as fh:
            keys.extend(word_key(line.split("->", 1)[0].strip().lower()) for line in fh if "->" in line)
    except (ImportError, OSError):
        pass
    return np.unique(np.frombuffer(keys, dtype=np.int64))


def _data_file(package: str, name: str) -> Path:
    """A file in the data/ folder of an installed package, found without importing it (wordfreq's
    import is 11 MiB, codespell's 4)."""
    spec = importlib.util.find_spec(package)
    if spec is None or not spec.submodule_search_locations:
        raise ImportError(f"{package} is not installed")
    return Path(next(iter(spec.submodule_search_locations))) / "data" / name


def _read_technical(miss: Any) -> Any:
    """The technical keys, read bucket by bucket from wordfreq's cBpack file (gzipped msgpack: a
    header, then lists of words by frequency), less the keys in `miss`."""
    import numpy as np

    keys = array("q")  # machine integers: a list of Python ints would hold 11 MB more while reading
    try:
        import gzip

        import msgpack  # wordfreq's own dependency

        path = _data_file("wordfreq", "large_en.msgpack.gz")
        with gzip.open(path, "rb") as fh:
            unpacker = msgpack.Unpacker(fh, raw=False)
            buckets = unpacker.read_array_header() - 1
            if unpacker.unpack().get("format") != "cB":
                raise ValueError(f"{path} is not a cBpack file")
            for _ in range(buckets):
                keys.extend(word_key(w) for w in unpacker.unpack() if len(w) >= 3 and w.isascii() and w.isalpha())
    except (ImportError, KeyError, OSError, TypeError, ValueError, AttributeError):
        return np.zeros(0, dtype=np.int64)
    out = np.frombuffer(keys, dtype=np.int64)
    out.sort()
    # dropped by position: np.setdiff1d's temporaries left 10 MiB of heap behind
    at = np.minimum(np.searchsorted(out, miss), max(len(out) - 1, 0))
    return np.delete(out, at[out[at] == miss]) if len(out) else out


@lru_cache(maxsize=4096)
def technical(word: str) -> bool:
    """A word of the technical dictionary: seen in wordfreq's large English list (web text, so "symlinks",
    "dotfiles", "subfolder", "localhost") and not one of codespell's known misspellings ("recieve", "teh")."""
    if len(word) < 3 or not word.isalpha():
        return False
    if not (word.isascii() and word.islower()):  # never asked by the spelling gate: wordfreq itself
        try:
            from wordfreq import zipf_frequency  # lazy: a heavy optional library
        except ImportError:
            return False
        return zipf_frequency(word, "en", wordlist="large") > 0 and not _listed(_misspellings(), word)
    return _listed(_technical_words(), word)


def frequency(word: str) -> int:
    """Corpus count of a lower-case word (0 when unknown)."""
    return frequencies().get(word, 0)


def _set(text: str) -> frozenset[str]:
    return frozenset(text.split())


# Two- and three-letter words trusted as parts of a split (the dictionary holds many
# abbreviations such as "re", "st", "jan" that would make nonsense splits look plausible).
# No "i": a glued "I" stays upper case, while "art|i|fact" and "cert|if|i" are false splits.
SHORT_WORDS = _set("""a of to in is on by it or be at as an we us if my do no he up so am me go
    hi ok the and for you not are all new was can has but our one may out use any see his who web
    now get how its top had day two her add she set map way off did car own end him per big law art
    old why low man job too men box air yes hot say tax got let act red key few age pay war yet sun
    run net put try god log fun lot ask due ago via bad far oil bit bay bar dog gas six zip bid win
    bed sea cut kit boy son bin van ads pop hit eye fee aid fat saw ten cat die pet guy cup fit met
    ice bus bag nor bug mid lab tag mix fix ray dry row eat aim tip fly tea sky toy hip dot cap ink
    pin raw hat wet ram fox arm pub gun pan sum oak sir spy sit wow fig tab bio gap jet pen joy ran
    ill lay mad bet ear tie dad pad rod sad pot egg led won lie lit mud nut owl pie rat rib sip tin
    tub van wit zoo odd ace ant ape bat bee bow cow cry dig dim fan fog fur hen hog hug hum jam jaw
    jog kin lap leg lid lip mat mob mop nap nod oar opt pal paw pea pig rag rim rip rub rug sob sow
    tan tap toe tug urn vet wag wax web wig yak yam yum zap ago""")

# Parts that make a glued pair near-certain: "modelsare", "forwardto", "thecat". Not a stop-word
# list (that is `text.tokens.STOPWORDS`): a closed-class subset of it (plus "onto", "shall"). Measured
# on ~177k words of Markdown: the full 170-word list turns backoff, pulldown, rustup, strikethrough,
# nodelay, nocapture ... from compounds (fine or a warning) into "glued" errors.
FUNCTION_WORDS = _set("""a an the and or but nor of to in on at by for with from as is are was were
    be been being it its this that these those we you they he she i me my our your their his her
    them us will would can could should shall may might must do does did has have had not than
    then so if when where which who what how why into onto""")

# Leading parts that make a compound, not a glued pair: "multitasking", "preprocessing".
PREFIXES = ("anti", "auto", "bi", "co", "counter", "cross", "cyber", "de", "dis", "e", "eco",
            "extra", "hyper", "in", "inter", "intra", "macro", "mega", "meta", "micro", "mid",
            "mini", "mis", "multi", "nano", "neuro", "non", "omni", "out", "over", "para", "poly",
            "post", "pre", "pro", "pseudo", "re", "self", "semi", "sub", "super", "tele", "trans",
            "tri", "ultra", "un", "under", "up")

# Suffixes stripped to find a known base: (suffix, replacement).
SUFFIXES = (("izations", "ize"), ("ization", "ize"), ("izing", "ize"), ("ized", "ize"),
            ("izes", "ize"), ("izing", ""), ("iness", "y"), ("ness", ""), ("ments", ""),
            ("ment", ""), ("ability", "able"), ("ably", "able"), ("ally", ""), ("ily", "y"),
            ("ly", ""), ("ies", "y"), ("ied", "y"), ("ier", "y"), ("iest", "y"), ("ing", ""),
            ("ing", "e"), ("ed", ""), ("ed", "e"), ("d", ""), ("ers", ""), ("er", ""),
            ("er", "e"), ("est", ""), ("es", ""), ("s", ""), ("ful", ""), ("less", ""),
            ("able", ""), ("ish", ""), ("ism", ""), ("ist", ""), ("ists", ""), ("wise", ""),
            ("like", ""), ("ify", ""), ("fied", "fy"), ("al", ""), ("ic", ""), ("ity", ""))

CONTRACTION_TAILS = ("re", "ve", "ll", "s", "d", "m", "t")

# Common tech words and names the general dictionary lacks (lower case; plurals are derived).
TECH_TERMS = _set("""ai ml dl nlp llm llms llmops mlops devops devsecops gitops finops dataops
    aiops api apis sdk cli gui ui ux json yaml toml xml csv html css http https url urls uri dns
    ip tcp udp ssh ssl tls oauth jwt sso crud orm sql nosql graphql grpc rest restful websocket
    websockets webhook webhooks github gitlab bitbucket kubernetes k8s docker dockerfile helm
    terraform ansible jenkins circleci kafka redis postgres postgresql mysql sqlite mongodb
    elasticsearch cassandra snowflake databricks bigquery hadoop spark airflow mlflow kubeflow
    pytorch tensorflow keras jax numpy pandas scipy sklearn scikit matplotlib jupyter colab
    huggingface openai anthropic chatgpt gpt bert llama mistral gemma qwen smollm ollama
    langchain llamaindex onnx gguf cuda gpu gpus cpu cpus tpu tpus npu vram ram ssd nvme aws gcp
    azure linux ubuntu debian macos ios ipados android windows wifi iot saas paas iaas faas
    serverless microservice monorepo repo repos config configs async await npm pip pipx conda
    venv virtualenv pypi rustc cargo golang kotlin typescript javascript nodejs node deno
    frontend backend fullstack middleware runtime runtimes plugin plugins dataset datasets
    dataframe dataframes datastore database databases codebase codebases chatbot chatbots
    tokenizer tokenizers tokenization tokenize tokenized embeddings embedding vectorize
    vectorized finetune finetuned finetuning hyperparameter hyperparameters overfitting
    underfitting overfit backprop backpropagation dropout softmax relu transformer transformers
    autoencoder autoencoders quantization quantized quantize lora qlora rlhf dpo rag nlu nlg ocr
    cv rl gan gans cnn cnns rnn rnns lstm lstms mlp mlps etl elt bi kpi kpis roi seo crm erp
    b2b b2c mvp faq faqs cicd ci cd qa sla slas slo slos sre rbac iam vpc cdn ddos xss csrf
    blog blogs blogging blogger bloggers vlog podcast podcasts app apps email emails inbox login
    logins logout signup username usernames dropdown checkbox screenshot screenshots timestamp
    timestamps metadata dashboard dashboards toolchain toolkit toolset codegen autocomplete
    autoscaling containerization containerized containerize orchestrator observability
    scalability upskill upskilling onboarding offboarding roadmap roadmaps walkthrough
    walkthroughs standup standups hackathon hackathons workflow workflows pipeline pipelines
    subreddit reddit youtube linkedin twitter tiktok instagram whatsapp slack zoom
    notion figma jira trello stackoverflow wikipedia chatgpt's ok okay vs etc eg ie
    lifecycle lifecycles checkpoint checkpoints benchmark benchmarking inference inferencing
    hallucinate hallucinates hallucinated hallucination hallucinations prompt prompts
    prompting multimodal multilingual unsupervised pretrained pretraining pretrain
    retrain retraining rerank reranking reranker retriever misinformation cybersecurity
    blockchain crypto cryptocurrency fintech edtech healthtech ecommerce e-commerce uv readme
    todo todos datacenter datacenters stylesheet stylesheets changelog changelogs bugfix hotfix
    hotfixes filesystem filesystems namespace namespaces whitespace opensource smartwatch
    rideshare timeboxing sysadmin sysadmins localhost username lockfile lockfiles onboard
    datetime dataclass dataclasses quickstart traceback tracebacks stacktrace wishlist
    leaderboard leaderboards webserver webservers zipfile charset codepoint codepoints
    threadpool backport backports backported deepcopy bytestring keymap keymaps typecheck
    typechecking validator validators artifact artifacts
    pragma pragmas vacuum fsync fdatasync mmap wal shm checkpoint checkpointing checkpointed
    upsert upserts autocommit autoincrement rowid rowids sqlite3 pgbouncer psql postgis
    journaling nfs smb btree b-tree""")

# Last parts that make a noun of a phrasal verb: "rollout", "teardown", "lockdown".
PARTICLES = frozenset("down out up off over back away through around".split())

# Acronyms a reader is expected to know (upper case, without a plural 's').
ACRONYMS = _set("""AI ML DL NLP LLM LLMS API SDK CLI GUI UI UX JSON YAML TOML XML CSV HTML CSS
    HTTP HTTPS URL URI DNS IP TCP UDP SSH SSL TLS JWT SSO CRUD ORM SQL REST GPU CPU TPU NPU RAM
    VRAM SSD AWS GCP IOT IT OS VM PC USB LAN WAN VPN ISP SAAS PAAS IAAS FAAS CI CD QA SLA SLO SRE
    RBAC IAM VPC CDN DDOS XSS CSRF KPI ROI SEO CRM ERP MVP FAQ B2B B2C BI ETL ELT OCR RAG NLU NLG
    GPT BERT RLHF DPO LORA QLORA CNN RNN LSTM MLP GAN RL CV ONNX GGUF CUDA PDF PNG JPG JPEG GIF
    SVG MP3 MP4 ASCII UTF ID IDE PR OSS FOSS MIT GPL BSD USA US UK EU UN NASA FBI CEO CTO CFO COO
    VP HR PM AM TV DIY FYI ASAP TLDR TL DR OK VS ETC IBM AMD NVIDIA MLOPS LLMOPS DEVOPS AGI ASI
    STEM MBA PHD MSC BSC NGO GDPR HIPAA SOC ISO IEEE ACM ACL NIPS NEURIPS ICML ICLR AAAI ARXIV
    DNA RNA COVID WHO CDC FDA NHS GDP IPO VC SMB SME RFC RPC GRPC TTL LRU FIFO LIFO CRON REGEX
    YOLO ASR TTS STT LM LMS VLM MOE SFT PPO KV GPU'S FLOPS TFLOPS TOPS RAID NAS SAN OKR OKRS
    PRAGMA VACUUM WAL SHM NFS SMB ACID MVCC DDL DML OLTP OLAP UPSERT SAVEPOINT REINDEX FSYNC LSN
    IOPS""")
OPS_WORDS = _set("Ops DevOps MLOps LLMOps DataOps GitOps AIOps FinOps")

# Everyday words the dictionary lacks: interjections, internet words.
EVERYDAY = _set("""eh uh um uhm hmm huh oh ah aw yay haha lol meh nah yep yup nope ugh oops whoa
    aha okay netizen netizens selfie selfies emoji emojis meme memes influencer influencers
    staycation greenwashing doomscrolling hashtag hashtags livestream livestreams unfollow binge
    cringe vibe vibes gamify gamified
    unsubscribe reshare retweet retweets gig gigs freelancer freelancers""")

ALLOWED = TECH_TERMS | EVERYDAY


def variants(low: str) -> list[str]:
    """British spellings of an American one (the dictionary has some only in one form)."""
    out = [low.replace("iz", "is"), low.replace("yz", "ys"), re.sub(r"or(?=[a-z]{0,4}$)", "our", low),
           re.sub(r"([aeiou])l(ed|ing|er|ers)$", r"\1ll\2", low), re.sub(r"og$", "ogue", low),
           re.sub(r"([^aeiou])er(s?)$", r"\1re\2", low), re.sub(r"ense(s?)$", r"ence\1", low),
           low.replace("elry", "ellery"), low.replace("ment", "ement")]
    return [v for v in out if v != low]


# Known CamelCase and odd-case names ("GitHub", "iPhone") and unit-like tokens.
KNOWN_MIXED = _set("""GitHub GitLab JavaScript TypeScript PyTorch TensorFlow OpenAI YouTube
    LinkedIn PowerPoint WordPress iPhone iPad iOS macOS iPadOS DevOps MLOps LLMOps DataOps GitOps
    AIOps FinOps PostgreSQL MySQL SQLite MongoDB NoSQL GraphQL HuggingFace ChatGPT DeepMind
    DeepSeek LangChain LlamaIndex FastAPI NumPy SciPy SmolLM BigQuery DynamoDB CloudWatch
    TikTok WhatsApp PayPal eBay IPv4 IPv6 JSONL OAuth LaTeX VSCode NVIDIA McDonald McKinsey
    AutoML AutoGPT BitBucket DevSecOps SaaS PaaS IaaS FaaS CI/CD README NuGet WebSocket WebGPU
    XGBoost LightGBM CatBoost OpenCV ONNXRuntime MacBook AirPods PlayStation SharePoint
    StackOverflow SQLAlchemy DuckDB ClickHouse CockroachDB Snowflake JetBrains IntelliJ""")


def initials(words: list[str]) -> str:
    return "".join(w[0] for w in words if w).upper()


def acronym_expansions(text: str) -> set[str]:
    """Acronyms spelled out in `text` by the initials of 2-6 consecutive words
    ("Retrieval Augmented Generation" -> RAG), ignoring small joining words."""
    out: set[str] = set()
    toks = [w for w in re.findall(r"[A-Za-z][A-Za-z'-]*", text)
            if w.lower() not in ("of", "and", "the", "for", "to", "a", "an", "in", "on")]
    firsts = ["".join(p[0] for p in w.split("-") if p).upper() for w in toks]  # one letter per hyphen part
    for i in range(len(toks)):
        letters = ""
        for first in firsts[i:i + 6]:  # the initials grow a word at a time (they were rebuilt for each length)
            letters += first
            if len(letters) >= 2:
                out.add(letters)
    return out
