"""One registry shape for the three plug-in seams (backends, gates, publish targets): built-ins, then
what other installed packages declare under the seam's entry-point group. Each test installs a real
distribution (a .dist-info folder with entry_points.txt on sys.path) using the seam's test double."""

from __future__ import annotations

import pytest

from blogwright.backends import BACKENDS, check_spec, get_backend
from blogwright.checks import check_markdown
from blogwright.checks.runner import GATES
from blogwright.checks.settings import GateConfig
from blogwright.core.errors import BadInput
from blogwright.core.registry import Registry
from blogwright.publish import TARGETS, parse_target, publish_post
from blogwright.publish.fake import fake_target

POST = "---\ntitle: Compost\n---\n# Compost\n\nCompost is rotted food and leaves.\n\n## Why\n\nIt feeds the soil.\n"


@pytest.fixture
def install(tmp_path, monkeypatch):
    """Install a distribution declaring `entries` ({group: {name: "module:attr"}}); the registries are
    read again, and again after the test."""
    registries = (BACKENDS, GATES, TARGETS)

    def _install(entries: dict[str, dict[str, str]]) -> None:
        dist = tmp_path / "bw_plugin-1.0.dist-info"
        dist.mkdir()
        (dist / "METADATA").write_text("Metadata-Version: 2.1\nName: bw-plugin\nVersion: 1.0\n")
        (dist / "entry_points.txt").write_text("".join(
            f"[{group}]\n" + "".join(f"{name} = {target}\n" for name, target in names.items())
            for group, names in entries.items()))
        monkeypatch.syspath_prepend(str(tmp_path))
        for r in registries:
            r.refresh()

    yield _install
    monkeypatch.undo()
    for r in registries:
        r.refresh()


def test_a_backend_plugin_is_a_spec_prefix(install):
    assert "mine" not in BACKENDS
    install({"blogwright.backends": {"mine": "blogwright.backends:_fake"}})
    assert check_spec("mine:") == "mine:" and BACKENDS.plugins() == ["mine"]
    assert get_backend("mine").name == "fake"  # the fake backend, under the plug-in's name


def test_a_gate_plugin_runs_on_every_post_and_can_be_configured(install):
    with pytest.raises(BadInput, match="unknown gate"):
        GateConfig.load(blocking=["house_style"])
    install({"blogwright.gates": {"house_style": "blogwright.checks.fake:fake_gate"}})
    report = check_markdown(POST)
    assert "house_style" in report.gates and report.gates["house_style"].passed
    assert "house_style" not in check_markdown(POST, config=GateConfig.load(skip=["house_style"])).gates


def test_a_publish_target_plugin_is_a_target(install, tmp_path):
    install({"blogwright.publish_targets": {"memory": "blogwright.publish.fake:fake_target"}})
    post = tmp_path / "compost.md"
    post.write_text(POST)
    assert parse_target("memory:shelf") == ("memory", "shelf")
    with pytest.raises(BadInput, match="a shelf is a plain name"):
        parse_target("memory:../x")
    result = publish_post(post, "memory:shelf", force=True)
    assert result.location == "memory:shelf/compost" and fake_target.published[-1][:2] == ("compost", "shelf")


def test_without_the_plugin_the_target_is_unknown_and_named_so():
    with pytest.raises(BadInput, match=r"unknown target 'memory:shelf': use hugo:SITE_DIR, jekyll:SITE_DIR or wordpress:URL"):
        parse_target("memory:shelf")


def test_a_builtin_name_wins_and_a_broken_plugin_is_skipped(install):
    install({"blogwright.gates": {"length": "blogwright.checks.fake:fake_gate", "broken": "no_such_module:gate"}})
    assert GATES.get("length").__name__ == "gate_length"
    assert "broken" not in GATES and "No module named 'no_such_module'" in GATES.broken()["broken"]


def test_an_unknown_name_lists_the_known_ones():
    registry = Registry("blogwright.nothing", {"a": 1, "b": 2}, "thing")
    assert registry.get("a") == 1 and registry.names() == ["a", "b"]
    with pytest.raises(BadInput, match="unknown thing 'c': use a, b"):
        registry.get("c")


def test_the_test_doubles_do_what_they_are_told():
    from blogwright.checks.fake import FakeGate

    failing = FakeGate("picky", passed=False, blocking=True, message="too picky")
    report = check_markdown(POST, extra_gates={"picky": failing})
    assert not report.passed and report.gates["picky"].findings[0].message == "too picky" and failing.seen == ["Compost"]
    assert fake_target.usage == "memory:SHELF"
