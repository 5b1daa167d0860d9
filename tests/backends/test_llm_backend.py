"""The `llm:` backend against tiny llm plugin models registered in the test (no network, no weights).

One plugin wraps blogwright's FakeBackend, so a whole post is written through llm's Python API.
"""

from __future__ import annotations

import json
from typing import Optional

import llm
import pytest
from pydantic import Field

from blogwright import api
from blogwright.backends import get_backend
from blogwright.backends.base import GenParams, Message
from blogwright.backends.discover import llm_entries
from blogwright.backends.fake import FakeBackend
from blogwright.backends.llm_backend import LLMBackend, llm_options, split_messages
from blogwright.core.errors import BackendError
from blogwright.model.brief import make_brief


class Writer(llm.Model):
    """Answers like blogwright's fake backend; streams word by word; reports usage."""

    model_id = "bw-test-writer"
    can_stream = True
    seen: list = []

    class Options(llm.Options):
        max_tokens: Optional[int] = None
        temperature: Optional[float] = None
        stop: Optional[str] = None

    def execute(self, prompt, stream, response, conversation):
        Writer.seen.append({"prompt": prompt.prompt, "system": prompt.system, "stream": stream,
                            "options": prompt.options.model_dump(exclude_none=True)})
        messages = ([Message("system", prompt.system)] if prompt.system else []) + [Message("user", prompt.prompt)]
        text = FakeBackend().complete(messages, GenParams()).text
        words = text.split(" ")
        for i, w in enumerate(words):
            yield w + (" " if i < len(words) - 1 else "")
        response.set_usage(input=len(prompt.prompt.split()), output=len(words))


class Gemini(llm.Model):
    """Another plugin's option names: max_output_tokens and a list of stop sequences."""

    model_id = "bw-test-gemini"

    class Options(llm.Options):
        max_output_tokens: Optional[int] = None
        stop_sequences: Optional[list[str]] = Field(default=None)

    def execute(self, prompt, stream, response, conversation):
        yield json.dumps(prompt.options.model_dump(exclude_none=True))


class Keyed(llm.KeyModel):
    model_id = "bw-test-keyed"
    needs_key = "bwtest"
    key_env_var = "BW_TEST_KEY"

    def execute(self, prompt, stream, response, conversation, key):
        yield f"key={key}"


class Broken(llm.Model):
    model_id = "bw-test-broken"

    def execute(self, prompt, stream, response, conversation):
        yield "half"
        raise ConnectionError("server went away")


class Plugin:
    @llm.hookimpl
    def register_models(self, register):
        register(Writer(), aliases=["bw-writer"])
        register(Gemini())
        register(Keyed())
        register(Broken())


@pytest.fixture(autouse=True)
def plugin(tmp_path, monkeypatch):
    monkeypatch.setenv("LLM_USER_PATH", str(tmp_path / "llm"))
    monkeypatch.delenv("BW_TEST_KEY", raising=False)
    (tmp_path / "llm").mkdir()
    name = "blogwright-test-models"
    llm.pm.register(Plugin(), name=name)
    Writer.seen = []
    yield tmp_path / "llm"
    llm.pm.unregister(name=name)


def test_complete_stream_usage_and_system_prompt():
    b = get_backend("llm:bw-writer")  # an alias works too
    assert (b.name, b.model, b.weak) == ("llm", "bw-test-writer", False)
    msgs = [Message("system", "You write plainly."), Message("user", "Explain in 4 sentences: compost.")]
    c = b.complete(msgs, GenParams(max_tokens=80, temperature=0.2, stop=("\n\n", "###")))
    assert c.text and c.model == "bw-test-writer"
    assert c.finish_reason == "length"  # it reported more output tokens than max_tokens allows
    assert c.prompt_tokens == 5 and c.completion_tokens == len(c.text.split(" "))
    seen = Writer.seen[-1]
    assert seen["system"] == "You write plainly." and seen["prompt"] == "Explain in 4 sentences: compost."
    # our parameters under this model's option names; `stop` is a str here, so the first one
    assert seen["options"] == {"max_tokens": 80, "temperature": 0.2, "stop": "\n\n"} and seen["stream"] is False

    pieces = []
    s = b.stream(msgs, GenParams(max_tokens=1000))
    for p in s:
        pieces.append(p)
    assert len(pieces) > 3 and "".join(pieces) == s.completion.text and Writer.seen[-1]["stream"] is True
    assert s.completion.finish_reason == "stop"
    b.close()


