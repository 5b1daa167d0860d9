"""`blogwright.api` is the one door for the front ends: every name it offers resolves, and using one
group of actions loads only what that group needs."""

from __future__ import annotations

import subprocess
import sys

from blogwright import api


def test_every_name_of_the_door_resolves():
    for name in api.__all__:
        assert getattr(api, name) is not None, name
    for group in api.GROUPS:
        module = getattr(api, group)
        assert all(getattr(module, n) is not None for n in module.__all__), group


def test_an_unknown_name_is_an_attribute_error():
    try:
        api.no_such_action  # noqa: B018
    except AttributeError as exc:
        assert "no_such_action" in str(exc)
    else:
        raise AssertionError("api.no_such_action resolved")


def _loaded_after(code: str) -> set[str]:
    out = subprocess.run([sys.executable, "-c", f"import sys; {code}; print(' '.join(sys.modules))"],
                         capture_output=True, text=True, check=True).stdout
    return set(out.split())


def test_the_log_and_the_settings_do_not_load_the_model_code():
    for code in ("import blogwright.api", "from blogwright import api; api.runs.open_store",
                 "from blogwright import api; api.settings.GateConfig"):
        loaded = _loaded_after(code)
        assert not {"blogwright.pipeline", "blogwright.backends", "blogwright.api.writing"} & loaded, code
    assert "blogwright.pipeline.run" in _loaded_after("from blogwright import api; api.write")
