"""The register of a post: serious (grief, layoffs, ethics, a security incident, ...) or everyday.

A voice's canned lines (openers, sign-offs) are added by the pipeline, not written by the model, so
the pipeline must know when they do not fit: "So get ready for a wild ride, newbie" must never close
a post on an ethical dilemma. Pure keyword rules on the topic and the notes; small and tested.
"""

from __future__ import annotations

import re

SERIOUS = re.compile(
    r"\b(?:ethic\w*|moral\w*|dilemma\w*|grie(?:f|ve|ving|ved)\w*|mourn\w*|bereave\w*|death|deaths|"
    r"dying|funeral\w*|passed away|loss of|sudden loss|suicid\w*|layoffs?|laid off|lay off|fired|redundanc\w*|"
    r"job loss\w*|losing (?:your|my|their) jobs?|replac\w* (?:\w+ )?(?:staff|workers|employees|people|jobs)|"
    r"burn-?out|mental health|depress\w*|anxiety|illness|cancer|diagnos\w*|disabilit\w*|harass\w*|abuse\w*|"
    r"discriminat\w*|racis\w*|sexis\w*|bias(?:ed)? against|breach\w*|security incident\w*|incident report|"
    r"post-?mortem\w*|ransomware|hacked|data leak\w*|leaked data|stolen data|surveillance|privacy violation\w*|"
    r"violence|victim\w*|lawsuit\w*|bankrupt\w*)\b",
    re.IGNORECASE)

# Lines that tease or joke: fine in an everyday post, wrong in a serious one.
PLAYFUL = re.compile(
    r"\b(?:newbie|wild ride|buckle up|break something|class dismissed|you've got this|say no more|listen up|"
    r"hype|fun|rock|ninja|wizard|magic|party|boom|cheers)\b|!|\bwink\b|;\)|:\)", re.IGNORECASE)


def register(topic: str, notes: list[str] | None = None) -> str:
    """"serious" when the topic (or a note) is about harm, loss or ethics; "everyday" otherwise."""
    text = " ".join([topic, *(notes or [])])
    return "serious" if SERIOUS.search(text) else "everyday"


def is_playful(line: str) -> bool:
    return bool(PLAYFUL.search(line))


def fitting_lines(lines: list[str], kind: str, post_register: str) -> list[str]:
    """The voice's openers or sign-offs that fit the post's register. A serious post gets no canned
    sign-off at all (advice or a wink both read as glib there) and only openers that do not joke."""
    if post_register != "serious":
        return list(lines)
    if kind == "sign_off":
        return []
    return [line for line in lines if not is_playful(line)]
