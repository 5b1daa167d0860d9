"""Front matter: YAML and TOML read and written by the one module, round trips, a safe loader, every
reader using it, and dates that are never "in the future" for Hugo or Jekyll."""

from __future__ import annotations

import datetime as dt
import time
import tomllib

import pytest
import yaml

from blogwright.core.errors import BadInput
from blogwright.text.frontmatter import block, dumps, load_block, parse, read, split

TZ_PLUS_2 = dt.timezone(dt.timedelta(hours=2))
DATA = {
    "title": 'Straße: "Café" # in Zürich',
    "date": dt.datetime(2026, 11, 20, 1, 0, tzinfo=TZ_PLUS_2),
    "day": dt.date(2026, 11, 20),
    "draft": False,
    "words": 812,
    "ratio": 0.5,
    "tags": ["compost", "garden tips"],
    "cover": {"image": "pic.png", "alt": "A bin: full"},
    "summary": "Line one.\nLine two: with a colon.",
    "empty": "",
}
BODY = "# Title\n\nBody with --- inside.\n\n---\n\nAfter a thematic break.\n"


@pytest.mark.parametrize("fmt", ["yaml", "toml"])
def test_round_trip(fmt):
    text = dumps(DATA, BODY, fmt)
    assert text.startswith({"yaml": "---\n", "toml": "+++\n"}[fmt])
    fm = parse(text)
    assert (fm.format, fm.error) == (fmt, "")
    assert fm.data == DATA  # values and types (datetimes keep their offset)
    if fmt == "yaml":
        assert list(fm.data) == list(DATA)  # and key order (TOML puts tables such as `cover` last)
    assert fm.body == BODY
    assert parse(dumps(fm.data, fm.body, fmt)).data == DATA


def test_toml_has_no_null_so_none_is_left_out():
    text = dumps({"title": "T", "summary": None, "tags": ["a", None], "cover": {"alt": None, "image": "x"}}, "", "toml")
    assert tomllib.loads(split(text).raw) == {"title": "T", "tags": ["a"], "cover": {"image": "x"}}


def test_yaml_and_toml_blocks_match_what_sites_expect():
    assert block({"title": "T", "tags": ["a"]}) == "---\ntitle: T\ntags:\n- a\n---\n"
    assert block({"title": "T", "draft": True}, "toml") == '+++\ntitle = "T"\ndraft = true\n+++\n'
    with pytest.raises(ValueError, match="unknown front matter format"):
        block({}, "json")


@pytest.mark.parametrize("text,fmt,data,body,line", [
    ("---\ntitle: T\n---\n\nBody\n", "yaml", {"title": "T"}, "Body\n", 4),
    ("---\ntitle: T\n...\nBody", "yaml", {"title": "T"}, "Body", 3),  # YAML's document end marker
    ("+++\ntitle = 'T'\n+++\nBody", "toml", {"title": "T"}, "Body", 3),
    ("\ufeff---\r\ntitle: T\r\n---\r\nBody\r\n", "yaml", {"title": "T"}, "Body\r\n", 3),
    ("---\n---\nBody", "yaml", {}, "Body", 2),
    ("---  \ntitle: T\n---\t\nBody", "yaml", {"title": "T"}, "Body", 3),
])
def test_blocks_found(text, fmt, data, body, line):
    fm = parse(text)
    assert (fm.format, fm.data, fm.body, fm.body_line, fm.error) == (fmt, data, body, line, "")


@pytest.mark.parametrize("text", [
    "# Just a post\n\nNo front matter.\n",
    "---\nnot closed: this is a thematic break\n\nBody\n",  # never closed
    "\n---\ntitle: T\n---\n",  # not on the first line
    "+++\ntitle = 'T'\n---\n",  # closed by the other marker
    "",
])
def test_no_front_matter(text):
    fm = parse(text)
    assert not fm.present and fm.data == {} and fm.body == text and fm.body_line == 0


@pytest.mark.parametrize("text,message", [
    ("---\ntitle: [oops\n---\n", "front matter is not valid YAML"),
    ("+++\ntitle = 'oops\n+++\n", "front matter is not valid TOML"),
    ("---\n- a\n- b\n---\n", "front matter is not a YAML mapping"),
    ("---\njust text\n---\n", "front matter is not a YAML mapping"),
])
def test_problems_are_reported_not_raised(text, message):
    fm = parse(text)
    assert fm.present and fm.data == {} and message in fm.error
    with pytest.raises(BadInput, match=message):
        read(text, "post.md")


