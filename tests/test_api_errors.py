"""One error hierarchy: every user-facing error is a BlogwrightError with a message and an exit code,
importable from core.errors and from the modules that raise it."""

from __future__ import annotations

import pytest
from typer.testing import CliRunner

from blogwright.cli import app
from blogwright.core import errors
from blogwright.core.errors import BackendError, BadInput, BlogwrightError, GroundingError, PublishError, SourceProblem


def test_every_error_is_a_blogwright_error_with_its_own_exit_code():
    codes = {cls: cls("x").exit_code for cls in (BadInput, SourceProblem, BackendError, PublishError, GroundingError)}
    assert all(issubclass(cls, BlogwrightError) for cls in codes)
    assert codes[BadInput] == codes[SourceProblem] == 2
    assert len({codes[BadInput], codes[BackendError], codes[PublishError], codes[GroundingError]}) == 4
    assert BlogwrightError("why", exit_code=7).exit_code == 7 and BlogwrightError("why").message == "why"
    assert issubclass(SourceProblem, BadInput)  # a source the user named that cannot be used


def test_the_old_names_are_the_same_classes():
    from blogwright.grounding import GroundingError as from_grounding
    from blogwright.grounding.sources import SourceProblem as from_sources
    from blogwright.publish import PublishError as from_publish

    assert from_grounding is errors.GroundingError and from_sources is errors.SourceProblem
    assert from_publish is errors.PublishError


@pytest.mark.parametrize("script, message", [
    (None, "no such fake script"),
    ("{not json", "is not JSON"),
    ('{"a": 1}', "a JSON list of strings"),
])
def test_a_bad_fake_script_is_one_line_on_the_command_line(tmp_path, script, message):
    path = tmp_path / "script.json"
    if script is not None:
        path.write_text(script)
    out = tmp_path / "out"
    r = CliRunner().invoke(app, ["write", "composting", "--model", f"fake:{path}", "--out", str(out), "--no-log"])
    assert r.exit_code == 2, r.output
    assert message in r.output and "Traceback" not in r.output and "FileNotFoundError" not in r.output
    (line,) = [ln for ln in r.output.splitlines() if ln.startswith("error:")]
    assert message in line and not out.exists()
