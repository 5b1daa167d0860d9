"""Found pages (research, library) on an untrusted model: facts on the topic, claims quoted word for word."""

from __future__ import annotations

from blogwright.grounding import PassageIndex
from blogwright.grounding.claims import ClaimVerdict, Evidence
from blogwright.grounding.evidence import copied_only, on_topic, quotes_note, topic_words, verbatim
from blogwright.grounding.ground import evidence_for_sections, ground
from blogwright.grounding.sources import NOTES_ID, Source

STASH = ("Use git stash when you want to record the current state of the working directory. "
         "Calling git stash without any arguments is equivalent to git stash push.")
WORKFLOWS = "Roughly speaking, there are two important workflows in git: merge and patch."


def test_topic_words_leave_out_words_every_found_page_shares_and_everyday_words():
    pages = ["git stash saves changes", "git merge joins branches", "git log shows history of stash and revert",
             "git revert undoes a commit", "git reset undoes a commit or a revert"]
    words = topic_words("How git stash saves your unfinished work", pages)
    assert "git" not in words and "work" not in words  # on every page; everyday
    assert "unfinish" not in words  # on no page: it would select nothing
    assert {"stash", "save"} <= words
    assert "revert" in topic_words("Undoing mistakes with git reset and git revert", pages)  # on 3 pages of 5: kept
    assert on_topic("Calling git stash without arguments is git stash push.", words)
    assert not on_topic("Roughly speaking, there are two important workflows in git: merge and patch.", words)
    assert on_topic("Anything at all.", set())  # nothing to ask for: no filter


def test_verbatim_allows_case_markers_contractions_and_a_connective_only():
    ev = "Calling git stash without any arguments is equivalent to git stash push."
    assert verbatim("calling git stash without any arguments is equivalent to git stash push [2].", ev)
    assert verbatim("First, calling git stash without any arguments is equivalent to git stash push [[2]](#references).", ev)
    assert verbatim("It can't be undone.", "It cannot be undone.")
    assert not verbatim("Calling git stash without any arguments is equivalent to git stash apply.", ev)  # one word
    assert not verbatim("Calling git stash without any arguments is equivalent to git stash.", ev)  # cut short
    assert not verbatim("", ev)


def _verdict(sentence: str, source_id: str, text: str) -> ClaimVerdict:
    return ClaimVerdict(sentence, "supported", Evidence(text, source_id, "t", "u"), 0.9, 0.9, 0.9)


def test_copied_only_unsupports_restatements_of_found_pages_but_not_of_the_users_own_sources():
    # (a note with a word swapped loses that word: see the notes test below)
    ev = "Calling git stash without any arguments is equivalent to git stash push."
    flip = "Calling git stash without any arguments is equivalent to git stash apply."
    kinds = {"w1": "web", "l1": "library", "s1": "markdown"}
    out = copied_only([_verdict(flip, "w1", ev), _verdict(flip, "l1", ev), _verdict(flip, "s1", ev),
                       _verdict(flip, NOTES_ID, ev), _verdict(ev, "w1", ev)], kinds)
    assert [v.status for v in out] == ["unsupported", "unsupported", "supported", "unsupported", "supported"]
    assert out[0].evidence is not None and out[0].evidence.text == ev  # kept: rewrite mode can quote it


def _web_index() -> PassageIndex:
    return PassageIndex.build([Source(id="w1", title="git-stash", location="http://127.0.0.1/docs/git-stash.html",
                                      kind="web", text=STASH),
                               Source(id="w2", title="git-merge", location="http://127.0.0.1/docs/git-merge.html",
                                      kind="web", text="git merge joins two or more development histories together."),
                               Source(id="w3", title="git-log", location="http://127.0.0.1/docs/git-log.html",
                                      kind="web", text="git log shows the commit logs of a repository."),
                               Source(id="w4", title="gitworkflows", location="http://127.0.0.1/docs/gitworkflows.html",
                                      kind="web", text=WORKFLOWS)])


