"""A backend for any OpenAI-compatible `/chat/completions` server, over httpx.

Works with OpenAI, Ollama, vLLM, LM Studio and the llama.cpp servers. `base_url` is used as
given and should end in `/v1` (e.g. `http://127.0.0.1:8080/v1`). llama.cpp-only parameters
(`repeat_penalty`, `grammar`, `stream_options`) are sent only when `send_llama_params` is on,
because OpenAI itself rejects unknown parameters.

A call with `GenParams.json_schema` sends `response_format` (OpenAI, vLLM, Ollama, LM Studio:
`json_schema`; llama.cpp servers: `json_object` with its `schema`); a server that refuses it (400,
422, or an error naming `response_format`) is asked again without it, and `supports_json_schema`
turns off for this backend. Retries (429, 5xx, timeouts) run through tenacity; `on_retry`
(attempt, reason, Retry-After seconds or None) is called before each retry's wait: a batch uses it
to slow every post down when the server answers 429.
"""

from __future__ import annotations

import email.utils
import json
import math
import os
import socket
import time
from collections.abc import Callable, Iterator
from typing import Any

import httpx
import tenacity

from blogwright.backends.base import Completion, GenParams, Message, Stream
from blogwright.backends.wire import ChatCompletion, StreamChunk, Usage, load_json, parse
from blogwright.core.config import section
from blogwright.core.errors import BackendError
from blogwright.core.http import Budget, BudgetExceeded, GuardedTransport, within
from blogwright.core.limits import human_size, limit

DEFAULT_BASE_URL = "https://api.openai.com/v1"
NO_SERVER = ("openai: no server and no API key: pass --base-url http://HOST:PORT/v1 (or set OPENAI_BASE_URL, or "
             "`blogwright config set openai.base_url URL`); for Ollama use --model ollama:MODEL; for any `llm` "
             "model (keys from `llm keys set`) use --model llm:MODEL_ID; to use api.openai.com set OPENAI_API_KEY. "
             "`blogwright models` lists what is usable now")
RETRY_STATUSES = frozenset({429, 500, 502, 503, 504})
MAX_RETRY_AFTER = 30.0
_PROXY_VARS = ("http_proxy", "https_proxy", "all_proxy")
_MODEL_MISSING = ("does not exist", "not found", "model_not_found", "no such model", "unknown model")


def _estimate_tokens(text: str) -> int:
    return len(text) // 4  # ~4 characters per token: used when the server reports no usage


