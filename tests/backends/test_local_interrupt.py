"""Issue 18 #10: Ctrl-C while llama.cpp loads a model is honoured after the load, never lost (a
KeyboardInterrupt raised inside llama.cpp's ctypes log callback used to be printed and swallowed)."""

from __future__ import annotations

import os
import signal
import sys
import threading
import types

import pytest

from blogwright.backends import local


def test_ctrl_c_during_the_load_raises_after_it(tmp_path, monkeypatch):
    model = tmp_path / "m.gguf"
    model.write_bytes(b"GGUF" + bytes(100))
    closed = []

    class Llama:
        def __init__(self, **kw):
            os.kill(os.getpid(), signal.SIGINT)  # Ctrl-C arrives mid-load
            self.loaded = True  # ... and the load still completes without a traceback

        def close(self):
            closed.append(self)

    monkeypatch.setitem(sys.modules, "llama_cpp", types.SimpleNamespace(Llama=Llama, llama_set_n_threads=lambda ctx, n, nb: None))
    with pytest.raises(KeyboardInterrupt):
        local.LocalBackend(model, probe=False, private=True)
    assert len(closed) == 1 and closed[0].loaded
    assert signal.getsignal(signal.SIGINT) is signal.default_int_handler  # restored


def test_a_load_without_ctrl_c_is_untouched(tmp_path, monkeypatch):
    model = tmp_path / "m.gguf"
    model.write_bytes(b"GGUF" + bytes(100))
    class Llama:
        ctx = None  # llama_cpp.Llama's context handle, handed to llama_set_n_threads

        def __init__(self, **kw):
            pass

        def eval(self, tokens):
            pass

        def close(self):
            pass

    monkeypatch.setitem(sys.modules, "llama_cpp", types.SimpleNamespace(Llama=Llama, llama_set_n_threads=lambda ctx, n, nb: None))
    backend = local.LocalBackend(model, probe=False, private=True)
    assert isinstance(backend._llm, Llama)
    backend.close()


def test_off_the_main_thread_nothing_is_deferred():
    seen = []

    def worker():
        with local._sigint_deferred() as got:
            seen.append(got)

    t = threading.Thread(target=worker)
    t.start()
    t.join()
    assert seen == [[]]
