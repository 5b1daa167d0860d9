"""The web app over HTTP with the fake backend: pages, jobs, events, editing, saving, exporting."""

from __future__ import annotations

import json
from pathlib import Path

from blogwright.store import Store

from .conftest import start, wait

XSS = "<script>alert(1)</script> composting"


def test_new_post_page_lists_voices_and_defaults(client):
    r = client.get("/")
    assert r.status_code == 200
    assert 'name="topic"' in r.text and "snarky-mentor" in r.text and 'value="fake"' in r.text


def test_bad_form_keeps_what_was_typed_and_says_why(client):
    r = client.post("/write", data={"topic": "Sourdough", "voice": "nobody", "words": "300"})
    assert r.status_code == 400 and "nobody" in r.text and 'value="Sourdough"' in r.text
    r = client.post("/write", data={"topic": "   ", "words": "300"})
    assert r.status_code == 400 and "topic is empty" in r.text
    r = client.post("/write", data={"topic": "Sourdough", "words": "ten"})
    assert r.status_code == 400 and "whole number" in r.text
    r = client.post("/write", data={"topic": "Sourdough", "words": "300", "model": "gpt9000"})
    assert r.status_code == 400 and "unknown model" in r.text


def test_a_post_is_written_with_events_replayable_from_any_point(client, tmp_path):
    job = start(client, words="400")  # 400 words: three sections (under 400, two)
    state = wait(client, job)
    assert state["status"] == "done", state
    assert set(state["parts"]) == {"intro", "s0", "s1", "s2", "conclusion"}
    assert Path(state["path"]).is_file() and Path(state["path"]).parent == tmp_path / "posts"
    everything = client.get(f"/api/jobs/{job}/events?after=0").text
    frames = [f for f in everything.split("\n\n") if f.startswith("id: ")]
    seqs = [int(f.split("\n")[0][4:]) for f in frames]
    assert seqs == sorted(seqs) and seqs[-1] == state["seq"]
    kinds = [json.loads(f.split("data: ", 1)[1])["kind"] for f in frames]
    assert kinds[-1] == "end" and "part" in kinds and "token" in kinds and "event: end" in everything
    # re-attaching after event n gets exactly the later ones (what a reloaded page does)
    later = client.get(f"/api/jobs/{job}/events", headers={"Last-Event-ID": str(seqs[5])}).text
    later_seqs = [int(f.split("\n")[0][4:]) for f in later.split("\n\n") if f.startswith("id: ")]
    assert later_seqs and min(later_seqs) > seqs[5] and later_seqs[-1] == seqs[-1]
    # finished: the job page sends the reader to the post, which shows every section and its checks
    r = client.get(f"/write/{job}", follow_redirects=False)
    assert r.status_code == 200  # the job is still in memory: the page shows the end and links on
    page = client.get(f"/posts/{job}")
    assert page.status_code == 200
    for part in ("intro", "s0", "s1", "s2", "conclusion"):
        assert f'id="part-{part}"' in page.text
    assert page.text.count('class="checks') == 5 and "passes the gates" in page.text


def test_user_text_is_escaped_everywhere(client):
    job = start(client, topic=XSS)
    wait(client, job)
    for url in (f"/write/{job}", f"/posts/{job}", "/library"):
        html = client.get(url).text
        assert "<script>alert(1)" not in html, url
        assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html or "\\u003cscript\\u003e" in html, url
    assert "<script>" in client.get(f"/posts/{job}/export.md").text  # the Markdown keeps what the user wrote
    assert "<script>alert" not in client.get(f"/posts/{job}/export.html").text


def test_two_posts_at_once_do_not_mix(make_client):
    made: list = []
    client = make_client(delay=0.002, made=made)
    a, b = start(client, topic="Composting at home"), start(client, topic="Sourdough baking")
    assert client.get(f"/api/jobs/{a}").json()["status"] == "running"
    sa, sb = wait(client, a), wait(client, b)
    assert sa["status"] == sb["status"] == "done"
    assert len(made) == 2 and made[0] is not made[1]  # a backend each
    text_a = " ".join(p["text"] for p in sa["parts"].values()).lower()
    text_b = " ".join(p["text"] for p in sb["parts"].values()).lower()
    assert "compost" in text_a and "sourdough" not in text_a
    assert "sourdough" in text_b and "compost" not in text_b


def test_cancel_keeps_the_draft(make_client):
    client = make_client(delay=0.01)
    job = start(client)
    wait(client, job, until=lambda s: "s0" in s["parts"])
    assert client.post(f"/api/jobs/{job}/cancel").json()["cancelling"] is True
    state = wait(client, job)
    assert state["status"] == "cancelled"
    draft = Path(state["path"])
    assert draft.name.endswith(".draft.md") and "draft: true" in draft.read_text()
    assert Store().run(job)["status"] == "interrupted"
    page = client.get(f"/posts/{job}")
    assert page.status_code == 200 and "draft (not finished)" in page.text


