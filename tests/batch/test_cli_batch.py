"""`blogwright batch`, `batch show` and `batches` on the command line (the fake backend)."""

from __future__ import annotations

import json

from typer.testing import CliRunner

from blogwright.cli import app

runner = CliRunner()


def run(*args):
    return runner.invoke(app, [str(a) for a in args])


def test_bad_rows_all_reported_with_lines_and_nothing_written(tmp_path):
    cal = tmp_path / "cal.yaml"
    cal.write_text("posts:\n  - topic: Fine post\n  - words: 300\n  - topic: Another\n    voice: nobody\n"
                   "  - topic: Third\n    words: lots\n")
    r = run("batch", cal, "--model", "fake", "--out", tmp_path / "posts")
    assert r.exit_code == 2 and "Traceback" not in r.output
    assert f"{cal}:3: no topic" in r.stderr and f"{cal}:4: " in r.stderr and "nobody" in r.stderr
    assert f"{cal}:7: words: 'lots' is not a number" in r.stderr and "3 problem(s); nothing was written" in r.stderr
    assert not (tmp_path / "posts").exists()
    assert json.loads(run("batches", "--json").stdout) == []


def test_check_lists_the_rows_and_writes_nothing(tmp_path):
    cal = tmp_path / "cal.csv"
    cal.write_text("topic,words,voice\nHome composting,300,friendly-teacher\nWorm farms,,\n")
    r = run("batch", cal, "--check", "--words", "400")
    assert r.exit_code == 0, r.output
    assert "line 2: Home composting" in r.stderr and "400 words" in r.stderr and "2 post(s), no problems" in r.stderr
    assert json.loads(run("batches", "--json").stdout) == []


def test_run_show_list_and_rerun(tmp_path):
    cal = tmp_path / "cal.csv"
    out = tmp_path / "posts"
    cal.write_text("topic,words,date\nHome composting,150,2026-12-01\nWorm farms,150,2026-12-02\n")
    r = run("batch", cal, "--model", "fake", "--out", out, "--json")
    assert r.exit_code == 0, r.output
    report = json.loads(r.stdout)
    assert report["status"] == "done" and report["totals"]["posts"] == 2
    assert [i["path"] for i in report["items"]] == [str(out / "2026-12-01-home-composting.md"),
                                                   str(out / "2026-12-02-worm-farms.md")]
    assert "1 post at a time on fake" in r.stderr and "done   [2/2]" in r.stderr
    batch_id = report["batch_id"]

    listed = json.loads(run("batches", "--json").stdout)
    assert listed[0]["id"] == batch_id and listed[0]["done"] == 2 and listed[0]["status"] == "done"
    assert batch_id in run("batches").stdout
    shown = run("batch", "show", batch_id[:5])
    assert shown.exit_code == 0 and "2026-12-02-worm-farms.md" in shown.stdout.replace("\n", "")
    assert json.loads(run("batch", "show", batch_id, "--json").stdout)["counts"]["done"] == 2

    again = run("batch", cal, "--model", "fake", "--out", out)  # the same calendar: nothing left to write
    assert again.exit_code == 0 and f"continuing batch {batch_id}" in again.stderr
    assert again.stdout.split() == [i["path"] for i in report["items"]]
    resumed = run("batch", "--resume", batch_id)
    assert resumed.exit_code == 0 and "2 done before, 0 to write" in resumed.stderr


def test_a_failed_post_exits_1_and_bad_commands_exit_2(tmp_path):
    cal = tmp_path / "cal.csv"
    out = tmp_path / "posts"
    out.mkdir()
    cal.write_text("topic,words,date\nHome composting,150,2026-12-01\n")
    (out / "2026-12-01-home-composting.md").write_text("mine\n")
    r = run("batch", cal, "--model", "fake", "--out", out)
    assert r.exit_code == 1 and "already exists and this batch did not write it" in r.stderr
    for args, message in ((["batch", "--resume", "b-nothere"], "no batch"), (["batch"], "name a calendar"),
                          (["batch", "show"], "name the batch"), (["batch", cal, "--format", "pdf"], "--format"),
                          (["batch", cal, "--model", "nosuch:x"], "unknown model spec"),
                          (["batch", cal, "--resume", "b-1"], "not both"),
                          (["batch", tmp_path / "missing.yaml"], "no such calendar")):
        r = run(*args)
        assert r.exit_code == 2 and message in r.output and "Traceback" not in r.output, (args, r.output)


def test_an_unterminated_csv_quote_is_a_problem_not_swallowed_rows(tmp_path):
    """Issue 27 #13: the rows after an unclosed quote became one cell, silently."""
    cal = tmp_path / "cal.csv"
    cal.write_text('topic,words\n"Compost, basics,300\nWorm farms,400\nBins,500\n')
    r = run("batch", cal, "--check")
    assert r.exit_code == 2 and "Traceback" not in r.output
    assert f"{cal}:2: not valid CSV: a quote opened on this line is never closed" in r.stderr


def test_a_quoted_cell_over_two_lines_is_still_fine(tmp_path):
    cal = tmp_path / "cal.csv"
    cal.write_text('topic,notes\nHome composting,"Bins need air.\nWorms help."\nWorm farms,\n')
    r = run("batch", cal, "--check")
    assert r.exit_code == 0 and "2 post(s), no problems" in r.stderr, r.output


def test_check_validates_model_and_publish_specs(tmp_path):
    """Issue 27 #13: `--check` passed local:/etc/passwd, fake:/dev/zero and wordpress:file:///etc/passwd."""
    (tmp_path / "fake.json").write_text('["Compost needs air."]')
    cal = tmp_path / "cal.yaml"
    cal.write_text("posts:\n  - topic: One\n    model: local:/etc/passwd\n  - topic: Two\n    model: fake:/dev/zero\n"
                   "  - topic: Three\n    publish: wordpress:file:///etc/passwd\n"
                   f"  - topic: Four\n    model: fake:{tmp_path / 'fake.json'}\n")
    r = run("batch", cal, "--check")
    assert r.exit_code == 2 and "Traceback" not in r.output
    assert f"{cal}:2: /etc/passwd is not a GGUF model file" in r.stderr
    assert f"{cal}:4: " in r.stderr and "over the 5 MB limit" in r.stderr
    assert f"{cal}:6: wordpress:file:///etc/passwd: a WordPress site is an http(s) URL" in r.stderr
    assert "https://file" not in r.stderr and "3 problem(s)" in r.stderr
    r = run("batch", tmp_path / "cal.yaml", "--check", "--model", "local:/etc/passwd")
    assert r.exit_code == 2 and "not a GGUF model file" in r.output


def test_a_big_calendar_prints_a_bounded_listing(tmp_path):
    """Issue 27 #12: a 100,000-row calendar printed 200,000 lines after Ctrl-C (152 s, 1 GB)."""
    cal = tmp_path / "cal.csv"
    cal.write_text("topic,words\n" + "".join(f"Compost topic number {i},150\n" for i in range(300)))
    r = run("batch", cal, "--check")
    assert r.exit_code == 0 and "300 post(s), no problems" in r.stderr and "... and 250 more" in r.stderr
    assert len(r.stderr.splitlines()) < 60
