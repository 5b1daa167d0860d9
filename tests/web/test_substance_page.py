"""Issue 13 on the web page: a part with failing gates is marked failing with the sentence a gate names
highlighted (escaped), live while the post is written and on the post page; and the interview: questions
after the outline is planned, answered (or skipped) on the page, used as notes."""

from __future__ import annotations

import json
import re
import time

from blogwright.model.brief import make_brief
from blogwright.model.events import PartWritten, StageStarted
from blogwright.model.post import Outline, SectionPlan
from blogwright.model.request import make_request
from blogwright.web.jobs import Job

from .conftest import start, wait

LIMPAC = "LIMPAC (Limited Machine Learning Platform) keeps <b>every</b> model & its data in one place."
GOOD = "LLM Ops is about running large language models in production, day after day."


def part_html(page: str, part: str) -> str:
    m = re.search(rf'<section class="part (\w+)" id="part-{part}".*?</section>', page, re.S)
    assert m, part
    return m.group(0)


def test_a_part_with_a_fabricated_expansion_is_marked_failing_with_the_sentence_highlighted(client):
    job = start(client, topic="LLM Ops vs ML Ops")
    assert wait(client, job)["status"] == "done"
    r = client.post(f"/api/posts/{job}/parts/s0", json={"text": f"{GOOD} {LIMPAC}\n\nTeams ship models weekly."})
    assert r.status_code == 200, r.text
    html = client.get(f"/posts/{job}").text
    s0 = part_html(html, "s0")
    assert s0.startswith('<section class="part failing"')
    verdict = re.search(r'<p class="verdict">(.*?)</p>', s0).group(1)
    assert verdict.startswith("✗ fails: ") and "made-up meanings of abbreviations" in verdict and "✓" not in verdict
    assert re.search(r'<li class="bad" data-gate="expansions">made-up meanings of abbreviations\s*<div class="finding">fabricated expansion', s0)
    escaped = ("LIMPAC (Limited Machine Learning Platform) keeps &lt;b&gt;every&lt;/b&gt; model &amp; its data "
               "in one place.")
    mark = re.search(r'<mark class="flag bad" title="([^"]*)">(.*?)</mark>', s0)
    assert mark and mark.group(2) == escaped  # exactly the sentence, escaped
    assert "made-up meanings of abbreviations: fabricated expansion" in mark.group(1) and "<b>" not in mark.group(1)
    assert "<b>every" not in html and GOOD in s0 and f"{GOOD} <mark" in s0  # the good sentence is not marked
    # the other parts are drawn as before: a passing part has a tick and nothing marked
    passing = [p for p in ("intro", "s1", "conclusion") if part_html(html, p).startswith('<section class="part passing"')]
    assert passing and all("<mark" not in part_html(html, p) and "✓ passes the gates" in part_html(html, p)
                           for p in passing)
    # reverting takes the mark away
    client.post(f"/api/posts/{job}/parts/s0/revert")
    assert "LIMPAC" not in part_html(client.get(f"/posts/{job}").text, "s0")


def test_a_regenerated_proposal_comes_with_its_marked_sentences(client):
    job = start(client, topic="LLM Ops vs ML Ops")
    wait(client, job)
    data = client.post(f"/api/posts/{job}/parts/s0/regenerate", json={"instruction": ""}).json()
    report = data["report"]
    assert set(report) >= {"passed", "blocking_failed", "gates", "paragraphs"}
    assert "".join(p["text"] for para in report["paragraphs"] for p in para) == data["text"].replace("\n\n", "")


def fed_job(client) -> Job:
    """A job fed the events a pipeline would send, one part with a fabricated expansion."""
    brief = make_brief(topic="LLM Ops vs ML Ops", words=300)
    job = Job(id="20990101-000000-feed", request=make_request(brief=brief, model="fake"))
    outline = Outline(title="LLM Ops vs ML Ops", intro_words=40, conclusion_words=40,
                      sections=[SectionPlan(heading="What LLM Ops Is", point="LLM Ops", words=100)])
    job.sink(StageStarted(stage="draft", total=1, outline=outline))
    job.sink(PartWritten(part="intro", text=GOOD))
    job.sink(PartWritten(part="s0", heading="What LLM Ops Is", text=f"{GOOD}\n\n{LIMPAC}"))
    client.app.web.jobs.jobs[job.id] = job
    return job


