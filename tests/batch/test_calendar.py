"""Calendars: YAML and CSV, defaults (file, flags, row), and every bad row reported with its line."""

from __future__ import annotations

import pytest

from blogwright.batch import CalendarError, parse_calendar, read_calendar
from blogwright.batch.calendar import calendar_kind

YAML = """\
defaults:
  voice: friendly-teacher
  words: 400
  keywords: [garden]
posts:
  - topic: How to compost at home
    notes: |
      Compost needs greens and browns.
      Turn the pile every week.
  - topic: LLM Ops vs ML Ops
    words: 900
    date: 2026-12-05
    slug: llmops-vs-mlops
  - Why SQLite is enough
"""


def test_yaml_defaults_rows_and_lines():
    cal = parse_calendar(YAML, "cal.yaml")
    a, b, c = cal.rows
    assert (a.line, b.line, c.line) == (6, 10, 14)
    assert a.voice == b.voice == "friendly-teacher" and a.words == 400 and b.words == 900
    assert a.notes == ["Compost needs greens and browns.", "Turn the pile every week."]
    assert a.keywords == ["garden"] and a.slug == "how-to-compost-at-home"
    assert b.date == "2026-12-05" and b.slug == "llmops-vs-mlops"
    assert c.topic == "Why SQLite is enough" and c.audience == "newbie"


def test_flags_override_file_defaults_and_rows_override_flags():
    cal = parse_calendar(YAML, "cal.yaml", flags={"words": 700, "voice": None, "audience": "expert"})
    assert [r.words for r in cal.rows] == [700, 900, 700]
    assert {r.audience for r in cal.rows} == {"expert"} and cal.rows[0].voice == "friendly-teacher"


def test_same_rows_same_key_and_a_changed_row_changes_it():
    a, b = parse_calendar(YAML, "a.yaml"), parse_calendar(YAML, "b.yaml")
    assert a.key() == b.key()
    assert parse_calendar(YAML.replace("900", "950"), "a.yaml").key() != a.key()


def test_csv_with_bom_lists_and_multiline_notes():
    text = ('\ufefftopic,words,keywords,notes,audience\n'
            'How to compost,300,"compost; soil","Greens and browns | Turn weekly",practitioner\n'
            '\n'
            'Worm farms,,worms,"Red wigglers\nKeep it damp",\n'
            'Bokashi basics,250,,,\n')
    cal = parse_calendar(text, "cal.csv")
    a, b, c = cal.rows
    assert (a.line, b.line, c.line) == (2, 4, 6)
    assert a.keywords == ["compost", "soil"] and a.notes == ["Greens and browns", "Turn weekly"]
    assert a.audience == "practitioner" and b.audience == "newbie" and b.words == 600
    assert b.notes == ["Red wigglers", "Keep it damp"] and c.words == 250


def test_semicolon_csv_is_sniffed():
    cal = parse_calendar("topic;words\nHome composting;300\n", "cal.csv")
    assert cal.rows[0].words == 300


def test_every_bad_row_at_once_with_line_numbers():
    text = """\
posts:
  - topic: Fine post
  - words: 300
  - topic: Too short
    words: 20
  - topic: Odd audience
    audience: toddlers
  - topic: Fine post
  - topic: Typo field
    keyword: [x]
  - topic: Bad date
    date: 31/12/2026
"""
    with pytest.raises(CalendarError) as err:
        parse_calendar(text, "cal.yaml")
    lines = dict(err.value.problems)
    assert "no topic" in lines[3]
    assert "20 is out of range" in lines[5]
    assert "unknown audience 'toddlers'" in lines[7]
    assert "used by line 2 too" in lines[8]
    assert "unknown field 'keyword'" in lines[10] and "did you mean 'keywords'" in lines[10]
    assert "not a date" in lines[12]
    assert len(err.value.lines()) == 6 and err.value.lines()[0].startswith("cal.yaml:3: ")
    assert "6 bad row(s), nothing was written" in str(err.value)


def test_bad_csv_rows_and_header():
    with pytest.raises(CalendarError) as err:
        parse_calendar("title,words\nA post,300\n", "cal.csv")
    assert "no `topic` column" in str(err.value)
    with pytest.raises(CalendarError) as err:
        parse_calendar("topic,words\nHome composting,lots\n,300\nGood one,300\nGood one,400\n", "cal.csv")
    lines = dict(err.value.problems)
    assert "'lots' is not a number" in lines[2] and "no topic" in lines[3] and "used by line 4" in lines[5]


def test_not_a_calendar():
    for text in ("just: [1, 2]\n", "42\n", "posts: {a: 1}\n", "defaults: [1]\nposts: [A post about tea]\n", ""):
        with pytest.raises(CalendarError):
            parse_calendar(text, "cal.yaml")


def test_kind_by_extension_or_content():
    assert calendar_kind("x.csv", "") == "csv" and calendar_kind("x.yml", "") == "yaml"
    assert calendar_kind("x.txt", "topic,words\n") == "csv" and calendar_kind("x.txt", "posts:\n") == "yaml"


def test_read_calendar_checks_files_voices_and_targets(tmp_path):
    (tmp_path / "notes").mkdir()
    (tmp_path / "notes" / "tea.txt").write_text("Green tea is steeped at 80 C.\n")
    (tmp_path / "src.md").write_text("# Tea\n\nTea is a drink.\n")
    (tmp_path / "site").mkdir()
    cal = tmp_path / "cal.yaml"
    cal.write_text("posts:\n"
                   "  - topic: Brewing green tea\n    notes_file: notes/tea.txt\n    sources: [src.md]\n"
                   "    publish: hugo:site\n"
                   "  - topic: Oolong basics\n    voice: no-such-voice\n"
                   "  - topic: Black tea\n    notes_file: notes/missing.txt\n    sources: [nope.md]\n"
                   "  - topic: White tea\n    model: nosuch:model\n    publish: ftp:somewhere\n")
    with pytest.raises(CalendarError) as err:
        read_calendar(cal)
    by_line: dict[int, list[str]] = {}
    for line, msg in err.value.problems:
        by_line.setdefault(line, []).append(msg)
    assert 2 not in by_line
    assert any("no-such-voice" in m for m in by_line[6])
    assert any("missing.txt" in m for m in by_line[8]) and any("nope.md" in m for m in by_line[8])
    assert any("unknown model spec" in m for m in by_line[11]) and any("unknown target" in m for m in by_line[11])
    cal.write_text("posts:\n  - topic: Brewing green tea\n    notes_file: notes/tea.txt\n    sources: [src.md]\n"
                   "    publish: hugo:site\n")
    rows, _ = read_calendar(cal)
    row = rows.rows[0]
    assert row.notes == ["Green tea is steeped at 80 C."] and row.sources == [str(tmp_path / "src.md")]
    assert row.publish == f"hugo:{(tmp_path / 'site').resolve()}"


def test_read_calendar_refuses_a_binary_file(tmp_path):
    bad = tmp_path / "cal.yaml"
    bad.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00")
    with pytest.raises(Exception, match="PNG"):
        read_calendar(bad)
