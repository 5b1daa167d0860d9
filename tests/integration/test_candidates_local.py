"""Best-of-N on the real bundled model: more candidates never make the gates' verdict worse."""

import pytest

from blogwright.backends.local import LocalBackend
from blogwright.model.brief import make_brief
from blogwright.pipeline.run import write_post
from blogwright.voices import load_voice

pytestmark = pytest.mark.integration


def failed_blocking(post) -> int:
    gates = post.report.checks.to_dict()["gates"]
    return sum(1 for g in gates.values() if g["blocking"] and not g["passed"])


def section_scores(post) -> list[float]:
    return [float(n.split("gate score ")[1].rstrip(")")) for s in post.sections for n in s.notes
            if "gate score" in n]


@pytest.mark.parametrize("topic, seed", [("why unit tests matter", 3), ("home composting", 11)])
def test_three_candidates_never_worse_than_the_first(topic, seed):
    backend = LocalBackend()
    brief = make_brief(topic=topic, words=200, voice="plain-expert")
    one = write_post(brief, load_voice("plain-expert"), backend, seed=seed, candidates=1, repairs=0)
    three = write_post(brief, load_voice("plain-expert"), backend, seed=seed, candidates=3, repairs=0)
    assert failed_blocking(three) <= failed_blocking(one)
    assert three.report.checks.to_dict()["score"] >= one.report.checks.to_dict()["score"] - 0.05
    # every section says which draft it kept, so nothing is thrown away silently
    assert len(section_scores(three)) == len(three.sections)