def test_found_evidence_off_the_topic_is_not_a_fact_on_an_untrusted_model():
    index = _web_index()
    sections = [("Two workflows", "merge and patch workflows, important workflows roughly speaking")]
    loose = evidence_for_sections(index, sections, max_words=200, max_sentences=4)[0]
    strict = evidence_for_sections(index, sections, max_words=200, max_sentences=4,
                                   topic="How git stash saves your unfinished work")[0]
    off = "Roughly speaking, there are two important workflows in git: merge and patch."
    assert off in loose and off not in strict
    assert all("stash" in s for s in strict)


def test_a_restated_research_claim_is_replaced_by_the_pages_own_sentence_in_strict_mode():
    index = _web_index()
    post = [("", "Calling git stash without any arguments is equivalent to git stash apply.")]
    g = ground(post, [], index, mode="rewrite", known=["git stash"], strict=True)
    text = g.sections[0][1]
    assert "git stash push" in text and "git stash apply" not in text
    assert g.cited.report["problems"][0]["action"] == "rewritten"
    loose = ground(post, [], index, mode="rewrite", known=["git stash"], strict=False)
    assert "git stash apply" in loose.sections[0][1]  # the lexical check alone lets the flip through


def test_a_claim_whose_closest_found_sentence_is_off_the_topic_is_cut_not_replaced():
    ev = "Roughly speaking, there are two important workflows in git: merge and patch."
    v = _verdict("There are two workflows in git, merge and patch.", "w1", ev)
    out = copied_only([v], {"w1": "web"}, {"stash"})
    assert out[0].status == "unsupported" and out[0].evidence is None
    assert copied_only([v], {"w1": "web"}, {"workflow"})[0].evidence is not None  # on the topic: kept to quote


def test_two_sentences_the_splitter_saw_as_one_never_replace_a_claim():
    from blogwright.grounding.cite import _replacement
    from blogwright.grounding.evidence import one_sentence

    two = "Look at the diffs. git diff will show a three-way diff of the stash."
    assert not one_sentence(two) and one_sentence("git diff shows a three-way diff [2].")
    assert not one_sentence("$ git bisect start $ git bisect bad # Current version is bad")
    assert one_sentence("It costs $5 a month.")
    v = ClaimVerdict("The diff of a stash is three-way.", "unsupported", Evidence(two, "w1", "t", "u"), 0.5, 0.9, 0.5)
    assert _replacement(v, None, set(), "") is None
    one = "git diff will show a three-way diff of the stash."
    v1 = ClaimVerdict("The diff of a stash is three-way.", "unsupported", Evidence(one, "w1", "t", "u"), 0.5, 0.9, 0.5)
    assert _replacement(v1, None, set(), "") == "Git diff will show a three-way diff of the stash."


def test_the_account_of_a_post_counts_a_restated_found_sentence_as_unsupported():
    from blogwright.grounding import account_markdown

    index = _web_index()
    quoted = account_markdown("Calling git stash without any arguments is equivalent to git stash push [1].\n", [],
                              index, known=["git stash"])
    flipped = account_markdown("Calling git stash without any arguments is equivalent to git stash apply.\n", [],
                               index, known=["git stash"])
    assert quoted["supported"] == 1 and flipped["supported"] == 0 and flipped["unsupported"] == 1


def test_a_sentence_on_a_page_titled_with_the_topic_is_on_the_topic():
    words = {"stash"}
    assert not on_topic("The command saves your local modifications away.", words)
    assert on_topic("The command saves your local modifications away.", words, "git-stash(1)")
    assert not on_topic("Roughly speaking, there are two important workflows.", words, "gitworkflows(7)")


def test_a_copy_citing_two_sources_is_still_word_for_word_and_markers_of_every_form_are_stripped():
    from blogwright.grounding import strip_markers
    from blogwright.grounding.evidence import verbatim

    # evidence.py had its own narrower marker pattern: "[1, 2]" made a verbatim copy "unsupported"
    assert verbatim("Redis keeps data in memory [1, 2].", "Redis keeps data in memory.")
    assert strip_markers("A fact [[2]](#references).") == "A fact."
    assert strip_markers("A fact [1, 2].") == "A fact."


