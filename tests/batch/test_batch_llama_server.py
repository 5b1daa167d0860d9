"""Integration: a batch of 3 short posts against a real `python -m llama_cpp.server` serving the
bundled model on 127.0.0.1 (started and stopped here), 2 posts in flight."""

from __future__ import annotations

import pytest

from blogwright.batch import Runner, RunOptions, plan_batch
from blogwright.store import Store


@pytest.mark.integration
@pytest.mark.timeout(1200)
def test_three_short_posts_on_a_real_llama_cpp_server(llama_server, tmp_path):
    cal = tmp_path / "cal.csv"
    cal.write_text("topic,words\nBrewing green tea at home,150\nHow to store coffee beans,150\nWhy bread goes stale,150\n")
    planned = plan_batch(cal, tmp_path / "posts")
    report = Runner(planned.batch_id, RunOptions(model="openai:smollm2", base_url=llama_server, concurrency=2)).run()
    assert report.status == "done" and report.counts.done == 3, [i.error for i in report.items]
    assert len(list((tmp_path / "posts").iterdir())) == 3
    assert all(i.words > 50 and i.tokens_in > 0 and i.tokens_out > 0 for i in report.items)
    with Store() as store:  # usage as the server counted it, for every call
        calls = [c for i in report.items for c in store.calls(i.run_id)]
    assert calls and all(c["prompt_tokens"] and c["completion_tokens"] is not None for c in calls)
