"""The glossary: the terms a tech blogger writes about most, each with its expansion (for acronyms)
and a one-line definition a beginner can follow.

The pipeline fixes one definition per key term of a topic from here when the notes and sources give
none (`pipeline/definitions.py`), spells acronyms out in prompts (`text.tokens.expand_terms`), and
the substance gates compare a post's expansions with these. Data only, plus two lookups.
"""

from __future__ import annotations

import re
from dataclasses import dataclass


@dataclass(frozen=True)
class Term:
    name: str  # how the term is written: "LLM Ops", "Kubernetes"
    definition: str  # one line, no final full stop: "a model trained on ..."
    expansion: str = ""  # the long form of an acronym: "large language model"
    aliases: tuple[str, ...] = ()  # other spellings: "LLMOps", "K8s"
    plural: str = ""  # the plural's expansion, when the plural is common: "large language models"
    adjective: bool = False  # used before a noun too ("serverless functions"); other lower-case terms
    # followed by a noun are part of a longer one ("token bucket") and do not count


TERMS: tuple[Term, ...] = (
    Term("AI", "software that does tasks which used to need human judgment", "artificial intelligence"),
    Term("ML", "software that learns patterns from examples instead of following hand-written rules",
         "machine learning"),
    Term("LLM", "a model trained on huge amounts of text that predicts and writes language", "large language model",
         plural="large language models"),
    Term("LLM Ops", "the practice of running large language models in production: prompts, evaluation, cost and monitoring",
         "running large language models in production", ("LLMOps",)),
    Term("ML Ops", "the practice of training, deploying and monitoring machine learning models in production",
         "running machine learning models in production", ("MLOps",)),
    Term("DevOps", "a way of working where the people who build software also ship and run it, with a lot of automation",
         "software development and IT operations"),
    Term("NLP", "the field of getting computers to work with human language", "natural language processing"),
    Term("RAG", "a technique where a model first looks up relevant documents and then answers using them",
         "retrieval-augmented generation"),
    Term("GPT", "a family of large language models that generate text one token at a time",
         "generative pre-trained transformer"),
    Term("transformer", "the neural network design behind most language models, built around attention"),
    Term("token", "a small piece of text, often part of a word, that a language model reads and writes"),
    Term("embedding", "a list of numbers that represents the meaning of a piece of text", aliases=("embeddings",)),
    Term("vector database", "a database that stores embeddings and finds the ones closest to a query"),
    Term("fine-tuning", "further training a pre-trained model on your own examples", aliases=("fine tuning",)),
    Term("prompt engineering", "writing and testing the instructions you give a language model"),
    Term("inference", "running a trained model to get answers, as opposed to training it"),
    Term("quantization", "storing a model's numbers with fewer bits so it runs smaller and faster"),
    Term("GPU", "a processor with thousands of small cores, used to train and run models", "graphics processing unit"),
    Term("API", "a defined way for one program to ask another program for data or actions",
         "application programming interface", plural="application programming interfaces"),
    Term("REST", "a style of web API where URLs name resources and HTTP verbs act on them",
         "representational state transfer"),
    Term("GraphQL", "a query language for APIs where the client asks for exactly the fields it needs"),
    Term("SDK", "a package of libraries and tools for building on a platform", "software development kit"),
    Term("CLI", "a program you use by typing commands in a terminal", "command-line interface"),
    Term("HTTP", "the protocol browsers and servers use to exchange web pages and data", "Hypertext Transfer Protocol"),
    Term("DNS", "the system that turns a domain name into the address of a server", "Domain Name System"),
    Term("CDN", "a network of servers that keeps copies of your files close to your users",
         "content delivery network"),
    Term("TLS", "the encryption that protects data sent over a network, the S in HTTPS", "Transport Layer Security"),
    Term("OAuth", "a standard that lets an app act on your behalf without getting your password"),
    Term("JSON", "a plain-text format for data made of keys, values and lists", "JavaScript Object Notation"),
    Term("YAML", "a plain-text format for configuration that uses indentation for structure"),
    Term("SQL", "the language for asking a relational database for data", "Structured Query Language"),
    Term("NoSQL", "databases that store data in shapes other than tables, such as documents or key-value pairs"),
    Term("SQLite", "a small SQL database engine that keeps a whole database in a single file"),
    Term("PostgreSQL", "a widely used open-source relational database server", aliases=("Postgres",)),
    Term("ORM", "a library that maps database rows to objects in your code", "object-relational mapping"),
    Term("ACID", "the guarantees that keep database transactions safe: atomicity, consistency, isolation, durability",
         "atomicity, consistency, isolation, durability"),
    Term("WAL", "a log where changes are written first, so a database can recover and serve reads during writes",
         "write-ahead logging"),
    Term("cache", "a fast store of recent results, so the same work is not done twice", aliases=("caching",)),
    Term("rate limiting", "capping how many requests a client may make in a period of time"),
    Term("Docker", "a tool that packages an app and everything it needs into a container"),
    Term("container", "a packaged app with its own files and settings that runs the same way on any machine",
         aliases=("containers",)),
    Term("Kubernetes", "a system that starts, scales and restarts containers across many machines", aliases=("K8s",)),
    Term("microservices", "an architecture where an app is split into small services that talk over the network"),
    Term("serverless", "running code without managing servers: the cloud starts it on demand and bills per use",
         adjective=True),
    Term("CI/CD", "automation that tests every change and ships the ones that pass",
         "continuous integration and delivery", ("CI", "CD")),
    Term("Git", "the version control system that records every change to a project's files"),
    Term("SRE", "an engineering approach to keeping services reliable, using error budgets and automation",
         "site reliability engineering"),
    Term("SLO", "a target for how reliable a service should be, such as 99.9% of requests succeeding",
         "service level objective"),
    Term("IaC", "managing servers and cloud resources with code instead of by hand", "infrastructure as code"),
    Term("SaaS", "software you use through a subscription in the browser instead of installing it",
         "software as a service"),
    Term("SEO", "making pages easy for search engines to find and rank", "search engine optimization"),
    Term("UX", "how it feels to use a product, from first click to finished task", "user experience"),
    Term("TDD", "writing a failing test first, then the code that makes it pass", "test-driven development"),
    Term("MVP", "the smallest version of a product that lets you learn whether people want it",
         "minimum viable product"),
)


