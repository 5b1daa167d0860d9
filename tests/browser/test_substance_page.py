"""Issue 13 in headless Chromium: a part a blocking gate fails is marked failing with the sentence
highlighted (as text, never markup), and the interview's questions are answered on the job page."""

from __future__ import annotations

import pytest

from .conftest import shot
from .test_pages import new_post

pytestmark = pytest.mark.browser
GOOD = "LLM Ops is about running large language models in production, day after day."
LIMPAC = "LIMPAC (Limited Machine Learning Platform) keeps <img src=x onerror=alert(1)> every model in one place."


def test_substance_failure_is_marked_and_the_sentence_highlighted(page, fake_server):
    dialogs = []
    page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    new_post(page, fake_server, "LLM Ops vs ML Ops")
    page.wait_for_url("**/posts/*", timeout=120_000)
    sec = page.locator("#part-s0")
    sec.locator(".edit").click()
    sec.locator("textarea.editor").fill(f"{GOOD} {LIMPAC}\n\nTeams ship models every week.")
    sec.locator(".save-edit").click()
    page.locator("#part-s0 mark.flag.bad").wait_for()
    assert "failing" in (sec.get_attribute("class") or "")
    verdict = sec.locator(".verdict").inner_text()
    assert verdict.startswith("✗ fails:") and "made-up meanings of abbreviations" in verdict and "✓" not in verdict
    assert sec.locator("li.bad[data-gate=expansions] .finding").first.inner_text().startswith("fabricated expansion")
    marks = sec.locator("mark.flag.bad")
    assert marks.count() == 1 and marks.inner_text() == LIMPAC  # the sentence, shown as text
    assert "made-up meanings of abbreviations" in (marks.get_attribute("title") or "")
    assert sec.locator(".text img").count() == 0 and dialogs == []
    assert GOOD in sec.locator(".text p").first.inner_text()
    marks.scroll_into_view_if_needed()
    shot(page, "12-failing-part-highlighted")
    page.screenshot(path="/tmp/issue13-failing-part.png", full_page=False)


def test_interview_questions_are_answered_on_the_job_page_and_parts_arrive_with_checks(page, fake_server):
    page.goto(fake_server.url + "/")
    page.fill("#topic", "How does WAL mode work?")
    page.fill("#words", "300")
    assert not page.is_checked("#interview")
    page.check("#interview")
    page.click("#write")
    page.wait_for_url("**/write/*")
    page.wait_for_selector("#interview:not([hidden])")
    assert page.text_content("#job-stage") == "waiting for your answers"
    questions = page.locator("#interview-questions label")
    assert 1 <= questions.count() <= 6 and questions.first.inner_text().endswith("?")
    page.fill("#answer-0", "Readers keep reading while one writer writes.")
    shot(page, "13-interview-questions")
    page.screenshot(path="/tmp/issue13-interview.png", full_page=False)
    page.click("#interview-send")
    page.wait_for_selector("#interview", state="hidden")
    # each part arrives with its checks while the post is being written
    page.wait_for_selector("#job-part-intro.done aside.checks .verdict")
    shot(page, "14-live-part-checks")
    page.wait_for_url("**/posts/*", timeout=120_000)
    assert page.locator("section.part").count() >= 3
