"""The run's cost (issue 28): calls, tokens generated and kept, and time per stage, which add up."""

from blogwright.backends.fake import FakeBackend
from blogwright.model.brief import make_brief
from blogwright.model.report import STAGES, RunReport, StageCost
from blogwright.pipeline import context as context_module
from blogwright.pipeline.context import RunContext, stage
from blogwright.pipeline.run import write_post
from blogwright.store import Store
from blogwright.voices import load_voice


def _post(backend, words=300, notes=()):
    brief = make_brief(topic="home composting", words=words, notes=list(notes))
    return write_post(brief, load_voice("plain-expert"), backend)


def test_stage_costs_add_up_to_the_run():
    post = _post(FakeBackend(delay=0.002), words=600)
    r = post.report
    assert set(r.stages) <= set(STAGES) and {"plan", "draft", "checks", "summary"} <= set(r.stages)
    assert sum(c.calls for c in r.stages.values()) == r.usage.calls > 0
    assert sum(c.completion_tokens for c in r.stages.values()) == r.usage.completion_tokens > 0
    assert sum(c.prompt_tokens for c in r.stages.values()) == r.usage.prompt_tokens
    assert abs(sum(c.model_seconds for c in r.stages.values()) - r.usage.model_seconds) < 1e-6
    # wall time per stage adds up to the run's (the report's seconds are taken a moment earlier)
    total = sum(c.seconds for c in r.stages.values())
    assert r.seconds <= total + 0.01 and total - r.seconds < max(0.25, 0.05 * r.seconds)
    assert r.stages["draft"].calls >= len(post.sections)  # drafting calls are charged to drafting
    assert list(r.stages) == [s for s in STAGES if s in r.stages]  # pipeline order


def test_kept_tokens_are_the_prose_the_reader_gets_and_the_ratio_follows():
    post = _post(FakeBackend())
    r = post.report
    prose = [post.summary, post.intro, *(s.text for s in post.sections), post.conclusion]
    assert r.kept_tokens == sum(len(p.split()) for p in prose) > 0  # the fake counts words as tokens
    assert r.generated_per_kept == round(r.usage.completion_tokens / r.kept_tokens, 3)
    cost = r.cost()
    assert cost["generated_tokens"] == r.usage.completion_tokens and cost["kept_tokens"] == r.kept_tokens
    assert sum(s["calls"] for s in cost["stages"].values()) == cost["calls"]
    # the prompt tokens a KV cache held are shown per stage too (stop 33: "0 reused" was read off the stages)
    assert sum(s["cached_prompt_tokens"] for s in cost["stages"].values()) == cost["cached_prompt_tokens"]


def test_the_report_round_trips_through_the_log_form():
    r = _post(FakeBackend()).report
    back = RunReport.model_validate(r.model_dump(mode="json"))
    assert back.stages == r.stages and back.kept_tokens == r.kept_tokens
    assert RunReport.model_validate({}).stages == {} and RunReport().generated_per_kept is None  # older runs load


def test_a_nested_stage_pauses_the_outer_one(monkeypatch):
    clock = [100.0]
    monkeypatch.setattr(context_module.time, "perf_counter", lambda: clock[0])
    ctx = RunContext(brief=make_brief(topic="home composting"), voice=load_voice("plain-expert"), backend=FakeBackend(),
                     store=Store(None), run_id="r")

    @stage("draft")
    def drafting(c: RunContext) -> None:
        clock[0] += 2
        with c.timed("checks"):
            clock[0] += 3
        clock[0] += 1

    clock[0] += 0.5  # before any stage: "other"
    drafting(ctx)
    costs = ctx.stage_costs()
    assert costs["draft"].seconds == 3 and costs["checks"].seconds == 3 and costs["other"].seconds == 0.5
    assert list(costs) == ["draft", "checks", "other"]


def test_calls_outside_any_stage_go_to_the_calls_own_stage_name():
    from blogwright import prompts
    from blogwright.backends.base import GenParams

    ctx = RunContext(brief=make_brief(topic="home composting"), voice=load_voice("plain-expert"), backend=FakeBackend(responses=["a b c"]),
                     store=Store(None), run_id="r")
    ctx.call("summarize", prompts.render("summary", topic="home composting", text="some text", sentences=2), GenParams(), system=False)
    assert ctx.stages["summarize"] == StageCost(calls=1, prompt_tokens=ctx.usage.prompt_tokens, completion_tokens=3,
                                                model_seconds=ctx.usage.model_seconds)
    assert list(ctx.stages) == ["summarize"] and ctx.usage.calls == 1  # no stage open: charged to "summarize" only


FABRICATED = "LIMPAC (Limited Machine Learning Platform) keeps home composting healthy for team {n}."
AFTER = "Team {n} turns the pile every week and the pile stays warm."


def test_an_untrusted_model_stops_a_paragraph_after_its_first_failing_sentence():
    count = iter(range(10_000))

    def respond(messages, params):
        prompt = messages[-1].content
        if "Rewrite in one plain sentence" in prompt:
            return "A compost pile stays healthy when it gets air and water."
        n = next(count)
        return f"Home composting turns scraps into soil, says team {n}. " + FABRICATED.format(n=n) + " " + \
            " ".join(AFTER.format(n=f"{n}-{k}") for k in range(6))

    fake = FakeBackend(function=respond, weak=True)
    post = _post(fake, words=300)
    body = "\n".join([post.intro, *(s.text for s in post.sections), post.conclusion])
    assert "LIMPAC" not in body and "turns the pile" not in body  # repaired; what followed never generated
    drafts = [c for c in post.report.stages.values()]
    assert post.report.usage.completion_tokens == sum(c.completion_tokens for c in drafts)
    # each draft call generated its first two sentences and the next word (which shows the second one
    # ended), not the six sentences after (the fake counts words as tokens)
    first_two = len(("Home composting turns scraps into soil, says team 0. " + FABRICATED.format(n=0)).split())
    assert post.report.stages["draft"].completion_tokens <= (first_two + 1) * post.report.stages["draft"].calls


def test_a_stream_stopped_by_its_reader_ends_there():
    from blogwright.backends.base import GenParams, Message

    fake = FakeBackend(responses=["one two three. four five six. seven eight nine."])
    c = fake.stream([Message("user", "x")], GenParams()).consume(stop=lambda text: text.count(".") >= 1 and
                                                                  text.endswith(" four"))
    assert c.text == "one two three. four" and c.completion_tokens == 4 and c.finish_reason == "checked"
