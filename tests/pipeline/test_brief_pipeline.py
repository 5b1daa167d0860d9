"""Writing from a brief on the fake backend: the user's parts become the sections in order, the
instructions and the role reach every prompt, and the length holds at every size (a short post has
no headings)."""

from __future__ import annotations

import itertools

import pytest

from blogwright.backends.fake import FakeBackend
from blogwright.briefs import brief_from_request
from blogwright.checks import CheckContext, GateConfig, parse_markdown, reader_words
from blogwright.checks.structure import gate_structure
from blogwright.model.brief import make_brief
from blogwright.model.post import Post, Section
from blogwright.pipeline import post_length
from blogwright.pipeline.run import write_post
from blogwright.render import to_html, to_markdown
from blogwright.store import Store
from blogwright.voices import load_voice

FOOD = ("You are a food blogger who recently tasted a delicious dish in Mexico. Share your dining experience. "
        "Food Characteristics: Describe the appearance and taste of the dish. Personal Experience: Talk about the "
        "restaurant and how the dish made you feel. Reason for Recommendation: Explain why you recommend it. "
        "Use a warm tone. Approximately 400 words.")
FACTS = [
    "Compost needs a mix of green scraps and brown material such as dry leaves.",
    "A compost heap works faster when it is turned every week or two.",
    "Worms and microbes break kitchen scraps down into dark, crumbly soil.",
    "A covered bin keeps rain out and holds the heat the process makes.",
    "Coffee grounds, fruit peels and eggshells are all good for a compost pile.",
    "Meat and dairy attract pests, so most home compost leaves them out.",
    "Finished compost smells like a forest floor, not like rubbish.",
    "Spread finished compost on beds in spring to feed the soil for months.",
    "A small balcony bin can turn a family's scraps into compost in three months.",
    "Compost keeps moisture in sandy soil and loosens heavy clay soil.",
    "Shredded cardboard is a handy brown when autumn leaves run out.",
    "A pile that smells sour usually needs more air and more dry material.",
    "Grass clippings heat a heap quickly but mat down if added thickly.",
    "Chopping scraps into small pieces gives microbes more surface to work on.",
    "A heap about one metre across keeps its warmth through cool nights.",
    "Weeds with seeds are best left out unless the heap gets properly hot.",
    "Sieving compost removes twigs and stones before it goes on seed beds.",
    "Tea bags without plastic mesh rot down well in a home bin.",
    "Kitchen caddies with lids keep fruit flies away from the counter.",
    "Leaf mould is a slower compost made from fallen leaves alone.",
    "Wood ash adds potash but only a thin sprinkle is needed.",
    "Compost tea is made by steeping finished compost in a bucket of water.",
    "Bokashi bins ferment scraps first and then finish them in soil.",
    "A thermometer shows whether the middle of the heap is working.",
    "Two bins side by side let one fill while the other matures.",
    "Rodent-proof mesh under an open heap keeps rats from tunnelling in.",
    "Straw and hay add bulk and let air move through a wet heap.",
    "Citrus peels break down slowly, so chop them before adding them.",
    "A damp sponge is the right feel for the inside of a working heap.",
    "Mulching with compost keeps weeds down and the soil cool in summer.",
]


