import pytest

from blogwright.core.errors import BadInput
from blogwright.voices import all_voices, builtin_names, load_voice


def test_builtin_voices_load_and_have_rules_and_exemplars():
    assert {"snarky-mentor", "friendly-teacher", "plain-expert"} <= set(builtin_names())
    for v in all_voices():
        assert v.description and v.persona and v.rules and v.exemplar


def test_user_voice_file_by_path(tmp_path):
    p = tmp_path / "pirate.yaml"
    p.write_text("description: A pirate.\npersona: a pirate who blogs\nsign_offs: ['Arr.']\n")
    v = load_voice(str(p))
    assert v.name == "pirate" and v.sign_offs == ["Arr."]


@pytest.mark.parametrize("content, message", [("- a list\n", "mapping"), ("description: x\n", "persona"),
                                               ("a: [unclosed\n", "not valid YAML")])
def test_bad_voice_files(tmp_path, content, message):
    p = tmp_path / "bad.yaml"
    p.write_text(content)
    with pytest.raises(BadInput, match=message):
        load_voice(str(p))


def test_unknown_voice_lists_the_known_ones():
    with pytest.raises(BadInput, match="snarky-mentor"):
        load_voice("no-such-voice")
