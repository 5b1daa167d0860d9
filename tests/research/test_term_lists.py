"""Found pages lose the items of definition lists whose term is an option, command or value, and tables."""

from __future__ import annotations

from blogwright.grounding.sources import parse_bytes
from blogwright.research.find import without_term_lists

PAGE = b"""<html><head><title>git-branch</title></head><body><main>
<h2>DESCRIPTION</h2><p>A branch is a line of development that git records as a named pointer to a commit.</p>
<h2>CONFIGURATION</h2><dl>
<dt><code>branch.autoSetupRebase</code></dt><dd><p>When a new branch is created, this variable tells Git to rebase.</p>
<dl><dt>remote</dt><dd><p>When remote, rebase is set to true for tracked branches.</p></dd></dl></dd>
<dt>--track</dt><dd><p>Sets up the upstream configuration of the new branch.</p></dd>
</dl>
<h2>EXAMPLES</h2><dl><dt>Pulling into a dirty tree</dt>
<dd><p>When you are in the middle of something, you learn that there are upstream changes to fetch.</p></dd></dl>
<table><tr><td>noeviction</td><td>New values are not saved when the memory limit is reached.</td></tr></table>
</main></body></html>"""


def test_option_and_value_items_and_tables_are_dropped_prose_items_stay():
    text = parse_bytes(without_term_lists(PAGE), "page", "html", "page")[2]
    assert "line of development" in text
    assert "When remote" not in text and "this variable" not in text and "upstream configuration" not in text
    assert "New values are not saved" not in text
    assert "there are upstream changes to fetch" in text  # an example under a prose title


def test_a_page_that_cannot_be_parsed_is_returned_as_it_is():
    assert without_term_lists(b"") == b""


def test_research_notes_keep_only_sentences_on_the_topic():
    from blogwright.grounding import PassageIndex, Source
    from blogwright.research.find import section_notes

    pages = [Source(id=f"w{i}", title=t, location=f"http://127.0.0.1/{t}.html", kind="web", text=x) for i, (t, x) in enumerate([
        ("stash", "Calling git stash without any arguments is equivalent to git stash push."),
        ("workflows", "Roughly speaking, there are two important workflows in git: merge and patch."),
        ("merge", "git merge joins two or more development histories together."),
        ("log", "git log shows the commit logs of a repository.")], 1)]
    index = PassageIndex.build(pages)
    sections = [("Workflows", "two important workflows in git, merge and patch, and git stash")]
    loose = [s for s, _ in section_notes(index, sections, min_score=0.0)[0]]
    strict = [s for s, _ in section_notes(index, sections, min_score=0.0, topic="How git stash saves your work")[0]]
    off = "Roughly speaking, there are two important workflows in git: merge and patch."
    assert off in loose and off not in strict and strict


LIST_PAGE = b"""<html><head><title>Redis persistence</title></head><body><main>
<h2>Switching to AOF</h2>
<p>If you want to enable AOF in a server that is currently using RDB snapshots, you need to convert the data
by enabling AOF via CONFIG command on the live server first.</p>
<p>Switch to AOF on live database:</p>
<ul><li>Enable AOF: <code>redis-cli config set appendonly yes</code></li>
<li>Optionally disable RDB: <code>redis-cli config set save ""</code></li>
<li>Make sure writes are appended to the append only file correctly.</li></ul>
<p>Redis Transactions make two important guarantees:</p>
<ul><li>All the commands in a transaction are serialized and executed sequentially.</li>
<li>Either all of the commands or none are processed, so a Redis transaction is also atomic.</li></ul>
</main></body></html>"""


def test_a_pages_list_items_stay_separate_sentences_in_its_passages():
    # stop 32: "Switch to AOF on live database: Enable AOF: redis-cli config set appendonly yes Optionally
    # disable RDB: ..." was one "sentence" (items without a full stop joined with a space) and a post's nonsense
    from blogwright.grounding import Source, split_passages

    title, _, text = parse_bytes(without_term_lists(LIST_PAGE), "http://127.0.0.1/persistence.html", "html", "page")
    page = Source(id="w1", title=title, location="http://127.0.0.1/persistence.html", kind="web", text=text)
    sentences = [s for p in split_passages(page) for s in p.sentences]
    assert "Switch to AOF on live database:" in sentences
    assert "Enable AOF: redis-cli config set appendonly yes" in sentences
    assert "Make sure writes are appended to the append only file correctly." in sentences
    assert "Redis Transactions make two important guarantees:" in sentences  # the line that opens a list
    assert not [s for s in sentences if s.count(":") > 1]


def test_research_notes_take_no_run_on_list_and_no_line_that_only_opens_a_list():
    from blogwright.grounding import PassageIndex, Source
    from blogwright.research.find import section_notes

    title, _, text = parse_bytes(without_term_lists(LIST_PAGE), "http://127.0.0.1/persistence.html", "html", "page")
    index = PassageIndex.build([Source(id="w1", title=title, location="http://127.0.0.1/p.html", kind="web", text=text)])
    notes = [s for s, _ in section_notes(index, [("Switching to AOF", "switching Redis to AOF, transactions"),
                                                 ("Guarantees", "what Redis transactions guarantee")], min_score=0.0)[0]]
    notes += [s for s, _ in section_notes(index, [("Guarantees", "what Redis transactions guarantee")], min_score=0.0)[0]]
    assert notes
    assert not [n for n in notes if "Enable AOF" in n or n.endswith(":")]
