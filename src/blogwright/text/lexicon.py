"""Word lists: symspellpy's English frequency dictionary (loaded lazily, once) plus small lists of
tech terms, acronyms and short words that dictionary lacks or should not be trusted for."""

from __future__ import annotations

import importlib.resources
import re
import threading
from functools import lru_cache
from typing import Any

_LOCK = threading.Lock()
_SYMSPELL: Any = None
_COUNTS: dict[str, int] | None = None
_WORDS: frozenset[str] | None = None

DICTIONARY = "frequency_dictionary_en_82_765.txt"


def frequencies() -> dict[str, int]:
    """symspellpy's English dictionary as word -> corpus count (82,765 lower-case words), read once
    (~0.1 s); {} when symspellpy or its dictionary is missing. The one reader of that file."""
    global _COUNTS
    if _COUNTS is None:
        with _LOCK:
            if _COUNTS is None:
                counts: dict[str, int] = {}
                try:
                    ref = importlib.resources.files("symspellpy") / DICTIONARY
                    with ref.open("r", encoding="utf-8") as fh:
                        for line in fh:
                            parts = line.split()
                            if len(parts) >= 2 and parts[1].isdigit():
                                counts[parts[0]] = counts.get(parts[0], 0) + int(parts[1])
                except (ModuleNotFoundError, FileNotFoundError, OSError):
                    counts = {}
                _COUNTS = counts
    return _COUNTS


def common_words() -> frozenset[str]:
    """The dictionary's words (lower case): "common English" for grounding's term detector."""
    global _WORDS
    if _WORDS is None:
        _WORDS = frozenset(frequencies())
    return _WORDS


def symspell() -> Any:
    """The shared SymSpell instance (edit distance 1: loads in ~1 s instead of ~4 s for 2), built from
    `frequencies()`; ImportError when symspellpy is not installed."""
    global _SYMSPELL
    if _SYMSPELL is None:
        from symspellpy import SymSpell

        counts = frequencies()
        with _LOCK:
            if _SYMSPELL is None:
                sym = SymSpell(max_dictionary_edit_distance=1, prefix_length=7)
                for word, count in counts.items():
                    sym.create_dictionary_entry(word, count)
                _SYMSPELL = sym
    return _SYMSPELL


@lru_cache(maxsize=1)
def _misspellings() -> frozenset[str]:
    """codespell's list of common misspellings (the left side of `wrong->right`), or empty."""
    try:
        text = (importlib.resources.files("codespell_lib") / "data" / "dictionary.txt").read_text(encoding="utf-8")
    except (ImportError, OSError):
        return frozenset()
    return frozenset(line.split("->", 1)[0].strip().lower() for line in text.splitlines() if "->" in line)


@lru_cache(maxsize=4096)
def technical(word: str) -> bool:
    """A word of the technical dictionary: seen in wordfreq's large English list (web text, so "symlinks",
    "dotfiles", "subfolder", "localhost") and not one of codespell's known misspellings ("recieve", "teh")."""
    if len(word) < 3 or not word.isalpha():
        return False
    try:
        from wordfreq import zipf_frequency  # lazy: a heavy optional library
    except ImportError:
        return False
    return zipf_frequency(word, "en", wordlist="large") > 0 and word not in _misspellings()


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
    for i in range(len(toks)):
        pieces: list[str] = []
        for w in toks[i:i + 6]:
            pieces.extend(p for p in w.split("-") if p)
            if len(pieces) >= 2:
                out.add(initials(pieces))
    return out
