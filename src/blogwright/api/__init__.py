"""The one door: every action a front end (the CLI, the web page, a library user) offers goes through
`blogwright.api`; `cli/` and `web/` import only `api`, `model` and `core` (`lint-imports` enforces it).

    from blogwright import api
    result = api.write(api.make_request(brief=brief, model="fake", out_dir="posts"))
    api.posts.save_part(store, run_id, "s0", text)       # a written post: edit, revise, save, publish
    api.voices.learn_voice(paths, "me")                  # voices: list, learn, score, feedback
    api.models.usable_models()                           # models, the install's health
    api.settings.GateConfig.load()                       # the quality gates' settings
    api.batches.plan_batch("calendar.yaml", "posts")      # a content calendar as a durable queue
    api.briefs.brief_from_request(text)                  # reading a request, notes
    api.research.find_notes("git stash")                 # notes from the web; api.research.library_add(paths)
    with api.runs.open_store() as store: ...            # the log of runs

The actions are grouped in submodules, each importing only what its actions need, and nothing is
imported until it is used (`api.write` loads `api.writing`; `api.runs` the log only), so a command
that lists runs does not load the model code. Names of `writing` are also attributes here.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:  # the same names for type checkers; at run time `__getattr__` imports them on first use
    from blogwright.api import batches, briefs, models, posts, research, runs, settings, voices, writing
    from blogwright.api.writing import (
        STDOUT,
        Front,
        Interrupted,
        RunReport,
        WriteRequest,
        WriteResult,
        check_file,
        check_out_dir,
        check_writable,
        make_front,
        make_request,
        open_store,
        recover,
        write,
    )

GROUPS = ("batches", "briefs", "models", "posts", "research", "runs", "settings", "voices", "writing")
WRITING = ("STDOUT", "Front", "Interrupted", "RunReport", "WriteRequest", "WriteResult", "check_file", "check_out_dir",
           "check_writable", "make_front", "make_request", "open_store", "recover", "write")

__all__ = ["STDOUT", "Front", "Interrupted", "RunReport", "WriteRequest", "WriteResult", "batches", "briefs",
           "check_file", "check_out_dir", "check_writable", "make_front", "make_request", "models", "open_store", "posts",
           "recover", "research", "runs", "settings", "voices", "write", "writing"]


def __getattr__(name: str) -> Any:
    if name in GROUPS:
        return importlib.import_module(f"blogwright.api.{name}")
    if name in WRITING:
        return getattr(importlib.import_module("blogwright.api.writing"), name)
    raise AttributeError(f"module 'blogwright.api' has no attribute {name!r}")
