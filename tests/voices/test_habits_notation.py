"""Learned traits measured right (newcomer round 2, item 6): a sign-off's dash is no aside dash, a post's
title is no heading, notation and single letters are never asides, phrases or favourite words."""

from blogwright.voices.extract import Document, parse_markdown
from blogwright.voices.habits import free_line, notation
from blogwright.voices.profile import build_profile

K = ["# backups are boring\n\nlook, nobody likes backups. i get it. they are boring (very boring). but the day your "
     "disk dies you will wish you had one; trust me on this.\n\nso here is the deal. back up every night. test the "
     "restore once a month (yes, really).\n\nthat is all. go back up now.\n\n— k.",
     "# write the test first\n\nlook, i am not a purist. i write the code first most days (sorry). but i always "
     "write the test before i push; always.\n\nshort tests are best. one idea each (split it).\n\nthat is all. "
     "go write one now.\n\n— k.",
     "# my editor is boring too\n\nlook, people ask what editor i use. it is vim. plain vim (almost no plugins). "
     "i tried the fancy ones; they were slow.\n\nthat is all. back to work.\n\n— k."]
NOTATION = ["# strings\n\nA language over the alphabet is a set of strings (aa) and (ba) and (bab), as in a b c and "
            "then a b c again, which is why a b c matters; the strings are short (aa) and (ba).",
            "# more\n\nWe write a b c for the three letters (bab) and a b c once more; the grammar (aa) is (ba) small. "
            "Every string of a b c is fine (aa)."]


def _profile(texts):
    docs = [Document(source=f"{i}.md", paragraphs=parse_markdown(t)) for i, t in enumerate(texts)]
    return build_profile(docs, "x")


def test_a_sign_off_dash_is_no_aside_dash_and_a_title_is_no_heading():
    p = _profile(K)
    assert p.fingerprint.punctuation["dash"] > 5  # the three "— k." lines are counted as dashes...
    assert "likes dashes for asides" not in p.description  # ...but are no asides
    assert p.fingerprint.headings == 0 and "headings" not in p.description  # the H1s are titles
    assert "k" not in p.fingerprint.habits.favourites


def test_notation_is_never_an_aside_a_phrase_or_a_favourite_word():
    assert notation("aa") and notation("bab") and notation("k") and notation("abcde")
    assert not notation("a") and not notation("I") and not notation("bad") and not notation("cab")
    p = _profile(NOTATION)
    h = p.fingerprint.habits
    assert not {"aa", "ba", "bab"} & set(h.asides)
    assert all("a b c" not in ph for ph, _ in p.fingerprint.phrases)
    assert not any(notation(w) for w in h.favourites)


def test_the_writers_topic_free_lines_are_kept_where_the_writer_puts_them():
    h = _profile(K).fingerprint.habits
    assert "so here is the deal." in h.open_lines and "i get it." in h.open_lines
    assert h.open_lines[0] == "so here is the deal."  # opens with a discourse word: first
    assert h.close_lines == ["that is all."]  # the first line of the last paragraph, not the sign-off
    assert not free_line("they are boring.") and not free_line("what is it?") and not free_line("— k.")


def test_a_discourse_adverb_is_no_form_of_address():
    from blogwright.voices.habits import habits

    paras = [["It works, moreover. It is fast, furthermore. It is small, moreover. It ships, furthermore."],
             ["It is done, moreover. It is cheap, furthermore."]]
    assert habits(paras, 200).address == []