def _prompt_estimate(messages: list[Message]) -> int:
    return sum(len(m.content) // 4 for m in messages)


def _short(text: str, limit: int = 200) -> str:
    text = " ".join(str(text).split())
    return text if len(text) <= limit else text[: limit - 3] + "..."


def _error_message(resp: httpx.Response) -> str:
    """The server's own error text (OpenAI `{"error": {"message": ...}}` and variants)."""
    try:
        body = json.loads(resp.content)
    except (ValueError, RecursionError):
        return _short(resp.text[:1000] or resp.reason_phrase)
    err = body.get("error", body) if isinstance(body, dict) else body
    if isinstance(err, dict):
        err = err.get("message") or err.get("detail") or err
    return _short(err if isinstance(err, str) else json.dumps(err))


def _retry_after(resp: httpx.Response) -> float | None:
    """Seconds from a `Retry-After` header (number or HTTP date), capped at 30 s."""
    value = resp.headers.get("retry-after")
    if not value:
        return None
    try:
        seconds = float(value)
    except ValueError:
        try:
            seconds = email.utils.parsedate_to_datetime(value).timestamp() - time.time()
        except (TypeError, ValueError, OverflowError):
            return None
    if not math.isfinite(seconds):  # "nan", "inf": not a number of seconds
        return None
    return min(max(seconds, 0.0), MAX_RETRY_AFTER)


class _Retry(Exception):
    """A failed try that another may mend: a timeout, 429 or 5xx. `wait` is the server's Retry-After."""

    def __init__(self, reason: str, wait: float | None = None, timed_out: bool = False):
        super().__init__(reason)
        self.reason, self.wait, self.timed_out = reason, wait, timed_out


class _RetryAfter(tenacity.wait.wait_base):
    """Wait what the server asked for in Retry-After (capped by `_retry_after`), else the backoff."""

    def __init__(self, backoff: tenacity.wait.wait_base):
        self.backoff = backoff

    def __call__(self, state: tenacity.RetryCallState) -> float:
        exc = state.outcome.exception() if state.outcome is not None else None
        return exc.wait if isinstance(exc, _Retry) and exc.wait is not None else self.backoff(state)


def _transport(transport: httpx.BaseTransport | None) -> httpx.BaseTransport | None:
    """The test's transport, else core.http's (the overall deadline and byte cap enforced on every socket
    read; model servers are often on this machine, so private addresses are allowed); httpx's own when a
    proxy is configured in the environment (the deadline is then checked between chunks only)."""
    if transport is not None:
        return transport
    if any(os.environ.get(v) or os.environ.get(v.upper()) for v in _PROXY_VARS):
        return None
    return GuardedTransport(allow_private=True)


class OpenAIBackend:
    """Chat completions over HTTP, with retries, backoff and one-line errors."""

    name = "openai"
    weak = False  # a server's model: trusted (a user may mark one weak)

    def __init__(self, model: str, base_url: str = DEFAULT_BASE_URL, api_key: str | None = None,
                 timeout: float = 120.0, send_llama_params: bool = False, max_attempts: int = 4,
                 base_delay: float = 0.5, sleep: Callable[[float], None] = time.sleep,
                 transport: httpx.BaseTransport | None = None, json_schema: bool = True,
                 on_retry: Callable[[int, str, float | None], None] | None = None, setting: str = "openai"):
        self.model = model
        self.setting = setting  # the config section whose `timeout` this is (openai, ollama)
        self.supports_json_schema = json_schema
        # `logit_bias` takes the server's own token ids, which this client cannot compute: no word biases
        self.supports_word_bias = False
        self.on_retry = on_retry
        self.base_url = base_url.rstrip("/")
        self.timeout = check_timeout(timeout, f"{setting}.timeout")
        self.send_llama_params = send_llama_params
        self.max_attempts = max(1, int(max_attempts))
        self.base_delay = base_delay
        self._sleep = sleep
        headers = {"Authorization": f"Bearer {api_key}"} if api_key else {}
        self._has_key = bool(api_key)
        chosen = _transport(transport)
        self._direct = transport is None and chosen is not None  # sockets of our own: no test transport, no proxy
        self._client = httpx.Client(transport=chosen, headers=headers,
                                    timeout=httpx.Timeout(self.timeout, connect=min(self.timeout, 5.0)))

    @classmethod
    def from_settings(cls, model: str | None = None, base_url: str | None = None,
                      api_key: str | None = None, timeout: float | None = None,
                      **kwargs: Any) -> OpenAIBackend:
        """Resolve each setting: flag > environment > config file `openai:` section > default."""

        conf = section("openai")
        env = os.environ
        base_url = base_url or env.get("OPENAI_BASE_URL") or conf.get("base_url")
        api_key = api_key or env.get("OPENAI_API_KEY") or conf.get("api_key")
        if not base_url and not api_key:  # never a silent call to a hosted API
            raise BackendError(NO_SERVER)
        base_url = base_url or DEFAULT_BASE_URL
        model = model or env.get("BLOGWRIGHT_OPENAI_MODEL") or env.get("OPENAI_MODEL") or conf.get("model")
        if not model:
            raise BackendError("no model name for the OpenAI-compatible server: use --model openai:NAME, "
                               "set BLOGWRIGHT_OPENAI_MODEL, or `blogwright config set openai.model NAME`")
        timeout = check_timeout(timeout if timeout is not None else conf.get("timeout") or 120.0, "openai.timeout")
        llama = conf.get("send_llama_params", conf.get("send_grammar", False))
        kwargs.setdefault("send_llama_params", str(llama).lower() in ("true", "1", "yes", "on"))
        return cls(str(model), base_url=str(base_url), api_key=api_key, timeout=timeout, **kwargs)

    def close(self) -> None:
        self._client.close()

    def reach(self, timeout: float = 3.0) -> None:
        """Raise the BackendError the first request would raise when nothing listens at the server's
        address (`--model ollama:foo` with no Ollama running), before any work starts: a TCP connect
        only, no request and no tokens. A slow answer passes (the request retries it)."""
        if not self._direct:
            return
        url = httpx.URL(self.base_url)
        try:
            with socket.create_connection((url.host, url.port or (443 if url.scheme == "https" else 80)), timeout=timeout):
                return
        except TimeoutError:
            return
        except OSError as exc:
            self._raise_or_retry(httpx.ConnectError(str(exc)))

    def _body(self, messages: list[Message], params: GenParams, stream: bool) -> dict[str, Any]:
        body: dict[str, Any] = {
            "model": self.model,
            "messages": [{"role": m.role, "content": m.content} for m in messages],
            "max_tokens": params.max_tokens, "temperature": params.temperature, "top_p": params.top_p,
        }
        if params.stop:
            body["stop"] = list(params.stop)
        if params.seed is not None:
            body["seed"] = params.seed
        schema = json.loads(params.json_schema) if params.json_schema and self.supports_json_schema else None
        if schema is not None:
            body["response_format"] = ({"type": "json_object", "schema": schema} if self.send_llama_params else
                                       {"type": "json_schema", "json_schema": {"name": "answer", "schema": schema}})
        if self.send_llama_params:
            body["repeat_penalty"] = params.repeat_penalty
            if params.grammar and schema is None:
                body["grammar"] = params.grammar
        if stream:
            body["stream"] = True
            if self.send_llama_params:
                body["stream_options"] = {"include_usage": True}
        return body

    def _budget(self) -> Budget:
        """One attempt's budget: `timeout` seconds for the whole answer (not per read: a server that
        sends a byte every 2 s is cut off) and `limit("model_bytes")` bytes."""
        return Budget.of(self.timeout, limit("model_bytes"))

    def _timed_out(self) -> BackendError:
        return BackendError(f"the server at {self.base_url} did not finish its answer within {self.timeout:g} s; "
                            f"raise `{self.setting}.timeout` (blogwright config set {self.setting}.timeout SECONDS) "
                            "or check the server")

    def _too_big(self) -> BackendError:
        return BackendError(f"the server at {self.base_url} sent more than {human_size(limit('model_bytes'))} in one "
                            "answer; cut off (BLOGWRIGHT_MAX_MODEL_BYTES or --limit model_bytes=... raises it)")

    def _send(self, body: dict[str, Any], stream: bool) -> tuple[httpx.Response, Budget]:
        """POST with retries (tenacity: up to `max_attempts` tries, waiting the server's Retry-After or an
        exponential backoff with jitter through the injected `sleep`); returns a 2xx response (open, if
        streaming; read, if not) and the budget its reading must stay within, or raises BackendError."""
        retrying = tenacity.Retrying(
            stop=tenacity.stop_after_attempt(self.max_attempts), sleep=self._sleep, reraise=False,
            retry=tenacity.retry_if_exception_type(_Retry), before_sleep=self._before_sleep,
            wait=_RetryAfter(tenacity.wait_exponential(multiplier=self.base_delay, max=MAX_RETRY_AFTER)
                             + tenacity.wait_random(0, self.base_delay / 2)))
        try:
            return retrying(self._attempt, body, stream)
        except tenacity.RetryError as exc:
            last = exc.last_attempt.exception()
            reason = last.reason if isinstance(last, _Retry) else str(last)
        if isinstance(last, _Retry) and last.timed_out:
            raise BackendError(f"cannot reach the OpenAI-compatible server at {self.base_url}: {reason} "
                               f"after {self.max_attempts} tries; raise `{self.setting}.timeout` or check the server")
        raise BackendError(f"the server at {self.base_url} failed {self.max_attempts} tries in a row "
                           f"(last: {_short(reason, 200)}); try again later, or check the server's log")

    def _before_sleep(self, state: tenacity.RetryCallState) -> None:
        exc = state.outcome.exception() if state.outcome is not None else None
        if self.on_retry is not None and isinstance(exc, _Retry):
            self.on_retry(state.attempt_number, exc.reason, exc.wait)

    def _attempt(self, body: dict[str, Any], stream: bool) -> tuple[httpx.Response, Budget]:
        """One POST: a 2xx response and its budget, `_Retry` for what another try may mend, or BackendError."""
        budget = self._budget()
        try:
            req = self._client.build_request("POST", f"{self.base_url}/chat/completions", json=body)
            with within(budget):
                resp = self._client.send(req, stream=True)
                if not stream or resp.status_code >= 300:
                    resp.read()
                    resp.close()
        except httpx.HTTPError as exc:
            if isinstance(exc.__cause__, BudgetExceeded):
                raise self._too_big() from None
            if budget.passed():
                raise self._timed_out() from None
            self._raise_or_retry(exc)
            raise _Retry("connect timed out" if isinstance(exc, httpx.ConnectTimeout) else
                         f"no answer within {self.timeout:g} s", timed_out=True) from None
        if resp.status_code < 300:
            return resp, budget
        if "response_format" in body and (resp.status_code in (400, 422) or any(
                k in _error_message(resp).lower() for k in ("response_format", "json_schema"))):
            # this server does not take a schema (llama-cpp-python says so with a 500): ask in plain text
            self.supports_json_schema = False
            return self._send({k: v for k, v in body.items() if k != "response_format"}, stream)
        if resp.status_code not in RETRY_STATUSES:
            self._fail(resp)
        raise _Retry(f"HTTP {resp.status_code}: {_error_message(resp)}", wait=_retry_after(resp))

    def _raise_or_retry(self, exc: httpx.HTTPError) -> None:
        """Raise the BackendError for a failure no retry can help; return for a timeout (retried)."""
        if isinstance(exc, (httpx.ConnectTimeout, httpx.ReadTimeout)):
            return
        if isinstance(exc, httpx.ConnectError):
            why = "connection refused" if "refused" in str(exc).lower() else _short(exc, 120)
            where = ("is Ollama running (`ollama serve`)? set --base-url, OLLAMA_HOST or `ollama.base_url`"
                     if self.setting == "ollama" else "is it running? set --base-url or OPENAI_BASE_URL")
            raise BackendError(f"cannot reach the {'Ollama' if self.setting == 'ollama' else 'OpenAI-compatible'} "
                               f"server at {self.base_url}: {why}; {where}") from None
        if isinstance(exc, httpx.RemoteProtocolError):
            raise BackendError(f"the server at {self.base_url} closed the connection without answering; "
                               "did it crash? check its log") from None
        raise BackendError(f"request to {self.base_url} failed: {_short(exc, 160)}") from None

    def _fail(self, resp: httpx.Response) -> None:
        """Raise the BackendError that explains a non-retryable error response."""
        status, msg = resp.status_code, _error_message(resp)
        if status in (401, 403):
            key = "the API key was rejected" if self._has_key else "no API key was sent"
            raise BackendError(f"the server at {self.base_url} refused access (HTTP {status}): {key}; "
                               "set OPENAI_API_KEY or `api_key:` under `openai:` in the config file")
        low = msg.lower()
        if status == 404 or ("model" in low and any(s in low for s in _MODEL_MISSING)):
            names = self.list_models()
            if names is not None and self.model not in names:
                shown = ", ".join(names[:10]) + (" ..." if len(names) > 10 else "") if names else "none"
                raise BackendError(f"model {self.model!r} is not available at {self.base_url} "
                                   f"(available: {shown}); pick one with --model {self.setting}:NAME")
            raise BackendError(f"model {self.model!r} or the endpoint was not found at {self.base_url} "
                               f"(HTTP {status}: {msg}); check the model name and that the URL ends in /v1")
        raise BackendError(f"the server at {self.base_url} refused the request (HTTP {status}): {msg}")

    def list_models(self) -> list[str] | None:
        """Model ids from `GET /models`, or None when that endpoint does not answer usefully."""
        try:
            with within(Budget.of(10.0, limit("model_bytes"))):
                return model_ids(self._client.get(f"{self.base_url}/models", timeout=10.0))
        except httpx.HTTPError:
            return None

    def _completion(self, resp: httpx.Response) -> ChatCompletion:
        """The answer as the OpenAI wire format (backends/wire.py); anything else is one BackendError line."""
        data = load_json(resp.content, self.base_url, f"a response (HTTP {resp.status_code})")
        if isinstance(data, dict) and "error" in data and not data.get("choices"):
            raise BackendError(f"the server at {self.base_url} reported an error: {_error_message(resp)}")
        if not isinstance(data, dict):
            raise BackendError(f"the server at {self.base_url} sent malformed JSON: expected an object")
        return parse(ChatCompletion, data, self.base_url, "completion")

    def _usage(self, usage: Usage | None, messages: list[Message], text: str) -> dict[str, int]:
        u = usage or Usage()
        return {"prompt_tokens": u.prompt_tokens or _prompt_estimate(messages),
                "completion_tokens": u.completion_tokens or _estimate_tokens(text),
                "cached_prompt_tokens": (u.prompt_tokens_details.cached_tokens or 0) if u.prompt_tokens_details else 0}

    def complete(self, messages: list[Message], params: GenParams) -> Completion:
        t0 = time.perf_counter()
        resp, _ = self._send(self._body(messages, params, stream=False), stream=False)
        data = self._completion(resp)
        choice = data.choices[0]
        text = choice.message.content or ""
        return Completion(text=text, finish_reason=choice.finish_reason or "stop", model=data.model or self.model,
                          duration_s=time.perf_counter() - t0, **self._usage(data.usage, messages, text))

    def stream(self, messages: list[Message], params: GenParams) -> Stream:
        t0 = time.perf_counter()
        state: dict[str, Any] = {"finish": "stop", "usage": None, "model": self.model}
        cap = _text_cap(params)

        def pieces() -> Iterator[str]:
            resp, budget = self._send(self._body(messages, params, stream=True), stream=True)
            events = self._events(resp, state)
            total = 0
            try:
                while True:
                    with within(budget):  # entered per piece: the caller's own requests stay outside it
                        try:
                            piece = next(events)
                        except StopIteration:
                            return
                    if budget.passed():
                        raise self._timed_out()
                    total += len(piece)
                    if total > cap:  # a server that ignores max_tokens and streams on: keep what fits
                        state["finish"] = "length"
                        yield piece[: len(piece) - (total - cap)]
                        return
                    yield piece
            except httpx.HTTPError as exc:
                if isinstance(exc.__cause__, BudgetExceeded):
                    raise self._too_big() from None
                if budget.passed():
                    raise self._timed_out() from None
                raise BackendError(f"the stream from {self.base_url} broke off: {_short(exc, 160)}") from None
            finally:
                resp.close()

        def finish(text: str) -> Completion:
            return Completion(text=text, finish_reason=state["finish"], model=state["model"],
                              duration_s=time.perf_counter() - t0, **self._usage(state["usage"], messages, text))

        return Stream(pieces(), finish)

    def _events(self, resp: httpx.Response, state: dict[str, Any]) -> Iterator[str]:
        """Parse server-sent events: `data: {json}` lines until `data: [DONE]`, each checked against the
        wire format (backends/wire.py)."""
        for line in resp.iter_lines():
            if not line.startswith("data:"):
                continue  # comments (`: ping`), `event:` lines and blank separators
            payload = line[5:].strip()
            if payload == "[DONE]":
                return
            chunk = load_json(payload, self.base_url, "a stream event")
            if not isinstance(chunk, dict):
                raise BackendError(f"the server at {self.base_url} sent a malformed stream event")
            if chunk.get("error"):
                err = chunk["error"]
                msg = err.get("message", err) if isinstance(err, dict) else err
                raise BackendError(f"the server at {self.base_url} failed mid-stream: {_short(str(msg))}")
            event = parse(StreamChunk, chunk, self.base_url, "stream event")
            if event.model:
                state["model"] = event.model
            if event.usage:
                state["usage"] = event.usage
            for choice in event.choices:
                if choice.finish_reason:
                    state["finish"] = choice.finish_reason
                piece = choice.delta.content if choice.delta else None
                if piece:
                    yield piece


def _text_cap(params: GenParams) -> int:
    """Characters one streamed answer may hold: ~16 per asked token (a server that ignores max_tokens
    and streams on is cut there), at most `limit("model_bytes")`."""
    asked = params.max_tokens if params.max_tokens and params.max_tokens > 0 else 8192
    return min(asked * 16 + 2000, limit("model_bytes"))


def check_timeout(value: Any, name: str = "openai.timeout") -> float:
    """A timeout in seconds: a finite number above 0 and at most a day (`1e309`, `nan`, `-5` refused)."""
    try:
        seconds = float(value)
    except (TypeError, ValueError, OverflowError):
        raise BackendError(f"{name} must be a number of seconds, not {str(value)[:40]!r}") from None
    if not math.isfinite(seconds) or not 0 < seconds <= 86_400:
        raise BackendError(f"{name} must be a number of seconds between 0 and 86400, not {str(value)[:40]!r}")
    return seconds


def model_ids(resp: httpx.Response) -> list[str] | None:
    """The model ids of an OpenAI-style `GET /models` answer, None when it is not one."""
    try:
        data = json.loads(resp.content).get("data") if resp.status_code == 200 else None
    except (ValueError, AttributeError, RecursionError):
        return None
    if not isinstance(data, list):
        return None
    return [str(m["id"]) for m in data if isinstance(m, dict) and "id" in m]