def test_parts_arrive_with_their_report_over_sse_and_in_the_job_page(client):
    job = fed_job(client)
    job.finish("done", path="x.md")
    frames = client.get(f"/api/jobs/{job.id}/events?after=0").text
    parts = {e["part"]: e for e in (json.loads(f.split("data: ", 1)[1]) for f in frames.split("\n\n")
                                    if f.startswith("id: ")) if e["kind"] == "part"}
    assert parts["intro"]["report"]["passed"] is True
    s0 = parts["s0"]["report"]
    assert s0["passed"] is False and "expansions" in s0["blocking_failed"]
    flagged = [p for para in s0["paragraphs"] for p in para if p["level"]]
    assert [p["text"] for p in flagged] == [LIMPAC] and flagged[0]["level"] == "bad"  # raw: the page uses textContent
    page = client.get(f"/write/{job.id}").text
    state = json.loads(re.search(r'<script type="application/json" id="job-state">(.*?)</script>', page, re.S).group(1))
    assert state["parts"]["s0"]["report"]["blocking_failed"] == s0["blocking_failed"]
    assert "<b>every" not in page  # the JSON in the page escapes < and >


def test_a_real_job_sends_a_report_with_every_part(client):
    job = start(client, topic="Composting at home")
    state = wait(client, job)
    assert state["parts"] and all(p["report"] and "paragraphs" in p["report"] for p in state["parts"].values())
    assert not state["questions"] and not state["asking"]  # no interview unless asked for


def test_the_form_offers_the_interview_off_by_default(client):
    html = client.get("/").text
    box = re.search(r'<input type="checkbox" name="interview"[^>]*>', html).group(0)
    assert "checked" not in box and "Ask me questions about my facts" in html


def test_interview_questions_after_planning_then_the_answers_become_notes(make_client):
    made: list = []
    client = make_client(delay=0.002, made=made)
    job = start(client, topic="How does WAL mode work?", words="600", interview="1")
    state = wait(client, job, until=lambda s: s["asking"] or s["status"] != "running")
    assert state["asking"] and state["stage"] == "questions" and 1 <= len(state["questions"]) <= 6
    assert not state["parts"]  # nothing is drafted while the questions wait
    time.sleep(0.3)
    assert client.get(f"/api/jobs/{job}").json()["asking"]  # it waits
    assert client.get(f"/write/{job}").status_code == 200
    bad = client.post(f"/api/jobs/{job}/answers", json={"answers": [1, 2]})
    assert bad.status_code == 400 and "list of JSON strings" in bad.json()["error"]
    answers = ["Readers keep reading while one writer writes."] + [""] * (len(state["questions"]) - 1)
    r = client.post(f"/api/jobs/{job}/answers", json={"answers": answers})
    assert r.status_code == 200 and r.json() == {"ok": True, "answered": 1}
    assert client.post(f"/api/jobs/{job}/answers", json={"answers": []}).status_code == 409  # asked once
    done = wait(client, job)
    assert done["status"] == "done", done
    frames = client.get(f"/api/jobs/{job}/events?after=0").text
    events = [json.loads(f.split("data: ", 1)[1]) for f in frames.split("\n\n") if f.startswith("id: ")]
    kinds = [e["kind"] for e in events]
    assert kinds.index("questions") < kinds.index("answered") < kinds.index("part")
    assert any(e["kind"] == "note" and "1 of" in e["text"] and "answers will be used as notes" in e["text"]
               for e in events)
    assert any("one writer writes" in c.prompt for c in made[0].calls)  # the answer reached a prompt


def test_interview_skipped_or_timed_out_writes_without_answers_and_cancel_still_works(make_client):
    client = make_client(interview_wait_s=0.5)
    job = start(client, topic="How does WAL mode work?", interview="1")
    done = wait(client, job)
    assert done["status"] == "done" and any("no answers after" in n for n in done["notes"])
    assert client.post(f"/api/jobs/{job}/answers", json={"answers": ["too late now"]}).status_code == 409
    patient = make_client()  # the default wait (minutes): only a skip or a cancel ends it
    skipped = start(patient, topic="How does WAL mode work?", interview="1")
    wait(patient, skipped, until=lambda s: s["asking"])
    assert patient.post(f"/api/jobs/{skipped}/answers", json={"skip": True}).json() == {"ok": True, "answered": 0}
    assert wait(patient, skipped)["status"] == "done"
    cancelled = start(patient, topic="How does WAL mode work?", interview="1")
    wait(patient, cancelled, until=lambda s: s["asking"])
    t0 = time.time()
    assert patient.post(f"/api/jobs/{cancelled}/cancel").status_code == 200
    end = wait(patient, cancelled, timeout=10)
    assert end["status"] == "cancelled" and not end["asking"] and time.time() - t0 < 5