@pytest.mark.parametrize("tag", [
    "!!python/object/apply:os.system ['touch /tmp/blogwright-pwned']",
    "!!python/name:os.system",
    "!!python/object:collections.OrderedDict {}",
])
def test_no_python_tags(tag, tmp_path):
    fm = parse(f"---\ntitle: T\nx: {tag}\n---\nBody")
    assert fm.data == {} and "could not determine a constructor" in fm.error


def test_alias_bomb_is_refused_quickly():
    rows = ["a: &a [x, x, x, x, x, x, x, x, x]"]
    for prev, name in zip("abcdefgh", "bcdefghi"):
        rows.append(f"{name}: &{name} [{', '.join([f'*{prev}'] * 9)}]")  # 9^9 = 387 million strings
    t0 = time.perf_counter()
    fm = parse("---\n" + "\n".join(rows) + "\n---\nBody")
    assert time.perf_counter() - t0 < 2.0
    assert fm.data == {} and "refused" in fm.error and fm.body == "Body"


def test_a_few_aliases_are_fine():
    fm = parse("---\nbase: &b {author: Ann}\npost: *b\ntags: &t [a, b]\nkeywords: *t\n---\n")
    assert fm.error == "" and fm.data["post"] == {"author": "Ann"} and fm.data["keywords"] == ["a", "b"]


def test_load_block():
    assert load_block("title: T", "yaml") == {"title": "T"} and load_block("", "toml") == {}


# ---- every reader and writer uses it ---------------------------------------------------------------

HUGO_TOML_POST = """+++
title = "Compost at Home"
date = 2026-11-20T00:00:00+09:00
tags = ["compost", "garden"]
slug = "compost-home"
description = "A short guide."

[cover]
image = "pic.png"
+++

# Compost at Home

Composting at home is easy.
"""


def test_a_hugo_post_keeps_its_toml_front_matter_when_published(tmp_path):
    from blogwright.publish.source import load_post

    path = tmp_path / "post.md"
    path.write_text(HUGO_TOML_POST, encoding="utf-8")
    post = load_post(path)
    assert (post.title, post.slug, post.tags, post.description) == (
        "Compost at Home", "compost-home", ["compost", "garden"], "A short guide.")
    assert post.date == dt.date(2026, 11, 20) and post.meta["cover"] == {"image": "pic.png"}
    assert post.body.startswith("Composting at home") and "+++" not in post.body


def test_publish_source_reports_bad_front_matter(tmp_path):
    from blogwright.publish.source import load_post

    path = tmp_path / "post.md"
    path.write_text("---\ntitle: [oops\n---\n\n# T\n", encoding="utf-8")
    with pytest.raises(BadInput, match="post.md: front matter is not valid YAML"):
        load_post(path)


def test_the_gates_read_toml_front_matter_too():
    from blogwright.text.document import parse_markdown

    doc = parse_markdown(HUGO_TOML_POST)
    assert doc.has_front_matter and doc.front_matter_error is None  # was "TOML front matter is not checked"
    assert doc.front_matter["slug"] == "compost-home" and doc.title == "Compost at Home"


def test_voices_and_grounding_read_front_matter_with_it():
    from blogwright.grounding.sources import markdown_title
    from blogwright.voices.feedback import front_matter

    assert front_matter(HUGO_TOML_POST)["title"] == "Compost at Home"
    assert front_matter("---\nvoice: plain-expert\n---\nText") == {"voice": "plain-expert"}
    assert front_matter("---\ntitle: [oops\n---\n") == {}
    assert markdown_title(HUGO_TOML_POST) == "Compost at Home"
    assert markdown_title("---\ntitle: 'Quoted: title'\n---\n# Other\n") == "Quoted: title"
    assert markdown_title("# Only a heading\n") == "Only a heading"


def test_static_sites_write_nested_values_as_real_toml():
    from blogwright.publish.static import dump_front_matter

    text = dump_front_matter({"title": "T", "cover": {"image": "a.png", "alt": "A"}, "summary": None}, "toml")
    assert tomllib.loads(split(text).raw) == {"title": "T", "cover": {"image": "a.png", "alt": "A"}}


