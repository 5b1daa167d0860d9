"""`draft.Derailed` splits only the sentence still growing (it re-split the whole paragraph at every
streamed token): the same stop, at the same token, with the same kept text as splitting it all."""

from __future__ import annotations

import re

from blogwright.backends.fake import FakeBackend
from blogwright.model.brief import make_brief
from blogwright.pipeline import draft
from blogwright.pipeline.context import RunContext
from blogwright.store import Store
from blogwright.text.sentences import split_sentences
from blogwright.voices import load_voice

PARAGRAPHS = [
    "Home composting turns scraps into soil. The U.S. Army once studied it. Dr. Smith said so, e.g. in 1999! "
    "Does it smell? Not if you turn it… Keep it damp, e.g. like a sponge. A pile at 4.5 m is too big.",
    "Use `os.path.join` to build paths. Then call `open(p)`. It returns a file. See https://example.org/a.b for more.",
    "First:\n- Add greens. Add browns.\n- Turn it weekly.\n1. Water it. 2. Wait.\nThat is all [1]. Done.",
    "no capital here. mostly lower case. Then a Capital. and \"quoted. Sentences.\" end (here). Fine.",
]


def whole(pieces: list[str], bad) -> tuple[int | None, str | None]:
    """The old way: split the whole text so far at every piece."""
    checked, text = 0, ""
    for n, piece in enumerate(pieces):
        text += piece
        done = split_sentences(text)[:-1]
        while checked < len(done):
            checked += 1
            if bad(done[checked - 1]):
                return n, " ".join(done[:checked])
    return None, None


def streamed(pieces: list[str], bad, monkeypatch) -> tuple[int | None, str | None, int]:
    """Derailed over the same pieces; also how many characters it gave the splitter in all."""
    monkeypatch.setattr(draft, "sentence_problems", lambda s, *a: [type("F", (), {"gate": "terms", "message": "invented term"})()] if bad(s) else [])
    seen = [0]

    def counting(text: str, *a, **k):
        seen[0] += len(text)
        return split_sentences(text, *a, **k)

    monkeypatch.setattr(draft, "split_sentences", counting)
    ctx = RunContext(brief=make_brief(topic="home composting"), voice=load_voice("plain-expert"),
                     backend=FakeBackend(), store=Store(None), run_id="r")
    watch = draft.Derailed(ctx, None)
    text = ""
    for n, piece in enumerate(pieces):
        text += piece
        if watch(text):
            return n, watch.kept, seen[0]
    return None, None, seen[0]


def test_the_same_stop_and_kept_text_as_splitting_the_whole_paragraph(monkeypatch):
    runs = 0
    for text in PARAGRAPHS:
        words = text.split(" ")
        for pieces in ([w if i == 0 else " " + w for i, w in enumerate(words)],  # as a model streams
                       [text[i:i + 3] for i in range(0, len(text), 3)]):  # pieces cut anywhere
            sentences = [s for s in split_sentences(text) if not re.fullmatch(r"\d{1,3}[.)]", s)]
            for target in [None, *sentences]:
                def bad(s, t=target):
                    return t is not None and t.split()[-1] in s.split()
                assert streamed(pieces, bad, monkeypatch)[:2] == whole(pieces, bad), (text, target)
                runs += 1
    assert runs > 40


def test_only_the_growing_sentence_is_split_again(monkeypatch):
    text = " ".join(f"Sentence number {i} says one more thing about compost." for i in range(60))
    pieces = [w if i == 0 else " " + w for i, w in enumerate(text.split(" "))]
    stop, kept, chars = streamed(pieces, lambda s: False, monkeypatch)
    assert stop is None and kept is None
    # re-splitting the whole paragraph at each of its ~540 tokens read ~800,000 characters; the growing
    # sentence alone is at most one sentence (plus the one just finished) per token
    assert chars < 60 * len(pieces)


def test_a_paragraph_stops_at_a_sentence_end_when_the_next_sentence_would_not_fit():
    """Issue 28: near max_tokens a new sentence was mostly cut unfinished and dropped by `clean_prose`."""
    ctx = RunContext(brief=make_brief(topic="home composting"), voice=load_voice("plain-expert"),
                     backend=FakeBackend(), store=Store(None), run_id="r")
    first, second = "Home composting turns kitchen scraps into soil.", "Keep the pile damp like a sponge."
    pieces = [w if i == 0 else f" {w}" for i, w in enumerate(f"{first} {second} Turn it every".split())]

    def run(max_tokens: int) -> tuple[int | None, str | None]:
        watch, text = draft.Derailed(ctx, None, max_tokens), ""
        for n, piece in enumerate(pieces):
            text += piece
            if watch(text):
                return n, watch.kept
        return None, None

    # 15 pieces streamed; the second sentence ends at piece 14 (seen when "Turn" starts, piece 15)
    assert run(14 + draft.SENTENCE_TOKENS) == (14, f"{first} {second}")
    assert run(100) == (None, None)  # room left: the model goes on
    assert run(0) == (None, None)  # no limit given



