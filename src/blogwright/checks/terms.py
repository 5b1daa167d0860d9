"""Invented terms: technical-looking tokens a small model made up ("LLLM Ops",
"LOne-Layer Reinforcement Learning", "LIMPAC", "iKR", "ML-LREM", "the `CREATE_FULL` function",
"versions like 4.5").

A term is invented when it holds an *odd token* (an unknown acronym, a token with odd casing
such as "LOne", "BLogs" or "iKR", an unknown CamelCase word, or a letter tripled as in "LLLM")
that is in neither the brief/notes/sources, the English dictionary, nor the lists of common tech
terms and acronyms, and is not spelled out in the text ("Retrieval Augmented Generation (RAG)").
The whole capitalised phrase around the odd token is reported. Two more kinds:
- code identifiers in SCREAMING_SNAKE_CASE (in prose or a code span) that the brief, notes and
  sources never give and that are not well-known names (`LD_LIBRARY_PATH`, `AUTO_INCREMENT`);
- version numbers ("versions like 4.5", "version 3", "v2.1") that the brief, notes and sources
  never give.
And a fourth (checks/terms_mangled.py): the brief's own key term written wrong ("Lambda Ops" or
"LIMITER OPS" for "LLM Ops", "SQLLite" or "SQL Lite" for "SQLite"), each of whose words may be real.
Blocking by default; each finding names its sentence (`term_problems` checks one sentence).
"""

from __future__ import annotations

import re
from collections.abc import Set
from functools import lru_cache

from blogwright.checks.prose import mask
from blogwright.checks.settings import GateConfig
from blogwright.checks.substance_expansions import spelled_out
from blogwright.checks.substance_text import Problem, code_spans, sentence_gate
from blogwright.checks.terms_mangled import mangled_problems
from blogwright.checks.types import CheckContext, GateResult
from blogwright.text.document import ParsedMarkdown
from blogwright.text.lexicon import (
    ACRONYMS,
    FUNCTION_WORDS,
    KNOWN_MIXED,
    OPS_WORDS,
    TECH_TERMS,
    acronym_expansions,
    frequency,
)

TOKEN = re.compile(r"[A-Za-z][A-Za-z0-9]*(?:[-'’][A-Za-z0-9]+)*")
JOINERS = frozenset({"of", "and", "for", "the", "to", "in", "on", "&"})
# Mixed-case tokens that start in lower case and are real: units, biology, brands.
LOWER_MIXED = frozenset("""mRNA tRNA rRNA pH kWh mAh mW kW MW GW dB kB kHz MHz GHz eV keV MeV
    iOS iPadOS macOS watchOS tvOS iPhone iPad iMac iPod iCloud iTunes eBay eBook eBooks eSIM
    eSports vCPU vCPUs vRAM mTLS nDCG mAP mIoU iGPU dGPU gRPC jQuery npm vLLM pnpm""".split())
# Acronyms and units the lexicon's ACRONYMS lacks (upper case, no plural "s").
MORE_ACRONYMS = frozenset("""KB MB GB TB PB KIB MIB GIB TIB KBPS MBPS GBPS RPS QPS TPS FPS DPI PPI
    ASGI WSGI AMX AVX SSE SIMD ARM RISC CISC FPGA ASIC SOC HDD NVME SATA PCIE BIOS UEFI POSIX SIGILL
    SIGKILL SIGTERM SIGINT SIGHUP SIGSEGV PID TTY CRLF LF UTF EOF NULL NAN JSONL TSV SMTP IMAP POP
    FTP SFTP NFS SMB VPS VPC DHCP NAT ARP BGP ICMP QUIC HSTS CORS CSP DOM AJAX SPA SSR SSG PWA
    WASM JIT AOT GC GIL REPL CRUD MVC MVVM OOP TDD BDD DDD DRY KISS YAGNI SOLID WAL MVCC ACID BASE
    OLTP OLAP LRU LFU TTL CDN DNSSEC NS MX CNAME AAAA PTR TXT SPF DKIM DMARC SSH TOTP MFA OTP
    PKI CA CSR HMAC SHA MD RSA AES ECDSA CVE OWASP SAST DAST SBOM NPM PNPM YARN APT RPM DEB AUR
    CPYTHON PEP PSF JDK JVM JRE CLR SQLA ETAG PCA SVD SVM KNN ANN DNN MAE MSE RMSE AUC ROC BPE IDF
    CERN MIT NIST ESA JAXA NOAA NSF NIH WHO UNESCO OECD IMF EPA DOJ FTC SEC ISO ANSI W3C IETF
    ICANN IANA ARIN RIPE EFF ACLU GNU BSD GPL LGPL AGPL MPL APL EULA SLA TOS ESG MSSQL""".split())