def test_shutdown_cancels_running_posts_and_saves_their_drafts(make_client):
    client = make_client(delay=0.01)
    job = start(client)
    wait(client, job, until=lambda s: "intro" in s["parts"])
    web = client.app.web
    web.jobs.shutdown(timeout=30)
    state = web.jobs.get(job).snapshot()
    assert state["status"] == "cancelled" and Path(state["path"]).is_file()


def test_edit_revert_and_history(client):
    job = start(client)
    wait(client, job)
    before = client.get(f"/posts/{job}").text
    assert "Revert" not in before
    r = client.post(f"/api/posts/{job}/parts/s1", json={"text": "My own   words about compost.\r\n\r\n\r\nA second paragraph."})
    assert r.status_code == 200
    page = client.get(f"/posts/{job}").text
    assert "<p>My own words about compost.</p><p>A second paragraph.</p>" in page and "Revert (edit)" in page
    md = client.get(f"/posts/{job}/export.md").text
    assert "My own words about compost.\n\nA second paragraph." in md
    assert client.post(f"/api/posts/{job}/parts/s1/revert").status_code == 200
    assert "My own words" not in client.get(f"/posts/{job}/export.md").text
    r = client.post(f"/api/posts/{job}/parts/s1/revert")
    assert r.status_code == 400 and "no earlier version" in r.json()["error"]
    assert client.post(f"/api/posts/{job}/parts/s9", json={"text": "x"}).status_code == 400
    assert client.post(f"/api/posts/{job}/parts/intro", json={"text": "  "}).status_code == 400


def test_regenerate_uses_the_instruction_and_changes_nothing_until_accepted(make_client):
    made: list = []
    client = make_client(made=made)
    job = start(client)
    wait(client, job)
    old = client.get(f"/posts/{job}/export.md").text
    r = client.post(f"/api/posts/{job}/parts/s0/regenerate", json={"instruction": "Add an analogy to a kitchen"})
    assert r.status_code == 200, r.text
    proposal = r.json()
    assert proposal["text"] and "passed" in proposal["report"]
    editor = made[-1]  # the regenerating backend
    assert any("Add an analogy to a kitchen." in c.prompt for c in editor.calls)
    assert client.get(f"/posts/{job}/export.md").text == old
    r = client.post(f"/api/posts/{job}/parts/s0", json={"text": proposal["text"] + " Kitchens help.",
                                                      "origin": "regenerate", "instruction": "Add an analogy"})
    assert r.status_code == 200 and "Kitchens help." in client.get(f"/posts/{job}/export.md").text
    assert "Revert (regenerate)" in client.get(f"/posts/{job}").text
    assert client.post(f"/api/posts/{job}/parts/intro/regenerate", json={}).status_code == 400
    too_long = client.post(f"/api/posts/{job}/parts/s0/regenerate", json={"instruction": "x" * 400})
    assert too_long.status_code == 400 and "under 300" in too_long.json()["error"]


def test_save_updates_the_file_it_saved_and_export_formats(client, tmp_path):
    """Issue 25: saving wrote a `-2.md` beside the file the page had already saved."""
    job = start(client)
    path = Path(wait(client, job)["path"])
    saved = client.post(f"/api/posts/{job}/save").json()
    assert saved["path"] == str(path) and sorted(p.name for p in path.parent.iterdir()) == [path.name]
    assert saved["feedback"] is None  # plain-expert is not a learned voice
    client.post(f"/api/posts/{job}/parts/intro", json={"text": "A new first paragraph, edited on the page."})
    again = client.post(f"/api/posts/{job}/save").json()
    assert again["path"] == str(path) and "edited on the page" in path.read_text()  # the same file, updated
    path.write_text(path.read_text() + "\nA line the writer added in their editor.\n")
    client.post(f"/api/posts/{job}/parts/intro", json={"text": "Edited once more on the page."})
    third = client.post(f"/api/posts/{job}/save").json()
    assert third["path"] != str(path) and "added in their editor" in path.read_text()  # a hand edit is never lost
    r = client.get(f"/posts/{job}/export.html")
    assert r.headers["content-type"].startswith("text/html") and "attachment" in r.headers["content-disposition"]
    assert client.get(f"/posts/{job}/export.pdf").status_code == 404


def test_missing_things_are_404_not_500(client):
    assert client.get("/posts/nope").status_code == 404
    assert client.get("/write/nope").status_code == 404
    assert client.get("/api/jobs/nope/events").status_code == 404
    assert client.post("/api/jobs/nope/cancel").status_code == 404
    assert client.post("/api/posts/nope/save").status_code == 400
    r = client.post("/api/posts/nope/parts/s0", content=b"not json", headers={"content-type": "application/json"})
    assert r.status_code == 400 and "not JSON" in r.json()["error"]


def test_library_lists_runs_with_links(client):
    job = start(client, topic="Composting at home")
    wait(client, job)
    html = client.get("/library").text
    assert f'href="/posts/{job}"' in html and "Composting at home" in html


