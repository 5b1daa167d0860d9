"""One short post on the real bundled model, through the page: time from click to the first streamed
token, and a finished post with its checks. The timing is written to tests/artifacts/browser/."""

from __future__ import annotations

import json
import time

import pytest

from blogwright.web import Settings

from .conftest import ARTIFACTS, Server, shot

pytestmark = [pytest.mark.browser, pytest.mark.integration]


def test_bundled_model_short_post_in_the_browser(page, tmp_path):
    with Server(Settings(model="local", out_dir=tmp_path / "posts")) as server:
        page.goto(server.url + "/")
        page.fill("#topic", "LLM Ops vs ML Ops")
        page.select_option("#voice", "snarky-mentor")
        page.fill("#words", "150")
        t0 = time.perf_counter()
        page.click("#write")
        page.wait_for_function("() => { const l = document.querySelector('section.part .live');"
                               " return (l && l.textContent.length > 0) || document.querySelector('section.part.done'); }",
                               timeout=300_000, polling=50)
        first_token = time.perf_counter() - t0
        shot(page, "20-real-model-streaming")
        page.wait_for_url("**/posts/*", timeout=900_000)
        total = time.perf_counter() - t0
        page.wait_for_selector("aside.checks")
        shot(page, "21-real-model-post")
        assert page.locator("section.part").count() >= 2  # 150 words: a short post, paragraphs without headings
        words = sum(len(t.split()) for t in page.locator("section.part .text").all_inner_texts())
        # No facts on the untrusted bundled model: the post is short (cut sentences) and its claims are marked,
        # so the page shows a warning, never the green tick (issue 22)
        # (no facts: a part keeps only the sentences that pass the checks; 24 words of prose in one CI run,
        # 28 at seed 0 by the CLI: what is asserted is a short post that is not empty, never a long one)
        assert 10 <= words <= 300
        # (a 150-word plan is an intro and a wrap-up: when every sentence with a claim is stopped or cut,
        # the parts pass and the whole post fails length: still no green verdict for the post)
        verdicts = page.locator("aside.checks .verdict").all_inner_texts()
        overall = page.locator("#overall")
        assert ("bad" in (overall.get_attribute("class") or "") and "fails" in overall.inner_text()) \
            or not all(v.startswith("✓") for v in verdicts), (overall.inner_text(), verdicts)
        ARTIFACTS.mkdir(parents=True, exist_ok=True)
        (ARTIFACTS / "real-model-timing.json").write_text(json.dumps(
            {"click_to_first_token_s": round(first_token, 2), "click_to_post_page_s": round(total, 2),
             "words": words}, indent=2))
        print(f"\nbundled model in the browser: first token {first_token:.2f} s after the click, "
              f"post page after {total:.1f} s, {words} words")