# Words that may follow a term without making it part of a longer noun ("caching is", "a cache for").
FOLLOWERS = frozenset("""is are was were be and or but of in on at by for with from to as that which who
    vs versus can could should will would may might must do does did has have had not it its this your
    their explained works work helps help means""".split())


def _index() -> dict[str, Term]:
    out: dict[str, Term] = {}
    for t in TERMS:
        for spelling in (t.name, *t.aliases):
            out.setdefault(spelling.lower(), t)
    return out


BY_NAME: dict[str, Term] = _index()


def lookup(term: str) -> Term | None:
    """The glossary entry for a spelling ("llmops", "K8s", "LLMs"), or None."""
    low = re.sub(r"\s+", " ", term.strip().lower())
    return BY_NAME.get(low) or (BY_NAME.get(low[:-1]) if low.endswith("s") and len(low) > 3 else None)


def find_terms(text: str, any_case: bool = False) -> list[Term]:
    """Glossary terms named in `text`, longest spelling first, each once, in order of appearance.
    Short acronyms count only in capitals ("ML", not "ml") unless `any_case` (a typed topic)."""
    found: list[tuple[int, Term]] = []
    taken: list[tuple[int, int]] = []
    for spelling in sorted(BY_NAME, key=len, reverse=True):
        for m in re.finditer(rf"(?<![\w/-]){re.escape(spelling)}s?(?![\w/-])", text, re.IGNORECASE):
            if not any_case and spelling.isalpha() and len(spelling) <= 5 and spelling.upper() == BY_NAME[spelling].name \
                    and not m.group(0)[:len(spelling)].isupper():
                continue  # "api" in prose is fine, but "ml", "ai", "cd" as plain words are not acronyms
            if any(a < m.end() and m.start() < b for a, b in taken):
                continue
            after = re.match(r"\s+([A-Za-z]+)", text[m.end():])
            entry = BY_NAME[spelling]
            if entry.name.islower() and not entry.adjective and after and after.group(1).lower() not in FOLLOWERS:
                continue  # "token bucket", "cache invalidation": the word modifies another noun here
            taken.append((m.start(), m.end()))
            term = BY_NAME[spelling]
            if all(t is not term for _, t in found):
                found.append((m.start(), term))
    return [t for _, t in sorted(found, key=lambda x: x[0])]


def prompt_expansions() -> dict[str, str]:
    """lower-case spelling -> "Spelling (expansion)" for every acronym, for `tokens.expand_terms`."""
    out: dict[str, str] = {}
    for t in TERMS:
        if not t.expansion:
            continue
        for spelling in (t.name, *t.aliases):
            if spelling in ("CI", "CD"):
                continue
            out[spelling.lower()] = f"{spelling} ({t.expansion})"
            if t.plural:
                out[spelling.lower() + "s"] = f"{spelling}s ({t.plural})"
    out["k8s"] = "K8s (Kubernetes)"
    return out