def test_options_follow_each_plugins_names():
    model = llm.get_model("bw-test-gemini")
    opts = llm_options(model, GenParams(max_tokens=64, temperature=0.5, stop=("END",), seed=4))
    assert opts == {"max_output_tokens": 64, "stop_sequences": ["END"]}  # no temperature or seed option: left out
    out = LLMBackend("bw-test-gemini").complete([Message("user", "hi")], GenParams(max_tokens=64))
    assert json.loads(out.text) == {"max_output_tokens": 64}
    assert out.completion_tokens > 0  # estimated when the plugin reports no usage


def test_split_messages_keeps_earlier_turns():
    system, prompt = split_messages([Message("system", "S"), Message("user", "a"), Message("assistant", "b"),
                                     Message("user", "c")])
    assert system == "S" and prompt == "user: a\n\nassistant: b\n\nc"


def test_keys_come_from_llm_keys(plugin, monkeypatch):
    with pytest.raises(BackendError, match="llm keys set bwtest") as err:
        get_backend("llm:bw-test-keyed")
    assert "BW_TEST_KEY" in str(err.value)
    (plugin / "keys.json").write_text(json.dumps({"bwtest": "sk-from-llm-keys"}))  # what `llm keys set` writes
    assert get_backend("llm:bw-test-keyed").complete([Message("user", "x")], GenParams()).text == "key=sk-from-llm-keys"
    # --api-key passes an explicit key (or the name of a stored one)
    assert get_backend("llm:bw-test-keyed", api_key="sk-flag").complete([Message("user", "x")], GenParams()).text == "key=sk-flag"


def test_unknown_model_and_plugin_errors_are_one_line():
    with pytest.raises(BackendError, match="closest: bw-test-writer"):
        get_backend("llm:bw-test-writr")
    assert get_backend("llm:BW-TEST-WRITER").model == "bw-test-writer"  # case does not matter
    with pytest.raises(BackendError, match="bw-test-broken' failed: ConnectionError: server went away"):
        get_backend("llm:bw-test-broken").complete([Message("user", "x")], GenParams())


def test_a_whole_post_through_llm(tmp_path):
    brief = make_brief(topic="How to compost at home", words=200)
    result = api.write(brief, model="llm:bw-test-writer", out_dir=tmp_path, candidates=1)
    assert result.path.is_file() and result.post.complete and result.post.model == "llm:bw-test-writer"
    assert "model: llm:bw-test-writer" in result.path.read_text()
    assert len(Writer.seen) >= 5 and all(s["system"] for s in Writer.seen[:3])
    with api.open_store() as store:
        run = store.runs(1)[0]
    assert (run["backend"], run["model"]) == ("llm", "bw-test-writer") and run["tokens_out"] > 0


def test_listed_by_models_with_key_state(plugin):
    entries = {e.spec: e for e in llm_entries()}
    assert entries["llm:bw-test-writer"].status == "ready" and entries["llm:bw-test-writer"].aliases == ["bw-writer"]
    assert entries["llm:bw-test-keyed"].status == "needs key" and entries["llm:bw-test-keyed"].detail == "llm keys set bwtest"
    (plugin / "keys.json").write_text(json.dumps({"bwtest": "k"}))
    assert {e.spec: e for e in llm_entries()}["llm:bw-test-keyed"].status == "ready"
