"""Words the brief readers share, declared once.

- The verbs a request uses to say what a post is about or covers ("a post covering X", "an article
  that explains Y", "including A, B and C"), each with the forms the readers match: `parts.ENUM`
  (the lists a request names) and `reader.TOPIC_PREP` (where the topic starts) pick from one table,
  so a verb added here is read the same way by both.
- The nouns a request calls the post itself ("the post should...", "the article is about..."):
  `parts.GLOBAL`, `parts.DIRECTIVE`, `parts.FORM_LABEL` and `reader.SUBJECT_IS`.
"""

from __future__ import annotations

BASE, THIRD, ING = 0, 1, 2
POST_NOUNS = "post|article|blog|piece"  # a regex alternation: no noun starts another, so order does not matter

# base, third person, -ing (regex fragments)
COVER_VERBS: dict[str, tuple[str, str, str]] = {
    "address": ("address", "addresses", "addressing"),
    "analyse": ("analy[sz]e", "analy[sz]es", "analy[sz]ing"),
    "answer": ("answer", "answers", "answering"),
    "celebrate": ("celebrate", "celebrates", "celebrating"),
    "compare": ("compare", "compares", "comparing"),
    "cover": ("cover", "covers", "covering"),
    "describe": ("describe", "describes", "describing"),
    "detail": ("detail", "details", "detailing"),
    "discuss": ("discuss", "discusses", "discussing"),
    "examine": ("examine", "examines", "examining"),
    "explain": ("explain", "explains", "explaining"),
    "explore": ("explore", "explores", "exploring"),
    "focus on": ("focus on", "focuses on", "focusing on"),
    "give": ("give", "gives", "giving"),
    "highlight": ("highlight", "highlights", "highlighting"),
    "introduce": ("introduce", "introduces", "introducing"),
    "look at": ("look at", "looks at", "looking at"),
    "offer": ("offer", "offers", "offering"),
    "review": ("review", "reviews", "reviewing"),
    "show": ("show", "shows", "showing"),
    "talk about": ("talk about", "talks about", "talking about"),
    "teach": ("teach", "teaches", "teaching"),
    "tell": ("tell", "tells", "telling"),
    "touch on": ("touch on", "touches on", "touching on"),
}


def verb_forms(verbs: str, *forms: int) -> str:
    """A regex alternation of the `forms` (BASE, THIRD, ING, in the order given) of each of `verbs`
    (space- or comma-separated names of COVER_VERBS, in order): verb_forms("cover, discuss", ING)
    -> "covering|discussing"."""
    names = [n.strip() for n in verbs.split(",")]
    return "|".join(COVER_VERBS[n][f] for n in names for f in forms)


# What each reader matches (the order inside an alternation does not change a match here: every form is
# followed by white space in the patterns, and no form is another followed by a space).
# parts.ENUM: "including A, B and C", "covering ...", "that covers ...", "discuss ..."
LIST_VERBS = (f"including|{verb_forms('cover', ING, THIRD, BASE)}|that covers|which covers|"
              f"{verb_forms('discuss, address, touch on, focus on, talk about, explain, describe', ING, BASE)}|"
              "walk (?:readers |the reader )?through")
# reader.TOPIC_PREP: "a post covering X", "an article that explains X"
TOPIC_VERBS = verb_forms("cover, explain, explore, discuss, describe, review, compare, introduce, detail, examine, "
                         "analyse, celebrate", ING)
TOPIC_THAT_VERBS = (f"{verb_forms('explain, explore, discuss, describe, cover, review, compare, introduce', THIRD)}|"
                    f"{verb_forms('show, teach', THIRD)}|walks (?:readers |people )?through|"
                    f"{verb_forms('look at, answer, tell, give, offer, highlight', THIRD)}")
