"""Editing a logged post: versions, revert, per-part reports, save, and the voice feedback loop."""

from pathlib import Path

import pytest

from blogwright import edits
from blogwright.backends.fake import FakeBackend
from blogwright.checks import GateConfig
from blogwright.core.errors import BadInput
from blogwright.model.brief import make_brief
from blogwright.pipeline.run import write_post
from blogwright.render import to_markdown
from blogwright.store import Store
from blogwright.voices import load_voice
from blogwright.voices.learn import learn_voice
from blogwright.voices.learn import load_profile as load_voice_profile

DATA = Path(__file__).parent / "voices" / "data"


def logged(voice: str = "plain-expert") -> tuple[Store, str]:
    store = Store()
    brief = make_brief(topic="home composting", words=400, voice=voice)  # three sections
    post = write_post(brief, load_voice(voice), FakeBackend(), store)
    store.finish_run(post.run_id, "done", post=post.model_dump(mode="json"), report=post.model_dump(mode="json")["report"])
    return store, post.run_id


def test_versions_and_revert_back_to_the_draft():
    store, run = logged()
    draft = edits.load(store, run).post.sections[0].text
    edits.save_part(store, run, "s0", "First edit of composting.")
    sp = edits.save_part(store, run, "s0", "Second edit of composting.", origin="regenerate", instruction="shorter")
    assert sp.post.sections[0].text == "Second edit of composting."
    assert [v["origin"] for v in sp.history["s0"]] == ["draft", "edit", "regenerate"]
    assert edits.original(sp).sections[0].text == draft
    assert edits.revert_part(store, run, "s0").post.sections[0].text == "First edit of composting."
    sp = edits.revert_part(store, run, "s0")
    assert sp.post.sections[0].text == draft and not sp.history.get("s0")
    with pytest.raises(BadInput, match="no earlier version"):
        edits.revert_part(store, run, "s0")


def test_unchanged_text_is_not_a_version_and_bad_parts_are_errors():
    store, run = logged()
    same = edits.load(store, run).post.intro
    assert not edits.save_part(store, run, "intro", same + "\n\n").history
    for part in ("s7", "x", "s-1"):
        with pytest.raises(BadInput, match="no part"):
            edits.save_part(store, run, part, "text")
    with pytest.raises(BadInput, match="at most"):
        edits.save_part(store, run, "intro", "a" * (edits.MAX_PART_CHARS + 1))
    with pytest.raises(BadInput, match="no run"):
        edits.load(store, "nope")


def test_part_reports_flag_the_part_with_a_glued_word():
    store, run = logged("snarky-mentor")
    edits.save_part(store, run, "s1", "We'rejoviallooking forward to composting at home with you. " * 3)
    reports = edits.part_reports(edits.load(store, run), GateConfig(embeddings=False))
    assert set(reports) == {"intro", "s0", "s1", "s2", "conclusion"}
    assert not reports["s1"]["passed"] and "glued" in reports["s1"]["failed"]
    assert "glued" not in reports["s0"]["failed"]
    assert reports["s0"]["voice"] is not None and len(reports["s0"]["voice"]["gaps"]) == 2
    assert "verdict" not in reports["s0"]["voice"]  # one verdict, the whole post's (`post_voice`)
    voice = edits.post_voice(edits.load(store, run), GateConfig(embeddings=False))
    assert voice["voice"] == "snarky-mentor" and voice["verdict"].startswith("reads ") and len(voice["differences"]) == 3
    assert len(voice["traits"]) == len(load_voice_profile("snarky-mentor").description.rstrip(".").split("; "))


def test_save_updates_its_own_file_and_feeds_a_learned_voice(tmp_path):
    learn_voice([DATA / "chatty"], "chatty")
    store, run = logged("chatty")
    first = edits.save_file(store, run, tmp_path)
    assert edits.feed_voice(store, run, first) is None  # nothing edited yet
    edits.save_part(store, run, "s0", "Honestly? I just toss my scraps in a bin and forget about them for a while. "
                                      "It works, mostly! You should try it too, friend.")
    second = edits.save_file(store, run, tmp_path)
    assert second == first and first.is_file()  # the file it saved, updated (issue 25: not a `-2` copy beside it)
    assert "toss my scraps" in second.read_text() and store.run(run)["output_path"] == str(second)
    result = edits.feed_voice(store, run, second)
    assert result is not None and result.voice == "chatty" and result.diff.changed
    assert "toss my scraps" not in to_markdown(edits.original(edits.load(store, run)))


def test_builtin_voices_are_not_fed_automatically(tmp_path):
    store, run = logged("snarky-mentor")
    edits.save_part(store, run, "s0", "Listen up, newbie: compost is just rot you manage on purpose.")
    assert edits.feed_voice(store, run, edits.save_file(store, run, tmp_path)) is None


def test_part_reports_name_the_sentence_and_count_the_interview_answers_as_notes():
    store = Store()
    answer = "We back up every night with ZQXLite, a replication tool."
    brief = make_brief(topic="How does WAL mode work?", words=300)
    post = write_post(brief, load_voice("plain-expert"), FakeBackend(), store,
                      ask=lambda qs: [answer] + [""] * (len(qs) - 1))
    store.finish_run(post.run_id, "done", post=post.model_dump(mode="json"), report=post.model_dump(mode="json")["report"])
    text = ("WAL mode lets readers keep reading while one writer writes to the log. "
            "ZQXLite copies the database to object storage every night. "
            "LIMPAC (Limited Machine Learning Platform) keeps every model in one place.")
    sp = edits.save_part(store, post.run_id, "s0", text)
    report = edits.part_reports(sp, GateConfig(embeddings=False))["s0"]
    assert not report["passed"] and "expansions" in report["blocking_failed"]
    flagged = [p["text"] for para in report["paragraphs"] for p in para if p["level"] == "bad"]
    assert flagged == ["LIMPAC (Limited Machine Learning Platform) keeps every model in one place."]  # not ZQXLite
    gate = next(g for g in report["gates"] if g["name"] == "expansions")
    assert gate["status"] == "bad" and gate["findings"][0]["sentence"] == flagged[0]
    sp.post.report.interview_notes = []  # without the answer, ZQXLite is a term the user never gave
    alone = edits.part_report(sp, sp.post.sections[0].heading, text, GateConfig(embeddings=False))
    assert "terms" in alone["blocking_failed"]


def test_mark_sentences_finds_sentences_across_white_space_and_merges_overlaps():
    text = "One two.\nThree four. Five six.\n\n- Seven eight."
    paras = edits.mark_sentences(text, [("Three four.", "warn", "a"), ("Three four. Five six.", "bad", "b"),
                                        ("- Seven eight.", "warn", "c"), ("Not there.", "bad", "d")])
    assert [[(p["text"], p["level"]) for p in para] for para in paras] == [
        [("One two.\n", ""), ("Three four. Five six.", "bad")], [("- Seven eight.", "warn")]]
    assert paras[0][1]["note"] == "a\nb"