def test_publish_to_a_jekyll_site_publishes_what_the_page_shows(make_client, tmp_path):
    site = tmp_path / "site"
    site.mkdir()
    client = make_client(allow_dirs=[site])  # the page writes only where it may read
    (site / "_config.yml").write_text("title: T\n")
    job = start(client)
    wait(client, job)
    client.post(f"/api/posts/{job}/parts/intro", json={"text": "An edited opening about composting at home, by me."})
    r = client.post(f"/api/posts/{job}/publish", json={"target": f"jekyll:{site}", "force": True})
    assert r.status_code == 200, r.text
    data = r.json()
    published = Path(data["location"])
    assert published.parent == site / "_drafts" and "An edited opening" in published.read_text()  # not live unless asked
    assert "An edited opening" in Path(data["file"]).read_text()  # the saved file is the edited version
    again = client.post(f"/api/posts/{job}/publish", json={"target": f"jekyll:{site}"})
    assert again.status_code == 400  # exists (or fails a gate) without force: a clear error, not a 500
    bad = client.post(f"/api/posts/{job}/publish", json={"target": "ftp:somewhere", "force": True})
    assert bad.status_code == 400 and bad.json()["error"]


def test_old_finished_jobs_leave_memory_and_their_pages_redirect_to_the_post(client, monkeypatch):
    from blogwright.web import jobs

    monkeypatch.setattr(jobs, "KEEP_FINISHED", 1)
    ids = []
    for topic in ("Composting at home", "Sourdough baking", "Tomato growing"):
        ids.append(start(client, topic=topic))
        wait(client, ids[-1])
    assert ids[0] not in client.app.web.jobs.jobs and ids[-1] in client.app.web.jobs.jobs
    r = client.get(f"/write/{ids[0]}", follow_redirects=False)
    assert r.status_code == 303 and r.headers["location"] == f"/posts/{ids[0]}"


def test_the_page_gets_the_post_layout_from_the_server(client):
    from blogwright.model.post import CONCLUSION, CONCLUSION_HEADING, INTRO, INTRO_LABEL, TLDR_LABEL, section_part

    job = start(client)
    state = wait(client, job)
    assert [s["part"] for s in state["outline"]] == [section_part(i) for i in range(len(state["outline"]))]
    page = client.get(f"/write/{job}").text
    raw = page.split('id="post-layout">', 1)[1].split("</script>", 1)[0]
    layout = json.loads(raw)
    assert layout["intro"] == {"part": INTRO, "heading": INTRO_LABEL}
    assert layout["conclusion"] == {"part": CONCLUSION, "heading": CONCLUSION_HEADING}
    post = client.get(f"/posts/{job}").text
    assert f"<h2>{INTRO_LABEL}</h2>" in post and f"<h2>{CONCLUSION_HEADING}</h2>" in post
    assert post.count('class="regenerate"') == len(state["outline"])  # sections only
    assert f'<p class="tldr"><b>{TLDR_LABEL}:</b>' in post
    script = (Path(__file__).parents[2] / "src/blogwright/web/static/app.js").read_text()
    assert CONCLUSION_HEADING not in script and INTRO_LABEL not in script


def test_handlers_are_module_level_and_read_the_state_from_the_app(client):
    from starlette.routing import Route

    from blogwright.web import routes

    handlers = [r.endpoint for r in routes.ROUTES if isinstance(r, Route)]
    assert len(handlers) == 17 and all(getattr(routes, h.__name__) is h for h in handlers)
    app = client.app.app  # inside the guard
    assert app.state.web is client.app.web


def test_shutdown_closes_the_editors_models(make_client):
    made: list = []
    client = make_client(made=made)
    job = start(client)
    wait(client, job)
    assert client.post(f"/api/posts/{job}/parts/s0/regenerate", json={}).status_code == 200
    editor = made[-1]
    assert editor.closed == 0
    client.__exit__(None, None, None)  # the server stops: its lifespan ends
    assert editor.closed == 1 and all(b.closed == 1 for b in made)


def test_a_short_post_has_no_empty_part_label(client):
    """A short post (<= 250 words) has no `##` headings: its middle paragraph is labelled like the
    page that watched it being written calls it ("Section 1"), never an empty heading."""
    import re

    job = start(client, words="200")  # intro, one paragraph, close
    state = wait(client, job)
    assert state["status"] == "done" and state["outline"] and not any(s["heading"] for s in state["outline"])
    page = client.get(f"/posts/{job}").text
    labels = re.findall(r"<h2>(.*?)</h2>", page, re.S)
    assert labels and all(label.strip() for label in labels), labels
    assert "<h2>Section 1</h2>" in page
    layout = json.loads(client.get(f"/write/{job}").text.split('id="post-layout">', 1)[1].split("</script>", 1)[0])
    assert layout["untitled"] == "Section"  # app.js labels headingless sections with the same word


def test_page_parts_label_every_headingless_section():
    from blogwright.model.post import CONCLUSION_HEADING, INTRO_LABEL, Post, Section
    from blogwright.web.state import page_parts

    post = Post(title="T", topic="t", intro="Opening.", conclusion="Close.",
                sections=[Section(heading="", text="One."), Section(heading="Named", text="Two."),
                          Section(heading="", text="Added to reach the length.")])
    assert [label for _, label, _ in page_parts(post)] == [INTRO_LABEL, "Section 1", "Named", "Section 3", CONCLUSION_HEADING]
