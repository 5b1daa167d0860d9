"""The web page in headless Chromium, on the fake backend: write, watch, reload, regenerate, edit, escape."""

from __future__ import annotations

import pytest

from .conftest import shot

pytestmark = pytest.mark.browser
XSS = "<script>alert(1)</script> composting"


def new_post(page, server, topic: str, words: int = 300) -> None:
    page.goto(server.url + "/")
    page.fill("#topic", topic)
    page.fill("#words", str(words))
    page.click("#write")
    page.wait_for_url("**/write/*")


def test_write_watch_reload_and_finish(page, fake_server):
    page.goto(fake_server.url + "/")
    page.fill("#topic", "Composting at home")
    page.select_option("#voice", "snarky-mentor")
    page.fill("#words", "300")
    shot(page, "01-new-post")
    page.click("#write")
    page.wait_for_url("**/write/*")
    job_id = page.url.rsplit("/", 1)[1]
    # tokens stream into the part being written, then sections arrive one by one
    page.wait_for_selector("section.part.writing .live:not(:empty)")
    shot(page, "02-streaming")
    page.wait_for_selector("#job-part-s0.done")
    assert page.text_content("#job-status") == "running"
    done_before = page.locator("#job-parts section.part.done").count()
    shot(page, "03-first-section-done")
    # reload mid-run: the finished parts are drawn at once and the job goes on
    page.reload()
    assert page.locator("#job-parts section.part.done").count() >= done_before
    assert page.text_content("#job-status") == "running"
    page.wait_for_selector("#job-part-conclusion.done", timeout=120_000)
    shot(page, "04-after-reload-finished")
    page.wait_for_url(f"**/posts/{job_id}", timeout=30_000)
    assert page.locator("section.part").count() in (4, 5)  # intro, 2-3 sections (300 words), wrap-up
    assert page.locator("aside.checks").count() == page.locator("section.part").count()
    shot(page, "05-post-with-checks")


def test_regenerate_then_edit_then_revert(page, fake_server):
    new_post(page, fake_server, "Composting at home")
    page.wait_for_url("**/posts/*", timeout=120_000)
    sec = page.locator("#part-s1")
    before = sec.locator(".text").inner_text()
    sec.locator(".instruction").fill("Use a kitchen analogy")
    sec.locator(".regenerate").click()
    sec.locator(".proposal").wait_for(state="visible")
    assert "busy kitchen" in sec.locator(".proposal-text").inner_text()
    assert sec.locator(".text").inner_text() == before  # nothing changes until accepted
    shot(page, "06-regenerate-proposal")
    sec.locator(".accept").click()
    page.wait_for_load_state()
    page.locator("#part-s1 .text", has_text="busy kitchen").wait_for()
    # edit the intro in place
    intro = page.locator("#part-intro")
    intro.locator(".edit").click()
    intro.locator("textarea.editor").fill("I started composting on a balcony.\n\nIt changed how I cook.")
    shot(page, "07-editing")
    intro.locator(".save-edit").click()
    page.locator("#part-intro .text", has_text="balcony").wait_for()
    assert page.locator("#part-intro .text p").count() == 2
    shot(page, "08-edited")
    page.locator("#part-intro .revert").click()
    page.locator("#part-intro .text", has_text="balcony").wait_for(state="detached")
    page.click("#save")
    page.locator("#msg", has_text="Saved as").wait_for()
    shot(page, "09-saved")


def test_script_in_the_topic_is_shown_as_text(page, fake_server):
    dialogs = []
    page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    new_post(page, fake_server, XSS, words=150)
    assert page.text_content("#job-topic") == XSS
    page.wait_for_url("**/posts/*", timeout=120_000)
    assert XSS in page.text_content("#post-title")
    page.goto(fake_server.url + "/library")
    assert page.locator("#runs", has_text=XSS).count() == 1
    shot(page, "10-script-topic-as-text")
    assert dialogs == []


def test_cancel_keeps_the_draft_and_opens_it(page, fake_server):
    new_post(page, fake_server, "Sourdough baking")
    page.wait_for_selector("#job-part-intro.done")
    page.click("#cancel")
    page.wait_for_selector("#job-end:not([hidden])")
    assert "draft was saved" in page.text_content("#job-end")
    shot(page, "11-cancelled")
    page.click("#open-post")
    page.wait_for_url("**/posts/*")
    assert "draft (not finished)" in page.text_content(".meta")


def test_a_bad_form_says_why_in_the_page(page, fake_server):
    page.goto(fake_server.url + "/")
    page.fill("#topic", "12345")
    page.click("#write")
    page.wait_for_selector("#form-error")
    assert "no words" in page.text_content("#form-error") and page.input_value("#topic") == "12345"


def test_front_matter_edited_on_the_page(page, fake_server):
    """Issue 25: title, TL;DR, tags, description, slug and date are edited on the post page."""
    new_post(page, fake_server, "Composting at home")
    page.wait_for_url("**/posts/*", timeout=120_000)
    form = page.locator("#meta")
    form.locator("[name=title]").fill("Compost in a Small Flat")
    form.locator("[name=summary]").fill("A bin, some browns, and patience.")
    form.locator("[name=tags]").fill("compost, small flats")
    form.locator("[name=description]").fill("How I compost in 30 square metres.")
    form.locator("[name=slug]").fill("compost-in-a-flat")
    form.locator("[name=date]").fill("2026-05-01")
    page.click("#meta-save")
    page.locator("#post-title", has_text="Compost in a Small Flat").wait_for()
    assert "A bin, some browns" in page.text_content(".tldr")
    assert page.input_value("#meta [name=slug]") == "compost-in-a-flat"
    assert page.input_value("#meta [name=date]") == "2026-05-01"
    shot(page, "10-front-matter")
