"""Issue 28, fixed35: catalogue (spaCy's registries) gets the installed entry points indexed by group, so
a registry lookup no longer filters every entry point of every package; the answers are the same."""

from __future__ import annotations

import importlib.metadata
import subprocess
import sys

from blogwright.text.english import EntryPointsByGroup


def _ep(name: str, group: str) -> importlib.metadata.EntryPoint:
    return importlib.metadata.EntryPoint(name=name, value=f"pkg.{name}:f", group=group)


def test_select_by_group_answers_what_the_original_does_in_the_same_order():
    eps = importlib.metadata.EntryPoints([_ep("a", "spacy_factories"), _ep("b", "thinc_layers"),
                                          _ep("c", "spacy_factories"), _ep("d", "console_scripts")])
    index = EntryPointsByGroup(eps)
    for group in ("spacy_factories", "thinc_layers", "console_scripts", "nothing_here"):
        assert list(index.select(group=group)) == list(eps.select(group=group))
    assert [ep.name for ep in index.select(group="spacy_factories")] == ["a", "c"]
    assert list(index.select(name="b")) == list(eps.select(name="b"))  # other questions: the original's


def test_the_installed_entry_points_are_indexed_as_the_originals_answer():
    original = importlib.metadata.entry_points()
    index = EntryPointsByGroup(original)
    assert index.groups and all({ep.group for ep in eps} == {group} for group, eps in index.groups.items())
    for group in list(index.groups)[:50]:
        assert list(index.select(group=group)) == list(original.select(group=group))


def test_spacy_loads_with_the_index_in_place():
    """In a fresh process (the real spaCy and catalogue): after the load catalogue holds the index and
    spaCy's registries find their entry-point factories as before."""
    code = (
        "import catalogue\n"
        "from blogwright.text import english\n"
        "before = {k: sorted(v) for k, v in (('f', catalogue.AVAILABLE_ENTRY_POINTS.select(group='spacy_factories')),)}\n"
        "nlp = english.nlp()\n"
        "import spacy\n"
        "print(nlp is not None, type(catalogue.AVAILABLE_ENTRY_POINTS).__name__,\n"
        "      sorted(catalogue.AVAILABLE_ENTRY_POINTS.select(group='spacy_factories')) == before['f'],\n"
        "      'tagger' in spacy.registry.factories.get_all())\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)
    assert out.returncode == 0, out.stderr[-2000:]
    assert out.stdout.split() == ["True", "EntryPointsByGroup", "True", "True"]