KNOWN_COMPOUNDS = frozenset("t-SNE k-means k-NN e-mail x86-64 Wi-Fi A/B".split())
# Real CamelCase names the lexicon's KNOWN_MIXED lacks.
MORE_MIXED = frozenset("""ETag ETags WebAssembly WebRTC WebKit JUnit PyPI PyCharm NumPy PySpark
    LangGraph OpenTelemetry OpenSSL OpenSSH OpenAPI OpenStack DevTools VirtualBox VMware
    CloudFlare Cloudflare CloudFront DigitalOcean LastPass OneDrive DuckDuckGo PagerDuty
    GraphiQL MariaDB CouchDB RocksDB LevelDB TimescaleDB InfluxDB QuestDB ScyllaDB FoundationDB
    NextJS NodeJS ReactJS VueJS TailwindCSS CodePen JSFiddle StackBlitz HashiCorp GitOps
    TeX BibTeX XeLaTeX LuaLaTeX PhD PhDs BibLaTeX PyPy CPython IPython MicroPython""".split())
IDENTIFIER = re.compile(r"(?<![\w$-])[A-Z][A-Z0-9]*(?:_[A-Z0-9]+)+(?![\w(])")
# Well-known SCREAMING_SNAKE names: environment variables, SQL keywords, C/POSIX constants.
KNOWN_IDENTIFIERS = frozenset("""LD_LIBRARY_PATH LD_PRELOAD HTTP_PROXY HTTPS_PROXY NO_PROXY
    ALL_PROXY NODE_ENV NODE_OPTIONS PYTHON_PATH VIRTUAL_ENV CUDA_VISIBLE_DEVICES CUDA_HOME
    JAVA_HOME GOPATH_ROOT XDG_CONFIG_HOME XDG_DATA_HOME XDG_CACHE_HOME HF_HOME HF_HUB_OFFLINE
    OMP_NUM_THREADS CMAKE_ARGS DATABASE_URL SECRET_KEY API_KEY OPENAI_API_KEY OPENAI_BASE_URL
    AWS_ACCESS_KEY_ID AWS_SECRET_ACCESS_KEY AWS_REGION AUTO_INCREMENT CURRENT_TIMESTAMP
    CURRENT_DATE CURRENT_TIME ROW_NUMBER GROUP_CONCAT PRIMARY_KEY NOT_NULL JSON_EXTRACT
    O_RDONLY O_WRONLY O_RDWR O_CREAT EOF_ERROR SIG_IGN SIG_DFL INT_MAX INT_MIN SIZE_MAX
    UINT_MAX LONG_MAX MAX_PATH PATH_MAX EXIT_SUCCESS EXIT_FAILURE SEEK_SET SEEK_END
    STDIN_FILENO STDOUT_FILENO STDERR_FILENO RLIMIT_NOFILE SO_REUSEADDR TCP_NODELAY
    SQLITE_BUSY SQLITE_OK SQLITE_LOCKED""".split())
VERSION = re.compile(
    r"\b(?:versions?|releases?)\s+(?:(?:like|such as|of|from|to|up to|after|before|since|"
    r"below|above|around|including|numbered)\s+)?v?(\d+(?:\.\d+){0,3})(?![\w.]*\d)"
    r"|(?<![\w.])v(\d+(?:\.\d+){1,3})\b", re.IGNORECASE)


@lru_cache(maxsize=16)
def _known(text: str) -> tuple[frozenset[str], frozenset[str]]:
    """Words of the brief/notes/sources (lower case, hyphenated parts too) and the acronyms they
    spell out; cached, as every sentence of a post asks."""
    toks = {t.lower() for t in TOKEN.findall(text)}
    words = toks | {p for t in toks for p in re.split(r"[-'’]", t) if p}
    return frozenset(words), frozenset(acronym_expansions(text) | spelled_out(text))


@lru_cache(maxsize=16)
def _spelled(text: str) -> frozenset[str]:
    """Acronyms spelled out in (the rest of) a post; cached."""
    masked = mask(text)
    return frozenset(acronym_expansions(masked) | spelled_out(masked))


