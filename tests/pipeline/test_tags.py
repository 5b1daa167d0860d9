"""Tags are the post's key terms: noun phrases of the topic, title and headings, acronyms and
product names; never verbs, adjectives alone, function words or the planner's template words; no
singular/plural pairs; lower case; at most five; each said in the post. Examples: a new user's posts."""

from blogwright.model.post import Post, Section
from blogwright.pipeline.tags import MAX_TAGS, choose_tags, make_tags, phrases


def test_phrases_are_noun_phrases_not_verbs_or_adjectives():
    assert phrases("LLM Ops vs ML Ops") == ["llm ops", "ml ops"]
    assert phrases("SQLite WAL mode: when to turn it on") == ["sqlite", "wal mode"]
    assert phrases("Why their houseplants keep dying") == ["houseplants"]
    assert phrases("Key Differences Between LLM Ops and ML Ops") == ["llm ops", "ml ops"]
    assert phrases("Too Little Light") == ["light"] and phrases("Wrong Pot") == ["pot"]
    assert phrases("How Backups Work in Practice") == ["backups"] and phrases("How DNS works") == ["dns"]
    assert phrases("SQLite WAL mode for small web apps") == ["sqlite", "wal mode", "web apps"]
    assert phrases("How to profile a slow Python program") == ["python program"]
    assert phrases("Why caching matters") == ["caching"] and phrases("Rate limiting with a token bucket") == \
        ["rate limiting", "token bucket"]
    assert phrases("Remote work is good for deep work", templates=False) == ["remote work", "deep work"]


def test_llm_ops_tags_have_no_template_words_or_plural_pairs():
    tags = choose_tags("LLM Ops vs ML Ops", "LLM Ops vs ML Ops: What's the Difference?",
                       ["What LLM Ops Is", "What ML Ops Is", "Key Differences Between LLM Ops and ML Ops",
                        "When to Choose LLM Ops or ML Ops"],
                       "LLM Ops runs large language models. ML Ops runs models. AI helps. AI is everywhere. "
                       "The key difference is the model. Key differences matter.")
    assert tags == ["llm ops", "ml ops", "ai"]


def test_houseplants_tags_are_nouns_said_in_the_post():
    post = Post(title="Why Your Houseplants Keep Dying", topic="Why their houseplants keep dying",
                intro="Your houseplants keep dying.",
                sections=[Section(heading="Overwatering", text="Overwatering rots the roots."),
                          Section(heading="Too Little Light", text="Plants need light. Too little light starves them."),
                          Section(heading="Wrong Pot", text="A pot without holes drowns a plant.")],
                conclusion="Water less.")
    tags = make_tags(post, [])
    assert tags[0] == "houseplants"
    assert not {"keep", "dying", "little", "wrong", "their"} & set(tags)
    assert set(tags) <= {"houseplants", "overwatering", "light", "pot"}


def test_backups_and_wal_tags():
    tags = choose_tags("Backups for small offices", "Backups for Small Offices: Start Here",
                       ["What Backups Are", "Why Backups Matter", "How Backups Work in Practice",
                        "Common Mistakes with Backups"], "Backups for small offices keep data safe. Backups work.")
    assert tags == ["backups", "small offices"]
    tags = choose_tags("SQLite WAL mode: when to turn it on", "Notes on SQLite WAL Mode: When to Turn It On",
                       ["What WAL Mode Is", "When to Turn It On"],
                       "WAL mode lets readers and a writer work at once in SQLite. Turn it on with a PRAGMA.")
    assert tags[:2] == ["sqlite", "wal mode"] and "turn" not in tags and "works" not in tags


def test_keywords_first_lower_case_deduplicated_and_at_most_five():
    tags = choose_tags("Kubernetes autoscaling for web apps", "Kubernetes Autoscaling", ["Pods and Nodes",
                       "Cluster Costs", "Metrics Servers", "Load Balancers"],
                       "Pods and nodes scale. Cluster costs grow. Metrics servers and load balancers help.",
                       keywords=["Kubernetes", "HPA"])
    assert tags[:2] == ["kubernetes", "hpa"] and len(tags) == MAX_TAGS
    assert all(t == t.lower() for t in tags) and len(set(tags)) == len(tags)
    # a term the post never says is no tag (keywords excepted)
    assert "dragons" not in choose_tags("Dragons and databases", "Databases", [], "Databases store rows.")
    assert choose_tags("Caches vs cache", "Caches", [], "A cache is a copy.") == ["caches"]