# ---- dates --------------------------------------------------------------------------------------------

@pytest.fixture
def east_of_utc(monkeypatch):
    """The machine's time zone is UTC+9 (POSIX TZ, no tz database needed)."""
    monkeypatch.setenv("TZ", "JST-9")
    time.tzset()
    yield dt.timezone(dt.timedelta(hours=9))
    monkeypatch.undo()
    time.tzset()


def test_a_post_written_at_1am_east_of_utc_is_not_in_the_future(east_of_utc):
    from blogwright.model.post import dated

    written = dt.datetime(2026, 11, 20, 1, 0, tzinfo=east_of_utc)  # = 2026-11-19 16:00 UTC
    day = written.date()
    # before: the date alone, or midnight UTC, is 8 hours after the post was written
    assert dt.datetime.fromisoformat(day.isoformat() + "T00:00:00+00:00") > written
    assert dated(day) <= written and dated(day).isoformat() == "2026-11-20T00:00:00+09:00"
    assert dated(dt.datetime(2026, 11, 20, 1, 0)).utcoffset() == dt.timedelta(hours=9)  # naive = local
    assert dated(written) is written


def test_the_default_date_is_the_local_date(east_of_utc):
    from blogwright.model.post import Post, local_now, local_today

    assert local_now().utcoffset() == dt.timedelta(hours=9)
    assert Post(title="T", topic="t").date == local_today() == dt.datetime.now(east_of_utc).date()


def test_front_matter_dates_carry_the_offset(east_of_utc, tmp_path):
    from blogwright.model.post import Post
    from blogwright.publish.source import load_post
    from blogwright.publish.static import plan_hugo, plan_jekyll
    from blogwright.render import to_markdown

    post = Post(title="Compost at Home", topic="compost", slug="compost", date=dt.date(2026, 11, 20),
                intro="Composting at home is easy.")
    md = to_markdown(post)
    assert parse(md).data["date"] == "2026-11-20T00:00:00+09:00"
    src = tmp_path / "post.md"
    src.write_text(md, encoding="utf-8")
    source = load_post(src)
    assert source.date == dt.date(2026, 11, 20)

    hugo = tmp_path / "hugo"
    hugo.mkdir()
    (hugo / "hugo.toml").write_text('title = "T"\n')
    text = plan_hugo(source, hugo, live=True).files[hugo / "content" / "posts" / "compost.md"]
    assert tomllib.loads(split(text).raw)["date"] == "2026-11-20T00:00:00+09:00"

    jekyll = tmp_path / "jekyll"
    jekyll.mkdir()
    (jekyll / "_config.yml").write_text("title: T\n")
    plan = plan_jekyll(source, jekyll, live=True)
    assert plan.main.name == "2026-11-20-compost.md"
    assert yaml.safe_load(split(plan.files[plan.main]).raw)["date"] == "2026-11-20 00:00:00 +0900"


def test_a_pelican_metadata_header_is_not_prose():
    """`voice learn` on Pelican posts read "Title: ... Date: ... Tags: ..." as the first paragraph
    (stop 32: the writers' corpus for bench.voice put "title" and "date" among a writer's words)."""
    from blogwright.text.frontmatter import strip_metadata_header
    from blogwright.voices.extract import parse_markdown

    post = "Title: Fixing a slow build\nDate: 2020-01-01 10:00\nTags: ci, make\nSummary: How I\n  fixed it\n\nThe build was slow.\n"
    assert strip_metadata_header(post) == "The build was slow.\n"
    assert [p.text for p in parse_markdown(post)] == ["The build was slow."]


@pytest.mark.parametrize("text", [
    "Note: this is old.\nUpdate: it still works.\n\nBody.",  # no title or date: a first paragraph
    "Title: x\n\nBody.",  # one line
    "Title: x\nDate: y\nThis line is prose.\n\nBody.",  # not every line is Key: value
    "---\ntitle: x\ndate: y\n---\nBody.",  # YAML front matter is split() 's job
])
def test_other_openings_stay(text):
    from blogwright.text.frontmatter import strip_metadata_header
    assert strip_metadata_header(text) == text