def test_a_paragraph_cut_at_max_tokens_ends_at_its_last_clause_instead_of_losing_the_sentence():
    """Issue 28, stop 33: `clean_prose` dropped the unfinished last sentence whole (a list's last item)."""
    cut = ("Compost needs air. 3. **Heat**: A pile warms up as microbes work, while a cold pile only "
           "breaks down slowly over many mon")
    assert draft.close_cut_end(cut) == "Compost needs air. 3. **Heat**: A pile warms up as microbes work."
    assert draft.close_cut_end("Compost needs air. It warms up") == "Compost needs air. It warms up"  # no clause
    assert draft.close_cut_end("Air helps. Too short, then cut") == "Air helps. Too short, then cut"  # < 6 words
    # a bracket left open: the next comma back
    assert draft.close_cut_end("Use greens (grass, leaves, peel) and browns, like straw (dry, and") == \
        "Use greens (grass, leaves, peel) and browns."
    assert draft.close_cut_end("It ends well, as it should.") == "It ends well, as it should."  # finished
    # a subordinate clause before the break is no sentence: left to clean_prose, not closed as a fragment
    for cut in ("Air helps. If you turn the pile every week, it heats up and the microbes get to wo",
                "Air helps. 2. **Heat**: When a pile is big enough, it keeps its heat through the nig"):
        assert draft.close_cut_end(cut) == cut



def test_a_paragraph_call_cut_at_max_tokens_keeps_its_last_sentence_closed_at_a_clause():
    """`draft.paragraph` closes the end of a call that finished on "length" (the fake cuts at max_tokens words)."""
    reply = ("Home composting turns kitchen scraps into rich soil for the garden. A warm compost pile breaks down "
             "kitchen scraps quickly, while" + " a cold pile breaks down slowly" * 10 + ".")

    def write(size: int) -> str:
        ctx = RunContext(brief=make_brief(topic="home composting"), voice=load_voice("plain-expert"),
                         backend=FakeBackend(responses=[reply]), store=Store(None), run_id="r")
        return draft.paragraph(ctx, "section", ("s",), size, ("home composting",), set(), tries=1,
                               point="home composting", fact="", fix=[], instruction="", definitions=[])

    # 10 words: max_tokens 47, the reply is cut inside its second sentence, which now ends at its comma
    assert write(10).endswith("A warm compost pile breaks down kitchen scraps quickly.")
    assert write(60).endswith("a cold pile breaks down slowly.")  # room for it all: a "stop", untouched


def test_spelled_out_needs_the_whole_expansion_of_a_key_term():
    anchors = ("LLM Ops vs ML Ops", "What LLM Ops Is", "what LLM Ops is")
    said = "It's the practice of running large language models in production, which changed how teams ship."
    assert draft.spelled_out(said, *anchors) and not draft.on_topic(said, *anchors)
    assert draft.spelled_out("Running  Large Language Models in production is hard.", *anchors)  # case, spaces
    # one word of the expansion is not the term ("models" is in half the sentences about anything)
    assert not draft.spelled_out("Language models are fun to run at home.", *anchors)
    assert not draft.spelled_out("This is a mix of humor and sarcasm.", *anchors)
    # an anchor without a spelled-out term gives nothing to match
    assert not draft.spelled_out("Home composting turns scraps into soil.", "home composting")


def test_a_paragraph_naming_the_term_by_its_expansion_is_kept():
    """`draft.paragraph` keeps a paragraph that says the key term's expansion instead of the term (it was
    refused off topic and drawn again: issue 28, stop 34)."""
    reply = ("This is a game-changer for every team. It's the practice of running large language models in "
             "production, which has transformed how we create and share information.")
    ctx = RunContext(brief=make_brief(topic="LLM Ops vs ML Ops"), voice=load_voice("plain-expert"),
                     backend=FakeBackend(responses=[reply]), store=Store(None), run_id="r")
    text = draft.paragraph(ctx, "section", ("s",), 60, ("LLM Ops vs ML Ops", "What LLM Ops Is", "what LLM Ops is"),
                           set(), tries=1, point="what LLM Ops is", fact="", fix=[], instruction="", definitions=[])
    assert "running large language models in production" in text


def test_a_weak_model_stops_as_soon_as_a_made_up_expansion_closes():
    """Issue 28, stop 35: the 600-word post's intro generated 49 tokens of "LVM (Language Model) is a language
    processing engine ..." that the substance pass then cut whole (no fix call on a weak model). The stream
    stops when the bracket closes; the head stays, closed, for that cut. A model that gets fix calls still
    writes the sentence out (the fix call needs it), and a right expansion never stops anything."""
    from blogwright.checks import CheckContext

    brief = make_brief(topic="LLM Ops vs ML Ops", audience="newbie", words=600)
    first = "The difference between LLM Ops and ML Ops lies in the models."
    made_up = "LVM (Language Model) is a language processing engine that uses natural language to generate text."
    right = "LLM Ops (running large language models in production) is what teams do after training."

    def run(weak: bool, text: str) -> tuple[int | None, str | None]:
        backend = FakeBackend()
        backend.weak = weak
        ctx = RunContext(brief=brief, voice=load_voice("snarky-mentor"), backend=backend, store=Store(None), run_id="r")
        watch, so_far = draft.Derailed(ctx, CheckContext.from_brief(brief, None)), ""
        pieces = [w if i == 0 else f" {w}" for i, w in enumerate(f"{first} {text} It goes on.".split())]
        for n, piece in enumerate(pieces):
            so_far += piece
            if watch(so_far):
                return n, watch.kept
        return None, None

    closes = len(first.split()) + 2  # "LVM", "(Language", "Model)"
    assert run(True, made_up) == (closes, f"{first} LVM (Language Model).")
    assert run(False, made_up) == (len(first.split()) + len(made_up.split()), f"{first} {made_up}")  # at its end
    assert run(True, right) == (None, None)
    # a list item is written out: stopped at its head, the list's lead-in ("... are: 1.") was left as a
    # sentence of its own (1,200 words seed 2)
    item = "Key points:\n1. **Performance**: LVM (Language Model Platform) is a business model for running models."
    assert run(True, item)[1] == f"{first} Key points: 1. **Performance**: LVM (Language Model Platform) is a business model for running models."