class _AnyOf:
    """Membership in any of several sets, without building their union."""

    def __init__(self, *sets: Set[str]):
        self.sets = sets

    def __contains__(self, item: object) -> bool:
        return any(item in s for s in self.sets)


def odd_token(tok: str, known: set[str], expansions: set[str]) -> bool:
    """True when `tok` (one word, maybe hyphenated) looks technical and is known nowhere."""
    if tok in KNOWN_COMPOUNDS:
        return False
    for piece in re.split(r"[-'’]", tok):
        if piece and _odd_piece(piece, known, expansions):
            return True
    return False


def _odd_piece(p: str, known: set[str], expansions: set[str]) -> bool:
    low = p.lower()
    if low in known or p in KNOWN_MIXED or p in OPS_WORDS or p in MORE_MIXED or any(c.isdigit() for c in p):
        return False
    if re.fullmatch(r"(?:Mc|Mac|O')[A-Z][a-z]+", p):
        return False  # surnames: McNemar, MacDonald
    if re.search(r"([A-Za-z])\1\1", p):
        return True  # "LLLM", "Appple"
    if re.fullmatch(r"[A-Z]{2,10}s?", p):  # "LIMPAC", "LIMPLEXO"
        a = p[:-1] if p.endswith("s") else p
        if a in ACRONYMS or a in MORE_ACRONYMS or a in expansions or a.lower() in known \
                or re.fullmatch(r"[IVX]+", a):
            return False
        return not (frequency(low) > 0 or frequency(a.lower()) > 0)  # "LLLM"; not "VERY"
    m = re.fullmatch(r"([A-Z]{2,})([a-z]+)", p)
    if m:  # "LOne", "BLogs" (a stray capital) but not "SQLAlchemy", "MLflow"
        head, tail = m.groups()
        for a, rest in ((head, tail), (head[:-1], head[-1] + tail)):
            if (a in ACRONYMS or a in MORE_ACRONYMS or a in expansions) \
                    and (frequency(rest.lower()) or rest in OPS_WORDS):
                return False
        return True
    if re.fullmatch(r"[A-Z]?[a-z]+(?:[A-Z][a-z]+)+", p):  # CamelCase: odd if a part is unknown
        parts = re.findall(r"[A-Z]?[a-z]+", p)
        return not all(frequency(x.lower()) > 0 or x.lower() in TECH_TERMS for x in parts)
    if re.fullmatch(r"[a-z]{1,4}[A-Z][A-Za-z]*", p) and p not in LOWER_MIXED:  # "iKR", "eXtra"
        parts = re.findall(r"[A-Z]?[a-z]+|[A-Z]+(?![a-z])", p)
        return not all((len(x) > 1 and frequency(x.lower()) > 0) or x.lower() in TECH_TERMS
                       or x in ACRONYMS for x in parts)
    return False


def _phrases(text: str) -> list[list[str]]:
    """Runs of capitalised or technical-looking tokens (with 'of', 'and' inside); a run's
    sentence-initial ordinary word ("Again", "The") is left out."""
    runs: list[list[str]] = []
    run: list[str] = []
    pending: list[str] = []
    starts = True  # at a sentence start
    for m in re.finditer(r"\S+", text):
        raw = m.group(0)
        core = raw.strip("\"'“”‘’()[]{}*_,.;:!?")
        word = core if TOKEN.fullmatch(core or "-") else ""
        if run and raw[:1] in "([{\"“":
            runs.append(run)  # "LIMPAC (Limited ...)": a new phrase starts at the bracket
            run, pending = [], []
        if word and (word[0].isupper() or any(c.isupper() for c in word[1:])):
            if not (starts and not run and word.istitle() and frequency(word.lower()) > 0):
                run += pending + [word]
            pending = []
        elif word and word.lower() in JOINERS and run:
            pending.append(word)
        else:
            if run:
                runs.append(run)
            run, pending = [], []
        starts = bool(re.search(r"[.!?:]$", raw.rstrip("\"'”’*_)")))
        if run and re.search(r"[,.;:!?)\]]$", raw.rstrip("\"'”’*_")):
            runs.append(run)
            run, pending = [], []
    if run:
        runs.append(run)
    return runs


