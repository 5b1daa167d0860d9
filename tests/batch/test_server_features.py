"""What servers offer, used well: `response_format` with the outline's JSON schema (and a fallback to
text), the retry hook a batch's limiter listens to, exact usage (cached tokens too) from the server,
and the lenient reader of a JSON outline."""

from __future__ import annotations

import json

import httpx

from blogwright.backends.base import GenParams, Message
from blogwright.backends.fake import FakeBackend
from blogwright.backends.openai_compat import OpenAIBackend
from blogwright.model.brief import make_brief
from blogwright.pipeline.context import RunContext
from blogwright.pipeline.outline_json import headings_from_json, outline_schema
from blogwright.pipeline.plan import make_outline
from blogwright.store import Store
from blogwright.voices import load_voice

MSGS = [Message("system", "You write blogs."), Message("user", "List headings.")]
SCHEMA = GenParams(json_schema=outline_schema(3))


def reply(text: str, usage: dict | None = None) -> httpx.Response:
    return httpx.Response(200, json={"model": "m", "choices": [{"message": {"content": text}, "finish_reason": "stop"}],
                                     "usage": usage or {"prompt_tokens": 5, "completion_tokens": 2}})


def backend(handler, **kw) -> tuple[OpenAIBackend, list[float]]:
    sleeps: list[float] = []
    return OpenAIBackend("m", base_url="http://llm.test/v1", transport=httpx.MockTransport(handler),
                         sleep=sleeps.append, **kw), sleeps


def test_response_format_json_schema_and_llama_json_object():
    bodies = []

    def handler(req):
        bodies.append(json.loads(req.content))
        return reply('{"headings": ["A", "B", "C"]}')

    b, _ = backend(handler)
    b.complete(MSGS, SCHEMA)
    rf = bodies[-1]["response_format"]
    assert rf["type"] == "json_schema" and rf["json_schema"]["schema"]["required"] == ["headings"]
    b, _ = backend(handler, send_llama_params=True)
    b.complete(MSGS, GenParams(json_schema=outline_schema(3), grammar='root ::= "x"'))
    assert bodies[-1]["response_format"]["type"] == "json_object" and "schema" in bodies[-1]["response_format"]
    assert "grammar" not in bodies[-1]  # the schema is the constraint
    b.complete(MSGS, GenParams())
    assert "response_format" not in bodies[-1]


def test_a_server_that_refuses_response_format_is_asked_in_text():
    bodies = []

    def handler(req):
        body = json.loads(req.content)
        bodies.append(body)
        if "response_format" in body:
            return httpx.Response(422, json={"detail": [{"loc": ["body", "response_format", "type"]}]})
        return reply("- A\n- B\n- C")

    b, sleeps = backend(handler)
    assert b.complete(MSGS, SCHEMA).text.startswith("- A") and not sleeps
    assert b.supports_json_schema is False
    b.complete(MSGS, SCHEMA)
    assert ["response_format" in x for x in bodies] == [True, False, False]


def test_llama_cpp_python_refuses_json_schema_with_a_500_naming_it():
    """llama-cpp-python's server answers a `json_schema` response_format with a 500 validation error."""
    def handler(req):
        if "response_format" in json.loads(req.content):
            return httpx.Response(500, json={"error": {"message": "1 validation error: {'loc': ('body', "
                                                                  "'response_format', 'type'), 'msg': \"Input should be "
                                                                  "'text' or 'json_object'\"}"}})
        return reply("- A\n- B\n- C")

    b, sleeps = backend(handler)
    assert b.complete(MSGS, SCHEMA).text.startswith("- A") and not sleeps and b.supports_json_schema is False


def test_on_retry_hears_429_retry_after_and_5xx():
    replies = iter([httpx.Response(429, headers={"Retry-After": "2"}, json={"error": {"message": "slow"}}),
                    httpx.Response(503, json={"error": "busy"}), reply("ok")])
    heard = []
    b, sleeps = backend(lambda req: next(replies), on_retry=lambda *a: heard.append(a))
    assert b.complete(MSGS, GenParams()).text == "ok"
    assert heard[0] == (1, "HTTP 429: slow", 2.0) and heard[1][:2] == (2, "HTTP 503: busy") and heard[1][2] is None
    assert sleeps[0] == 2.0 and len(sleeps) == 2


def test_exact_usage_and_cached_tokens_from_the_server():
    usage = {"prompt_tokens": 120, "completion_tokens": 30, "prompt_tokens_details": {"cached_tokens": 96}}
    b, _ = backend(lambda req: reply("hello there", usage))
    done = b.complete(MSGS, GenParams())
    assert (done.prompt_tokens, done.completion_tokens, done.cached_prompt_tokens) == (120, 30, 96)

    def stream_handler(req):
        body = json.loads(req.content)
        assert body["stream_options"] == {"include_usage": True}
        events = [{"choices": [{"delta": {"content": "hi"}}]},
                  {"choices": [{"delta": {}, "finish_reason": "stop"}]}, {"choices": [], "usage": usage}]
        text = "".join(f"data: {json.dumps(e)}\n\n" for e in events) + "data: [DONE]\n\n"
        return httpx.Response(200, text=text, headers={"Content-Type": "text/event-stream"})

    b, _ = backend(stream_handler, send_llama_params=True)
    done = b.stream(MSGS, GenParams()).consume()
    assert (done.prompt_tokens, done.completion_tokens, done.cached_prompt_tokens) == (120, 30, 96)


def test_headings_from_json_is_lenient():
    assert headings_from_json('{"headings": ["What Compost Is", "Why It Helps"]}') == "- What Compost Is\n- Why It Helps"
    assert headings_from_json('```json\n["One heading here", {"title": "Another heading"}]\n```') == \
        "- One heading here\n- Another heading"
    assert headings_from_json('Sure! {"sections": ["Picking a Bin", "  Greens  and browns "]} Hope it helps') == \
        "- Picking a Bin\n- Greens and browns"
    for text in ("- plain text heading", "{broken json", '{"headings": "not a list"}', '{"headings": []}'):
        assert headings_from_json(text) is None


def test_make_outline_asks_for_json_when_the_backend_supports_it(tmp_path):
    answer = json.dumps({"headings": ["Why Compost at Home", "What Goes in a Compost Bin", "Keeping Compost Healthy",
                                      "Using Finished Compost"]})
    fake = FakeBackend(responses=["A Practical Guide to Home Compost", answer])
    fake.supports_json_schema = True  # type: ignore[attr-defined]
    ctx = RunContext(brief=make_brief(topic="Home compost", words=600), voice=load_voice("plain-expert"), backend=fake,
                     store=Store(None), run_id="r1")
    outline = make_outline(ctx)
    call = fake.calls[1]
    assert call.params.json_schema and call.params.grammar is None and "JSON" in call.messages[-1].content
    assert outline.origin == "model" and outline.sections[0].heading == "Why Compost at Home"

    plain = FakeBackend(responses=["A Practical Guide to Home Compost", "- Why Compost at Home\n- What Goes in a Bin"])
    ctx = RunContext(brief=make_brief(topic="Home compost", words=600), voice=load_voice("plain-expert"), backend=plain,
                     store=Store(None), run_id="r2")
    make_outline(ctx)
    assert plain.calls[1].params.json_schema is None and plain.calls[1].params.grammar
