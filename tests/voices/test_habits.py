"""Learning measures the writer: lower-case sentence starts split, habits kept as data."""

from pathlib import Path

from blogwright.voices.extract import read_corpus
from blogwright.voices.habits import habits
from blogwright.voices.learn import builtin_profile
from blogwright.voices.profile import build_profile, nearest_exemplar

DATA = Path(__file__).parent / "data"


def lowercase_profile():
    docs, _ = read_corpus([DATA / "lowercase-k"])
    return build_profile(docs, "lowk")


def test_a_lowercase_short_sentence_writer_is_learned_as_such():
    p = lowercase_profile()
    fp = p.fingerprint
    assert fp.sentence_length["mean"] < 8  # before: one 20+ word "sentence" per paragraph
    assert fp.habits.lowercase_starts >= 0.9 and fp.habits.short_share >= 0.5
    assert "writes in lowercase" in p.description and p.description.startswith("Short")
    assert "Long" not in p.description
    assert [o for o, _ in fp.habits.openers] == ["look"]
    assert "trust me" in fp.habits.asides and fp.habits.aside_kind == "paren"
    assert "start sentences in lowercase" in p.rules
    assert "sentences" not in p.persona  # the persona names no style the model could write about
    assert p.exemplars  # short paragraphs are exemplars for a writer of short paragraphs


def test_dashes_ellipses_and_address_are_measured():
    paras = [["It works—mostly—on my machine, newbie. Then it breaks… obviously.",
              "Containers are like lunchboxes—sealed, portable. Ship it, newbie!"],
             ["Think of it as a lunchbox—small. Trust the process, newbie."]]
    h = habits(paras, words=40)
    assert h.dash == "closed" and h.ellipsis == "…"
    assert h.address and h.address[0][0] == "newbie" and h.address_place == "end"
    assert h.analogy_rate > 0 and h.analogies


def test_snarky_mentor_is_defined_by_its_passages():
    h = builtin_profile("snarky-mentor").fingerprint.habits
    assert ("newbie", ) == tuple(w for w, _ in h.address[:1])
    assert h.analogy_rate >= 2


def test_nearest_exemplar_is_the_writers_own_passage_on_the_nearest_point():
    p = builtin_profile("snarky-mentor")
    ex = nearest_exemplar(p, "what a container image is")
    assert ex and any(ex.split()[0] in e.text for e in p.exemplars)
    assert len(ex.split()) <= 70
