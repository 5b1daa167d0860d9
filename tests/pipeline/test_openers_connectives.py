"""vary_openers runs twice on a post (after review and after the top-up): the second pass must not
stack a connective on one the first pass added ("Seen another way, day to day, llm ops is ...", seen
in `make post`) nor lead a second paragraph with a connective the post already uses."""

from blogwright.pipeline.openers import CONNECTIVES, opener, vary_openers


def _leads(paragraphs: list[str]) -> list[str]:
    return [c for p in paragraphs for c in CONNECTIVES if p.startswith(c + " ")]


def _stacked(paragraph: str) -> bool:
    """Two connectives in a row: "On top of that, in practice, ..."."""
    lead = next((c for c in CONNECTIVES if paragraph.startswith(c + " ")), "")
    rest = paragraph[len(lead):].lstrip().lower()
    return bool(lead) and any(rest.startswith(c.lower() + " ") for c in CONNECTIVES)


def test_a_paragraph_led_by_a_connective_gets_another_one_not_two():
    paras = ["Day to day, LLM Ops is for running models in production.",
             "Monitoring is key. Teams watch dashboards.",
             "Day to day, LLM Ops is the practice of running models."]
    out, changes = vary_openers(paras, "\n\n".join(paras))
    assert len(changes) == 1
    assert not any(_stacked(p) for p in out)
    assert out[2].endswith("LLM Ops is the practice of running models.")
    assert len({opener(p) for p in out}) == 3


def test_a_connective_already_in_the_post_is_not_used_again():
    paras = ["In practice, teams ship weekly.", "Monitoring is key. Teams watch dashboards.",
             "Monitoring is key again. It helps."]
    out, _ = vary_openers(paras, "\n\n".join(paras))
    leads = _leads(out)
    assert len(leads) == len(set(leads)) == 2
    assert out[2] == "On top of that, monitoring is key again. It helps."


def test_the_second_pass_over_a_post_keeps_one_connective_per_paragraph():
    first = ["LLM Ops runs models.", "LLM Ops runs prompts.", "LLM Ops runs evaluations."]
    once, _ = vary_openers(first, "\n\n".join(first))
    again = [*once[:1], "LLM Ops runs caches.", *once[1:]]  # the top-up added a paragraph in between
    twice, _ = vary_openers(again, "\n\n".join(again))
    assert not any(_stacked(p) for p in twice), twice
    leads = _leads(twice)
    assert len(leads) == len(set(leads))
    assert len({opener(p) for p in twice}) == len(twice)


def test_the_wrap_ups_first_paragraph_gets_no_connective():
    from blogwright.model.post import Post, Section
    from blogwright.pipeline.review import vary_post_openers

    class _Ctx:
        def note(self, *_): pass

    post = Post(topic="LLM Ops", title="LLM Ops", intro="LLM Ops runs models in production.",
                sections=[Section(heading="A", text="Teams watch dashboards.")],
                conclusion="LLM Ops runs models, while ML Ops trains them. Class dismissed.")
    vary_post_openers(_Ctx(), post)
    assert post.conclusion == "LLM Ops runs models, while ML Ops trains them. Class dismissed."
    assert not any(post.conclusion.startswith(c) for c in CONNECTIVES)  # was "On top of that, llm ops ..."
