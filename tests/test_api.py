"""`api.write` on the fake backend: it closes the log and the backend it opened on every path, and
the events it emits are typed and survive a round trip through JSON-able dicts."""

from __future__ import annotations

import json

import pytest
from rich.console import Console

from blogwright import api
from blogwright.backends.fake import FakeBackend
from blogwright.cli.progress import ProgressView
from blogwright.core.errors import BackendError, BadInput
from blogwright.model.brief import make_brief
from blogwright.model.events import EVENT, PartWritten, SectionProgress, StageStarted, TokenStreamed
from blogwright.model.post import CONCLUSION, INTRO, section_part
from blogwright.model.request import make_request
from blogwright.pipeline.run import Interrupted
from blogwright.store import Store
from blogwright.web.jobs import Job


@pytest.fixture
def opened(monkeypatch):
    """Every store and backend `api.write` opens, recorded; no embedding model is preloaded."""
    seen: dict[str, list] = {"stores": [], "backends": []}
    real_open = api.open_store

    def open_store(no_log: bool = False) -> Store:
        store = real_open(no_log)
        seen["stores"].append(store)
        return store

    monkeypatch.setattr(api.writing, "open_store", open_store)
    monkeypatch.setattr(api.writing, "preload_embeddings", lambda: None)

    def backend_with(function=None):
        def get_backend(spec, **opts):
            backend = FakeBackend(function=function)
            seen["backends"].append(backend)
            return backend
        monkeypatch.setattr(api.writing, "get_backend", get_backend)

    seen["backend_with"] = backend_with  # type: ignore[assignment]
    return seen


def _brief(**kw):
    return make_brief(topic="home composting", words=300, **kw)


def _all_closed(seen) -> bool:
    return all(s.db is None for s in seen["stores"]) and all(b.closed == 1 for b in seen["backends"])


def test_write_closes_the_log_and_its_backend_after_success(opened, tmp_path):
    opened["backend_with"]()
    result = api.write(_brief(), model="fake", out_dir=tmp_path)
    assert result.path.is_file()
    assert len(opened["stores"]) == 1 and opened["stores"][0].path is not None and _all_closed(opened)
    with Store() as store:
        assert store.run(result.post.run_id)["status"] == "done"


def test_write_closes_the_log_and_its_backend_when_the_model_fails(opened, tmp_path):
    def broken(messages, params):
        raise BackendError("the server went away")

    opened["backend_with"](broken)
    with pytest.raises(BackendError, match="went away"):
        api.write(_brief(), model="fake", out_dir=tmp_path)
    assert len(opened["stores"]) == 1 and len(opened["backends"]) == 1 and _all_closed(opened)
    with Store() as store:
        assert store.runs()[0]["status"] == "failed"


def test_write_closes_the_log_and_its_backend_on_ctrl_c(opened, tmp_path):
    calls = []

    def interrupting(messages, params):
        calls.append(1)
        if len(calls) == 9:  # after some prose (a Ctrl-C before any saves no draft)
            raise KeyboardInterrupt
        return "Composting turns scraps into soil. It takes weeks. Worms help a lot."

    opened["backend_with"](interrupting)
    with pytest.raises(Interrupted) as info:
        api.write(_brief(), model="fake", out_dir=tmp_path)
    assert info.value.path.name.endswith(".draft.md") and _all_closed(opened)  # type: ignore[attr-defined]


def test_write_closes_its_backend_when_the_post_cannot_be_saved(opened, tmp_path, monkeypatch):
    opened["backend_with"]()

    def cannot_write(*args, **kw):
        raise BadInput("cannot write to the folder")

    monkeypatch.setattr(api.writing, "write_post_file", cannot_write)
    with pytest.raises(BadInput, match="cannot write"):
        api.write(_brief(), model="fake", out_dir=tmp_path)
    assert len(opened["stores"]) == 1 and _all_closed(opened)


def test_a_backend_passed_in_belongs_to_the_caller(opened, tmp_path):
    mine = FakeBackend()
    api.write(_brief(), backend=mine, out_dir=tmp_path, no_log=True)
    assert mine.closed == 0 and opened["backends"] == [] and _all_closed(opened)
    api.write(_brief(), backend=mine, out_dir=tmp_path, no_log=True)  # still usable


def test_bad_requests_open_nothing(opened, tmp_path):
    opened["backend_with"]()
    with pytest.raises(BadInput, match="--unsupported"):
        api.write(_brief(), model="fake", out_dir=tmp_path, unsupported="shout")
    assert opened["stores"] == [] and opened["backends"] == []


def test_a_missing_fake_script_is_bad_input_not_a_traceback(tmp_path):
    with pytest.raises(BadInput, match="no such fake script"):
        api.write(_brief(), model=f"fake:{tmp_path / 'nonexistent.json'}", out_dir=tmp_path, no_log=True)
    (tmp_path / "bad.json").write_text("{not json")
    with pytest.raises(BadInput, match="not JSON"):
        api.write(_brief(), model=f"fake:{tmp_path / 'bad.json'}", out_dir=tmp_path, no_log=True)
    (tmp_path / "dict.json").write_text(json.dumps({"a": "b"}))
    with pytest.raises(BadInput, match="JSON list of strings"):
        api.write(_brief(), model=f"fake:{tmp_path / 'dict.json'}", out_dir=tmp_path, no_log=True)


def _events(tmp_path, monkeypatch) -> list:
    monkeypatch.setattr(api.writing, "preload_embeddings", lambda: None)
    events: list = []
    api.write(_brief(), backend=FakeBackend(), out_dir=tmp_path, stream=True, no_log=True, on_event=events.append)
    return events


def test_events_of_a_run_are_typed_and_round_trip(tmp_path, monkeypatch):
    events = _events(tmp_path, monkeypatch)
    kinds = {e.kind for e in events}
    assert {"stage", "section", "part", "token", "call"} <= kinds
    for e in events:
        dumped = e.model_dump()
        assert EVENT.validate_python(dumped) == e
        assert EVENT.validate_json(json.dumps(dumped)) == e  # what a web client would get
    draft = next(e for e in events if isinstance(e, StageStarted) and e.stage == "draft")
    assert draft.outline is not None and draft.total == len(draft.outline.sections)
    parts = [e.part for e in events if isinstance(e, PartWritten)]
    assert parts == [INTRO, *(section_part(i) for i in range(draft.total)), CONCLUSION]
    starts = [e.index for e in events if isinstance(e, SectionProgress) and e.phase == "start"]
    assert starts == list(range(draft.total))


def test_the_web_job_and_the_cli_view_consume_the_events(tmp_path, monkeypatch):
    events = _events(tmp_path, monkeypatch)
    job = Job(id="j1", request=make_request(brief=_brief(), model="fake"))
    for e in events:
        job.sink(e)
    state = job.snapshot()
    n = len(state["outline"])
    assert [s["part"] for s in state["outline"]] == [section_part(i) for i in range(n)]
    assert set(state["parts"]) == {INTRO, CONCLUSION, *(section_part(i) for i in range(n))}
    assert state["tokens"] == sum(isinstance(e, TokenStreamed) for e in events) and state["stage"] == "check"
    sent = [e["kind"] for e in job.events_after(0)]
    assert sent.count("part") == n + 2 and sent.count("section") == n and "call" in sent

    console = Console(record=True, width=100, force_terminal=False)
    with ProgressView(console, stream=True) as view:
        for e in events:
            view(e)
    text = console.export_text()
    assert "── draft ──" in text and all(f"## {s['heading']}" in text for s in state["outline"])
    assert view.tokens > 0 and view.tps()
