"""One definition per key term: fixed by the plan (notes, then sources, then the glossary) and
carried by every paragraph prompt."""

from blogwright.backends.fake import FakeBackend
from blogwright.model.brief import make_brief
from blogwright.pipeline.definitions import definition_lines, key_terms, named_in, plan_definitions, true_expansion
from blogwright.pipeline.run import write_post
from blogwright.text.glossary import TERMS, find_terms, lookup
from blogwright.text.tokens import expand_terms
from blogwright.voices import load_voice


def test_the_glossary_has_the_terms_a_tech_blogger_writes_about_most():
    assert len(TERMS) >= 40
    for term in TERMS:
        assert term.definition and not term.definition.endswith(".") and len(term.definition.split()) <= 25
    assert lookup("llmops").name == "LLM Ops" and lookup("K8s").name == "Kubernetes" and lookup("LLMs").name == "LLM"
    assert true_expansion(lookup("LLM")) == "large language model"
    assert true_expansion(lookup("LLM Ops")) == ""  # a gloss, not an expansion


def test_glossary_terms_in_text():
    assert [t.name for t in find_terms("Rate limiting with a token bucket", any_case=True)] == ["rate limiting"]
    assert [t.name for t in find_terms("LLM Ops vs ML Ops")] == ["LLM Ops", "ML Ops"]
    assert find_terms("I said ml is fun") == []  # "ml" in lower case is no acronym in prose


def test_prompts_spell_out_more_acronyms():
    assert expand_terms("tuning WAL in SQLite") == "tuning WAL (write-ahead logging) in SQLite"
    assert expand_terms("LLM Ops vs ML Ops").count("(") == 2


def test_definitions_come_from_notes_first_then_the_glossary():
    brief = make_brief(topic="What is RAG?", notes=["RAG is a way to hand a model the documents it needs first."])
    assert plan_definitions(brief) == {"RAG": "a way to hand a model the documents it needs first"}
    brief = make_brief(topic="LLM Ops vs ML Ops")
    defs = plan_definitions(brief)
    assert set(defs) == {"LLM Ops", "ML Ops"} and "production" in defs["LLM Ops"]
    assert key_terms(make_brief(topic="Composting")) == ["Composting"]
    assert plan_definitions(make_brief(topic="Composting")) == {}  # nobody defined it: no definition


def test_definitions_come_from_sources_before_the_glossary():
    brief = make_brief(topic="SQLite Is Enough for Most Web Apps")
    source = "Intro text here. SQLite is an embedded database library that your app links to directly."
    assert plan_definitions(brief, [source])["SQLite"] == "an embedded database library that your app links to directly"


def test_every_paragraph_prompt_carries_the_definitions_of_the_terms_it_is_about():
    fake = FakeBackend()
    post = write_post(make_brief(topic="LLM Ops vs ML Ops", words=600), load_voice("plain-expert"), fake)
    lines = definition_lines(post.report.definitions)
    assert len(lines) == 2
    prose = [c.prompt for c in fake.calls if "Explain in" in c.prompt or "Sum up in" in c.prompt]
    assert len(prose) >= 5 and all(any(line in p for line in lines) for p in prose)
    # a section about one of the two terms is not shown the other's definition (it gave one the other's)
    about_ml = [p for p in prose if "what ML Ops (" in p.splitlines()[-1] or p.rstrip().endswith("what ML Ops is.")]
    assert about_ml and all(lines[1] in p and lines[0] not in p for p in about_ml)
    both = [p for p in prose if "LLM Ops" in p.splitlines()[-1] and "ML Ops" in p.splitlines()[-1].replace("LLM Ops", "")]
    assert both and all(all(line in p for line in lines) for p in both)


def test_named_in_gives_the_definitions_a_text_names_or_all():
    defs = {"LLM Ops": "running large language models", "ML Ops": "running machine learning models"}
    assert named_in(defs, "What ML Ops is") == {"ML Ops": "running machine learning models"}
    assert named_in(defs, "LLM Ops and ML Ops, side by side") == defs
    assert named_in(defs, "When to choose which") == defs  # names none: all
    assert named_in(defs, "HTML Ops") == defs  # a word that contains a term does not name it
