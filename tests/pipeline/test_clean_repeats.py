"""Repeated phrasing: the bundled model answers every paragraph prompt with one frame ("LLM Ops is the
practice of running large language models in production, while ..."), which failed the repetition
gate of `make post` (rep-4 0.20) although no sentence repeated word for word."""

from blogwright.pipeline.clean import drop_rephrased, frame, is_rephrase, rep4, said_grams, subject_words, thin_repeats

DEF = "LLM Ops is the practice of running large language models in production."
# sentences of the failing `make post` (seed 0), in the order they came
POST = [
    [DEF, "It keeps chat assistants fast and cheap for real users.",
     "Most of the work is watching what the model says once people start to use it."],
    ["ML Ops covers training, deploying and watching classic machine learning models.",
     "Those models predict a number or a label, and their inputs drift slowly over months."],
    ["On top of that, LLM Ops is the practice of running large language models in production, while ML Ops "
     "is about older models.", "Prompts and evaluations change every week, sometimes every day.",
     "A prompt is code now, and it needs review like code."],
    ["Costs follow the number of tokens, not the number of servers.",
     "Beyond that, LLM Ops is a practice of running large language models in production.",
     "A cache of common answers keeps the bill down."],
    ["Put simply, LLM Ops is the practice of running large language models in production, while ML Ops "
     "is the practice of deploying and monitoring machine learning models.", "Pick the one your product needs.",
     "Start with the logs you already have."],
]


def test_a_sentence_mostly_made_of_phrases_already_said_is_a_rephrase():
    said = said_grams([DEF])
    assert is_rephrase("In practice, LLM Ops is the practice of running large language models in production.", said)
    assert not is_rephrase("Costs follow the number of tokens, not the number of servers.", said)
    # one shared phrase in a long new sentence is not a repeat
    assert not is_rephrase("Teams running large language models watch latency, cost per request and drift "
                           "in the answers every single week.", said)


def test_frames_mask_the_topic_words():
    subject = subject_words("LLM Ops vs ML Ops")
    assert frame("LLM Ops is a powerful tool that helps.", subject) == frame("ML Ops is a powerful tool too.", subject)
    assert frame("LLM Ops is a powerful tool that helps.", subject) == "x is a powerful"
    assert frame("Short one.", subject) == ""


def test_drop_rephrased_cuts_restatements_and_a_third_use_of_one_frame():
    subject = subject_words("LLM Ops vs ML Ops")
    seen = [DEF, "ML Ops is a powerful tool for teams.", "LLM Ops is a powerful tool for chat."]
    kept = ("Costs follow the number of tokens a request uses, not the number of servers. Evaluations on saved "
            "answers replace unit tests for prompts. A cache of common answers keeps the bill down.")
    text = ("In practice, LLM Ops is the practice of running large language models in production. "
            f"{kept} ML Ops is a powerful tool that ships models.")
    out, dropped = drop_rephrased(text, seen, subject)
    assert out == kept
    assert len(dropped) == 2


def test_drop_rephrased_leaves_a_paragraph_that_is_mostly_a_repeat_whole():
    text = "Put simply, LLM Ops is the practice of running large language models in production. It works."
    assert drop_rephrased(text, [DEF]) == (text, [])


def test_thin_repeats_brings_the_make_post_frame_under_the_budget():
    before = rep4(" ".join(p) for p in POST)
    assert before > 0.15  # the gate's limit
    parts = [0, 1, 2, 3, 4]
    out, dropped = thin_repeats(POST, 0.12, parts=parts, reach=0.15)
    assert rep4(" ".join(p) for p in out if p) <= 0.12
    assert out[0][0] == DEF  # the first statement stays; the restatements go
    assert all("Put simply" in d or "Beyond that" in d or "On top of that" in d for d in dropped)
    assert all(p for p in out)  # every paragraph keeps a sentence (each is its part's only one)
    assert sum(len(d.split()) for d in dropped) <= 0.25 * sum(len(s.split()) for p in POST for s in p)


def test_thin_repeats_keeps_protected_sentences_and_the_only_text_of_a_part():
    paras = [[DEF], [DEF.replace("LLM Ops", "Put simply, LLM Ops")]]
    out, dropped = thin_repeats(paras, 0.12, protected=frozenset({(1, 0)}), reach=1.0)
    assert out == paras and dropped == []
    out, dropped = thin_repeats(paras, 0.12, parts=[0, 0], max_cut=1.0, reach=1.0)  # one part: the second paragraph may go
    assert out == [[DEF], []] and len(dropped) == 1


def test_thin_repeats_leaves_a_loop_it_cannot_fix_alone():
    loop = [["Compost is good for every garden you have.", "Compost is good for every garden you own."]] * 6
    out, dropped = thin_repeats(loop, 0.12, parts=[0] * 6, max_cut=0.25, reach=0.15)
    assert out == [list(p) for p in loop] and dropped == []  # the words would go and the gate fail anyway


def test_a_sentence_leaning_on_a_dropped_one_goes_with_it():
    text = (f"In practice, {DEF} It keeps chat assistants fast for real users. Evaluations on saved answers "
            "replace unit tests for prompts. A cache of common answers keeps the token bill down for teams. "
            "Logs of every prompt and answer show where the model goes wrong.")
    out, dropped = drop_rephrased(text, [DEF])
    assert out.startswith("Evaluations on saved answers")
    assert len(dropped) == 2


def test_thin_repeats_does_not_orphan_a_sentence_that_leans_on_the_one_it_drops():
    paras = [[DEF, "Teams watch cost per request and drift in the answers."],
             [f"Put simply, {DEF}", "This technology changed how support teams work at night."],
             [f"In short, {DEF}", "Evaluations replace unit tests for prompts."]]
    out, dropped = thin_repeats(paras, 0.05, parts=[0, 0, 0], max_cut=1.0, reach=1.0)
    assert paras[1][0] not in dropped  # "This technology ..." would lose what it points at
    assert paras[2][0] in dropped


def test_an_instruction_of_our_prompts_echoed_in_a_draft_is_dropped():
    from blogwright.pipeline.clean import clean_prose

    text = "WAL mode lets readers work while one writer writes. Mention sqlite. Keep it under 100 words."
    assert clean_prose(text, keywords=["sqlite"]) == "WAL mode lets readers work while one writer writes."
    assert clean_prose("Use compost in your garden. It feeds the soil.", keywords=["compost"]).startswith("Use compost")
