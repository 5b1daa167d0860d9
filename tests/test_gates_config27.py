"""Issue 27 #10: `write` and `batch` honour `gates.blocking` from the config file, as `check` does."""

from __future__ import annotations

import yaml

from blogwright import api
from blogwright.backends.fake import FakeBackend
from blogwright.core import config
from blogwright.model.brief import make_brief


def set_gates(home, gates):
    (home / "config.yaml").write_text(yaml.safe_dump({"gates": gates}))
    config._load.cache_clear()


def test_write_uses_the_config_files_blocking_gates(_isolated_home, tmp_path):
    set_gates(_isolated_home, {"blocking": ["length"], "skip": ["spelling"]})
    result = api.write(make_brief(topic="Home composting basics", words=200), backend=FakeBackend(), out_dir=tmp_path)
    gates = result.post.report.checks.to_dict()["gates"]
    blocking = {name for name, g in gates.items() if g["blocking"]}
    assert blocking <= {"length"} and "spelling" not in gates
    assert result.post.report.checks.to_dict()["passed"] == all(g["passed"] for g in gates.values() if g["blocking"])


def test_an_empty_blocking_list_passes_every_post(_isolated_home, tmp_path):
    set_gates(_isolated_home, {"blocking": []})
    result = api.write(make_brief(topic="Home composting basics", words=200), backend=FakeBackend(), out_dir=tmp_path)
    assert result.post.report.checks.to_dict()["passed"] is True