def distinct(counter=None):
    """A fake model that always says something new about composting, sized to max_tokens."""
    counter = counter or itertools.count()

    def answer(messages, params):
        n = max(1, min(5, params.max_tokens // 25))
        return " ".join(FACTS[next(counter) % len(FACTS)] for _ in range(n))
    return answer


def _post(brief, backend=None):
    return write_post(brief, load_voice("plain-expert"), backend or FakeBackend(function=distinct()), Store(None),
                      gates=GateConfig.load(embeddings=False))


def test_named_parts_become_the_sections_in_order_with_their_points():
    brief = brief_from_request(FOOD).brief
    fake = FakeBackend()
    post = _post(brief, fake)
    assert [s.heading for s in post.sections] == ["Food Characteristics", "Personal Experience",
                                                  "Reason for Recommendation"]
    assert post.sections[1].point == "the restaurant and how the dish made you feel"
    assert post.report.outline_origin == "brief"
    section_prompts = [c for c in fake.calls if "Explain in" in c.prompt and "sentences for" in c.prompt]
    assert section_prompts and all("Use a warm tone." in c.prompt for c in section_prompts)
    systems = {c.messages[0].content for c in fake.calls if c.messages[0].role == "system"}
    assert systems == {"You are a food blogger who recently tasted a delicious dish in Mexico."}


def test_few_parts_for_a_long_post_get_planner_sections_after_them():
    brief = make_brief(topic="home composting", words=2400, parts=[{"heading": "Bins", "point": "which bin to buy"},
                                                                   {"heading": "Worms", "point": "worm composting"}])
    outline_post = _post(brief, FakeBackend())
    headings = [s.heading for s in outline_post.sections]
    assert headings[:2] == ["Bins", "Worms"] and len(headings) > 2


@pytest.mark.parametrize("words", [100, 150, 200])
def test_a_short_target_gives_paragraphs_without_headings_near_its_length(words):
    post = _post(make_brief(topic="home compost", words=words))
    md = to_markdown(post)
    assert "\n## " not in md and "\n# " in md and "**TL;DR:**" in md
    assert len(post.summary.split(". ")) == 1  # a one-sentence TL;DR
    n = reader_words(parse_markdown(md))
    assert 0.85 * words <= n <= 1.15 * words, n
    assert post.report.checks.to_dict()["gates"]["structure"]["passed"]


@pytest.mark.parametrize("words, sections, headings", [(100, 0, False), (200, 1, False), (300, 2, True),
                                                       (400, 3, True), (1200, 8, True), (5000, 8, True)])
def test_the_shape_grows_with_the_target(words, sections, headings):
    s = post_length.shape(words)
    assert (s.sections, s.headings) == (sections, headings)
    total = post_length.TITLE_WORDS + s.summary_words * 0.8 + s.intro + s.conclusion + s.sections * s.per_section
    assert 0.85 * words <= total <= 1.2 * words


def test_named_parts_keep_their_headings_even_when_short():
    s = post_length.shape(150, parts=3)
    assert s.headings and s.sections == 3


def test_fit_post_trims_whole_sentences_from_the_longest_parts_and_keeps_the_sign_off():
    long_text = " ".join(FACTS)
    post = Post(title="Composting at Home", topic="composting", summary="Compost turns scraps into soil.",
                intro="Compost is easy. " + FACTS[0], conclusion=FACTS[1] + " Start small, measure, and keep what works.",
                sections=[Section(heading="Basics", text=long_text), Section(heading="Bins", text=FACTS[2])])
    before = reader_words(parse_markdown(to_markdown(post)))
    removed = post_length.fit_post(post, 120, to_markdown)
    after = reader_words(parse_markdown(to_markdown(post)))
    assert removed > 0 and before > after and abs(after - 120) <= 20
    assert post.conclusion.endswith("keep what works.") and post.sections[1].text == FACTS[2]
    assert "trimmed to fit the post's length" in post.sections[0].notes


def test_a_short_post_without_headings_passes_the_structure_gate_only_when_the_target_is_short():
    post = Post(title="Composting", topic="composting", summary="Compost is easy.", intro="Compost is easy to start.",
                sections=[Section(heading="", text="Mix greens and browns.")], conclusion="Start today.")
    md = to_markdown(post)
    assert "## " not in md and "Wrapping Up" not in md and "<h2>" not in to_html(post)
    doc = parse_markdown(md)
    assert gate_structure(doc, CheckContext(target_words=150), GateConfig()).passed
    assert not gate_structure(doc, CheckContext(target_words=600), GateConfig(template=True)).passed  # ours: headings


@pytest.mark.parametrize("words, paragraphs", [(150, "two"), (220, "three")])
def test_a_short_post_says_why_it_has_no_sections(words, paragraphs):
    """llm:SmolLM2's 150-word post came out "63 words, 0 sections" with nothing saying that a post this short has
    none by design (stop 33): the plan says so."""
    events = []
    post = write_post(make_brief(topic="How to compost at home", words=words), load_voice("plain-expert"),
                      FakeBackend(), on_event=events.append)
    assert not post.has_headings
    notes = [e.text for e in events if getattr(e, "kind", "") == "note"]
    assert any(f"a {words}-word post is a title, a TL;DR and {paragraphs} paragraphs, no sections" in n for n in notes)