def invented_identifiers(text: str, ctx_text: str = "") -> list[str]:
    """SCREAMING_SNAKE identifiers in `text` (prose or code spans) that `ctx_text` never gives."""
    out: list[str] = []
    spans = [c.rstrip("()") for c in code_spans(text)]
    names = [m.group(0) for m in IDENTIFIER.finditer(mask(text))]  # in prose
    names += [c for c in spans if IDENTIFIER.fullmatch(c)]  # a code span that is one identifier
    for name in names:
        if len(re.findall(r"[A-Z]{2,}", name)) < 2:
            continue  # "Q4_1", "X_1": a label, not a made-up function
        if name in KNOWN_IDENTIFIERS or name in out or re.search(rf"(?<!\w){re.escape(name)}(?!\w)", ctx_text):
            continue
        out.append(name)
    return out


def invented_versions(text: str, ctx_text: str = "") -> list[str]:
    """Version numbers ("versions like 4.5", "v2.1") that `ctx_text` never gives."""
    out: list[str] = []
    for m in VERSION.finditer(mask(text)):
        number = m.group(1) or m.group(2)
        if re.search(rf"(?<![\w.]){re.escape(number)}(?![\w]|\.\d)", ctx_text):
            continue
        phrase = " ".join(m.group(0).split())
        if phrase.lower() not in {o.lower() for o in out}:
            out.append(phrase)
    return out


def invented_terms(text: str, ctx: CheckContext | None = None, post_text: str = "") -> list[str]:
    """Terms in `text` that look technical but are known nowhere (each once, in order): odd
    tokens and their phrases, unknown SCREAMING_SNAKE identifiers (in backticks when they were),
    and version numbers the brief never gives. `post_text`: the rest of the post (an acronym
    spelled out there is known)."""
    ctx_text = ctx.text() if ctx else ""
    known_words, ctx_expansions = _known(ctx_text)
    known = set(known_words)
    masked = mask(text)
    # one set per source, looked up in turn: copying the whole post's expansions into a new set for
    # every sentence made a long post's check quadratic (1 MB: 11 minutes)
    expansions = _AnyOf(acronym_expansions(masked) | spelled_out(masked), ctx_expansions,
                        _spelled(post_text) if post_text else frozenset())
    out: list[str] = []
    for run in _phrases(masked):
        if any(odd_token(w, known, expansions) for w in run):
            while run and (run[0].lower() in JOINERS or run[0].lower() in FUNCTION_WORDS):
                run = run[1:]
            term = " ".join(run)
            if term and term.lower() not in {t.lower() for t in out}:
                out.append(term)
    spans = set(code_spans(text))
    for name in invented_identifiers(text, ctx_text):
        term = f"`{name}`" if name in spans else name
        if not any(name in t for t in out):
            out.append(term)
    out += invented_versions(text, ctx_text)
    return out


def term_problems(sentence: str, ctx: CheckContext | None, post_text: str = "",
                  config: GateConfig | None = None) -> list[Problem]:
    """Invented terms in one sentence, as problems (allow_words of the config and ctx skipped)."""
    allow = {w.lower() for w in (config.allow_words if config else [])}
    allow |= {w.lower() for w in (ctx.allow_words if ctx else [])}
    out = mangled_problems(sentence, ctx, allow)  # "Lambda Ops" for the brief's "LLM Ops"
    mangled = [p.key for p in out]
    for term in invented_terms(sentence, ctx, post_text):
        if term.lower() in allow or term.strip("`").lower() in allow:
            continue
        if any(m in term.lower() or term.lower() in m for m in mangled):
            continue  # "VACCUM": said once, as the mangled key term
        kind = "made-up version number" if VERSION.search(term) else "invented or unknown term"
        out.append(Problem(f"{kind}: {term!r}", "use the real term, define it, or add it to the notes",
                           term.lower()))
    return out


def gate_terms(doc: ParsedMarkdown, ctx: CheckContext | None, config: GateConfig) -> GateResult:
    """Each invented term once, at its first sentence (title, headings, front matter, prose)."""
    result = sentence_gate("terms", doc, ctx, config, term_problems, config.max_invented_terms,
                           once=True)
    terms = [f.message.split(": ", 1)[1].split(" in “", 1)[0] for f in result.findings]
    result.value = {**result.value, "invented": [t.split(" (the brief writes ", 1)[0] for t in terms],
                    "mangled": [f.message.split(": ", 1)[1].split(" in “", 1)[0] for f in result.findings
                                if f.message.startswith("mangled key term")]}
    return result
