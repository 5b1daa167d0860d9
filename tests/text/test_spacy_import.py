"""Issue 28: spaCy is imported without its command line (`spacy.cli`: typer, weasel, requests,
urllib3), which its `__init__` imports only to offer `spacy.info`. Tried on stand-in packages named
`spacy` (the real one is imported once per process and cannot be imported twice), and on the real one
in a fresh interpreter."""

from __future__ import annotations

import subprocess
import sys
import textwrap

import pytest

from blogwright.text import english


def _fake_spacy(root, init: str) -> None:
    pkg = root / "spacy"
    (pkg / "cli").mkdir(parents=True)
    (pkg / "__init__.py").write_text(textwrap.dedent(init), encoding="utf-8")
    (pkg / "cli" / "__init__.py").write_text("import json as heavy  # stands for typer, requests, ...\n"
                                             "REAL = True\n", encoding="utf-8")
    (pkg / "cli" / "info.py").write_text("def info(*a, **k):\n    return {'real': True}\n\nOTHER = 1\n",
                                         encoding="utf-8")


@pytest.fixture
def fake_spacy(tmp_path, monkeypatch):
    saved = {n: m for n, m in sys.modules.items() if n == "spacy" or n.startswith("spacy.")}
    for name in saved:
        del sys.modules[name]
    monkeypatch.syspath_prepend(str(tmp_path))
    yield tmp_path
    for name in [n for n in sys.modules if n == "spacy" or n.startswith("spacy.")]:
        del sys.modules[name]
    sys.modules.update(saved)


def test_spacy_imports_without_its_cli_and_the_cli_still_imports_after(fake_spacy):
    _fake_spacy(fake_spacy, "from .cli.info import info\nLOADED = True\n")
    spacy = english._import_spacy()
    assert spacy.LOADED and spacy.__file__.startswith(str(fake_spacy))
    assert "spacy.cli" not in sys.modules and "spacy.cli.info" not in sys.modules  # no stand-in is left
    assert spacy.info() == {"real": True}  # `spacy.info` imports the real one when called
    import spacy.cli

    assert spacy.cli.REAL


def test_a_spacy_that_needs_more_of_its_cli_is_imported_the_usual_way(fake_spacy):
    _fake_spacy(fake_spacy, "from .cli.info import info, OTHER\nLOADED = True\n")
    spacy = english._import_spacy()
    assert spacy.LOADED and "spacy.cli" in sys.modules and sys.modules["spacy.cli"].REAL
    assert spacy.info is sys.modules["spacy.cli.info"].info


def test_no_spacy_is_still_an_import_error(fake_spacy, monkeypatch):
    monkeypatch.setitem(sys.modules, "spacy", None)  # as if not installed
    with pytest.raises(ImportError):
        english._import_spacy()


def test_the_real_pipeline_loads_and_parses_without_spacy_cli():
    pytest.importorskip("spacy")
    code = ("import sys; from blogwright.text import english; "
            "print(english.problem('What I Still Is'), 'spacy.cli' in sys.modules, 'requests' in sys.modules, "
            "sep='|')")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120, check=True).stdout
    why, cli, requests = out.strip().split("|")
    assert why and cli == "False" and requests == "False"