NOTE = "A thin coat of oil heated past its smoke point gives the most durable seasoning"


def test_a_claim_backed_by_a_note_must_quote_it_so_no_condition_or_word_is_changed():
    short = "A thin coat of oil gives the most durable seasoning."
    assert not quotes_note(short, NOTE)
    assert quotes_note("In short, a thin coat of oil heated past its smoke point gives the most durable seasoning [3].", NOTE)
    assert not quotes_note("Thin coats of oil heated past their smoke point give the most durable seasoning.", NOTE)
    assert not quotes_note("Your home lab is one old ThinkPad T480.", "My home lab is one old ThinkPad T480")
    assert not quotes_note("Writing by hand makes me feel slower.", "Writing by hand makes me slower")
    assert not quotes_note(f"{NOTE}, which protects the pan.", NOTE)  # adds a claim of its own
    wraps = "functools.wraps copies the original function's name and docstring onto the wrapper"
    assert quotes_note(f"What does functools.wraps do? {wraps}.", wraps)  # its lead question, unsplit
    assert not quotes_note(f"Is it fast? {wraps} and makes it fast.", wraps)
    out = copied_only([_verdict(short, NOTES_ID, NOTE), _verdict(NOTE + ".", NOTES_ID, NOTE)], {})
    assert [v.status for v in out] == ["unsupported", "supported"]
    assert out[0].evidence is not None and out[0].evidence.text == NOTE  # rewrite mode can put the note there
    assert copied_only([_verdict(short, NOTES_ID, NOTE)], {}, notes=False)[0].status == "supported"


def test_a_note_restated_without_its_condition_after_the_note_itself_is_cut_in_strict_mode():
    post = [("Why It Matters", f"{NOTE}. A thin coat of oil gives the most durable seasoning.")]
    g = ground(post, [NOTE], None, mode="rewrite", known=["cast iron pan"], strict=True)
    text = g.sections[0][1]
    assert text.count("thin coat") == 1 and "smoke point" in text
    assert [p["action"] for p in g.cited.report["problems"]] == ["cut"]
    loose = ground(post, [NOTE], None, mode="rewrite", known=["cast iron pan"], strict=False)
    assert loose.sections[0][1].count("thin coat") == 2  # only the strict (untrusted) check refuses it


def test_a_note_spacy_misreads_still_replaces_its_shortened_restatement():
    note = "The authoritative name server answers with the record, for example an A record holding an IPv4 address"
    post = [("", "The authoritative name server answers with the record, for example an IPv4 address.")]
    g = ground(post, [note], None, mode="rewrite", known=["How DNS works"], strict=True)
    assert "an A record holding an IPv4 address [1]." in g.sections[0][1]
    assert g.cited.report["problems"][0]["action"] == "rewritten"


def test_a_found_sentence_whose_subject_was_introduced_only_on_its_page_is_not_a_fact():
    from blogwright.text.english import unintroduced

    topic = "How Redis keeps data on disk with RDB snapshots and the append-only file"
    child = "The child starts to write the dataset to a temporary RDB file."
    assert unintroduced(child, topic) == ["the child"]
    assert unintroduced("When the child is done writing the new RDB file, it replaces the old one.", topic)
    assert not unintroduced("The append-only file is an alternative, fully-durable strategy for Redis.", topic)
    assert not unintroduced("When the specified amount of memory is reached, eviction starts.", topic)
    assert not unintroduced(child, f"{topic} Forking a child process")  # the heading names it
    page = ("Redis forks. Now we have a child and a parent process. " + child + " "
            "Redis saves RDB snapshots of the dataset to disk.")
    index = PassageIndex.build([Source(id="w1", title="Redis persistence", location="http://127.0.0.1/persistence",
                                       kind="web", text=page)])
    facts = evidence_for_sections(index, [("Snapshots", "how RDB snapshots are written")], max_words=200,
                                  max_sentences=4, topic=topic)[0]
    assert child not in facts and any("snapshots" in f for f in facts)
