from blogwright.pipeline.clean import clean_line, clean_prose, drop_unfinished, split_sentences, trim_paragraphs, trim_to_words


def test_leaked_chat_tokens_and_role_names_are_removed():
    text = "<|im_start|>assistant\nComposting turns scraps into soil.<|im_end|>\nuser\n"
    assert clean_prose(text) == "Composting turns scraps into soil."


def test_meta_talk_is_removed_but_content_kept():
    text = ("Here's a revised version of the paragraph: Compost needs air. I'm glad to help! "
            "As an AI language model, I think worms help. Let me know if you need more.")
    out = clean_prose(text)
    assert "revised" not in out and "glad" not in out and "AI language model" not in out
    assert "Compost needs air." in out and "Let me know" not in out


def test_truncated_ending_is_dropped():
    assert clean_prose("Worms eat scraps. They also turn the pile and") == "Worms eat scraps."
    assert drop_unfinished(["Only a fragment and"]) == []


def test_repeated_sentences_are_dropped_including_across_calls():
    seen: set[str] = set()
    first = clean_prose("Worms eat scraps. Worms eat scraps! Air matters.", seen)
    assert first == "Worms eat scraps. Air matters."
    assert clean_prose("worms eat scraps. Water matters too.", seen) == "Water matters too."


def test_headings_lists_and_labels_are_flattened_or_dropped():
    text = ("## Heading\n- Worms eat scraps.\n1. Air matters a lot.\nLIMITED: 2.\nLIMITED OF THE WORLD: 3.\n"
            "**Bold** words stay.")
    out = clean_prose(text)
    assert "#" not in out and "LIMITED" not in out and "**" not in out
    assert "Worms eat scraps." in out and "Bold words stay." in out


def test_empty_and_garbage_give_empty():
    assert clean_prose("") == ""
    assert clean_prose("<|im_end|>") == ""
    assert clean_prose("and then the") == ""


def test_clean_line_strips_labels_quotes_and_markers():
    assert clean_line('Title: "Compost 101."\nmore') == "Compost 101"
    assert clean_line("- **Why Worms Matter**") == "Why Worms Matter"
    assert clean_line("\n\n") == ""


def test_trim_keeps_whole_sentences():
    text = "One two three four. Five six seven eight. Nine ten."
    assert trim_to_words(text, 9) == "One two three four. Five six seven eight."
    assert trim_to_words(text, 2) == "One two three four."  # never empty
    paras = trim_paragraphs(["A b c d.", "E f g h. I j k l."], 9)
    assert paras == ["A b c d.", "E f g h."]


def test_split_sentences_handles_quotes_and_numbers():
    assert split_sentences('He said "stop." Then 3 things. ok') == ['He said "stop."', "Then 3 things. ok"]


def test_shouting_is_a_glitch_but_acronyms_are_fine():
    from blogwright.pipeline.clean import is_shouting

    assert is_shouting("LIMITEDLY LIGHTWEIGHT AND SIMPLE AI: A COSMIC-BASED, TEXT REWRITING ALGORITHM IN ENGLISH!")
    assert not is_shouting("LLM Ops and MLOps teams use CI and GPU clusters to ship models that work.")
    assert not is_shouting("OK")


def test_a_shouted_summary_falls_back_to_the_posts_sentences():
    from blogwright.backends.fake import FakeBackend, default_responder
    from blogwright.model.brief import make_brief
    from blogwright.pipeline.run import write_post
    from blogwright.voices import load_voice

    def shouty(messages, params):
        text = default_responder(messages, params)
        return text.upper() if "summar" in messages[-1].content.lower() else text

    post = write_post(make_brief(topic="home composting", words=300), load_voice("plain-expert"),
                      FakeBackend(function=shouty))
    assert post.summary and not post.summary.isupper()


def test_a_shouted_label_before_a_sentence_goes_and_the_sentence_stays():
    from blogwright.pipeline.clean import clean_prose

    # seen in `make post` posts on the bundled model (check_claims listed them with the label)
    assert clean_prose("LIMITED: The practice of running large language models in production.") == \
        "The practice of running large language models in production."
    assert clean_prose("ALSO AS ANOTHER EXAMPLE: A common mistake is to skip the logs.") == \
        "A common mistake is to skip the logs."
    # an acronym is a subject the next words point to; a lower-case lead-in is prose
    assert clean_prose("SQL: It is a language for queries.") == "SQL: It is a language for queries."
    assert clean_prose("In WAL mode: readers do not block the writer.") == "In WAL mode: readers do not block the writer."
