"""The typed write request (options declared and checked once) and the typed run report."""

from __future__ import annotations

import importlib

import pytest

from blogwright.backends.base import conform
from blogwright.backends.fake import FakeBackend
from blogwright.core.errors import BadInput
from blogwright.model.brief import make_brief
from blogwright.model.post import Post
from blogwright.model.report import Finding, GateResult, Report, RunReport, Usage
from blogwright.model.request import STDOUT, WriteRequest, make_request
from blogwright.pipeline.run import write_post
from blogwright.voices import load_voice


def _brief():
    return make_brief(topic="home composting", words=300)


@pytest.mark.parametrize("options,message", [
    ({"unsupported": "shout"}, "--unsupported must be one of flag, cut, rewrite"),
    ({"candidates": 9}, "--candidates must be between 1 and 8"),
    ({"fmt": "pdf"}, "--format must be one of md, html, json"),
    ({"front": {"canonical_url": "example.org/post"}}, "must be a full URL"),
    ({"front": {"cover_alt": "a bin"}}, "give --cover PATH|URL too"),
    ({"seed": "many"}, "valid integer"),
])
def test_bad_options_are_one_bad_input_line(options, message):
    with pytest.raises(BadInput, match=message):
        make_request(brief=_brief(), **options)


def test_defaults_and_copies_are_validated_again():
    request = WriteRequest.of(_brief())
    # unsupported None: decided when the run knows whether its model is trusted (pipeline.truth.resolve_mode)
    assert (request.seed, request.candidates, request.unsupported, request.fmt, request.out_dir) == (0, 1, None, "md", ".")
    assert WriteRequest.of(request) is request
    changed = request.with_options(out_dir=STDOUT, candidates=3)
    assert changed.to_stdout and changed.candidates == 3 and request.candidates == 1
    with pytest.raises(BadInput):
        request.with_options(candidates=0)
    with pytest.raises(TypeError, match="not an option of a write: colour"):
        request.with_options(colour="red")


def test_the_api_key_is_never_shown_or_stored():
    request = make_request(brief=_brief(), model="openai:x", api_key="sk-secret-123")
    assert request.backend_options()["api_key"] == "sk-secret-123"
    assert "sk-secret" not in repr(request) and "sk-secret" not in request.model_dump_json()


def test_front_keeps_only_the_fields_given():
    request = make_request(brief=_brief(), front={"categories": [" Garden ", "garden", "", "Soil"], "series": " Dirt "})
    assert request.front.post_fields() == {"categories": ["Garden", "garden", "Soil"], "series": "Dirt"}


def test_the_run_report_is_typed_and_survives_the_log():
    gates = {"structure": GateResult("structure", False, True, 0.5, findings=[Finding("structure", "error", "no TL;DR")]),
             "seo": GateResult("seo", False, False, 0.25)}
    report = RunReport(usage=Usage(calls=2, completion_tokens=30, model_seconds=1.5), checks=Report(gates=gates),
                       interview_notes=["worms eat scraps"])
    assert report.passed is False and report.blocking_failed == ["structure"] and report.usage.tokens_per_s == 20
    post = Post(title="t", topic="t", report=report)
    dumped = post.model_dump(mode="json")["report"]
    assert dumped["checks"] == Report(gates=gates).to_dict()  # the log keeps the gates' dict form
    again = Post.model_validate_json(post.model_dump_json()).report
    assert again.checks.gates["structure"].findings[0].message == "no TL;DR"
    assert again.blocking_failed == ["structure"] and again.interview_notes == ["worms eat scraps"]
    assert RunReport.model_validate({"usage": {"calls": 1}}).checks is None  # an older run's report still loads


def test_write_post_takes_a_request_or_a_brief_with_options():
    fake = FakeBackend()
    post = write_post(make_request(brief=_brief(), seed=3, run_id="fixed-run", front={"series": "Dirt"}),
                      load_voice("plain-expert"), fake)
    assert post.run_id == "fixed-run" and post.series == "Dirt" and post.report.checks is not None
    assert post.report.usage.calls == len(fake.calls)
    with pytest.raises(BadInput, match="--unsupported"):
        write_post(_brief(), load_voice("plain-expert"), fake, unsupported="maybe")


def test_a_plugin_backend_without_the_flags_is_trusted():
    class Plugin:
        name, model = "mine", "m"

    plugin = conform(Plugin())  # type: ignore[arg-type]
    assert plugin.weak is False and plugin.supports_json_schema is False
    assert conform(FakeBackend(weak=True)).weak is True


def test_the_report_reads_by_key_as_the_logged_json():
    report = RunReport(checks=Report(gates={"seo": GateResult("seo", True, False, 1.0)}), substance={"cut": []})
    assert report["checks"]["passed"] is True and report["substance"] == {"cut": []}
    assert report.get("nothing", 3) == 3
    with pytest.raises(KeyError):
        report["nothing"]


def test_a_short_posts_markdown_has_no_headings_anywhere():
    from blogwright.model.post import Section
    from blogwright.render import to_markdown

    short = Post(title="t", topic="t", intro="Hi.", sections=[Section(heading="", point="", text="Body.")], conclusion="Bye.")
    assert short.body_blocks() == ["Hi.", "Body.", "Bye."] and "##" not in to_markdown(short)
    long = short.model_copy(update={"sections": [Section(heading="Why", point="", text="Body.")]})
    assert long.body_blocks()[-1] == "## Wrapping Up\n\nBye."


def test_the_cli_flags_take_their_choices_and_defaults_from_the_one_declaration():
    """model/options.py declares the values once; WriteRequest and `blogwright write`/`batch` derive from it."""
    import typer

    from blogwright.cli import app
    from blogwright.model import options
    from blogwright.model.request import WriteRequest

    app_module = importlib.import_module("blogwright.cli.app")
    fields = WriteRequest.model_fields
    assert fields["seed"].default == options.DEFAULT_SEED and fields["fmt"].default == options.DEFAULT_FORMAT
    assert fields["candidates"].default == options.DEFAULT_CANDIDATES
    group = typer.main.get_command(app)
    write = {p.name: p for p in group.commands["write"].params}
    assert [f.value for f in app_module.Fmt] == list(options.FORMATS)
    assert write["candidates"].max == options.MAX_CANDIDATES == {p.name: p for p in group.commands["batch"].params}["candidates"].max
    assert write["seed"].default == fields["seed"].default and write["candidates"].default == fields["candidates"].default
    assert f"({options.MIN_WORDS}-{options.MAX_WORDS})" in write["words"].help
