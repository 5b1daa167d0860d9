"""Verdict lines: a short sentence (or aside) that only passes judgement on what was just said ("This
is a joke, newbie.", "That's true.", "This is wrong.", "Just kidding.").

The strict claim finder reads such a line as no claim (it names no subject), yet after a fact it says
the fact is false, or vouches for it unchecked: a voice line that undercuts a cited note (newcomer
report, 2026-12-04). Nothing can check a verdict, and cutting one loses nothing a reader needs, so the
pipeline cuts them (`pipeline.clean`) and the restyler never uses one as an aside.
"""

from __future__ import annotations

import re

_JUDGED = (r"(?:a\s+|an\s+|the\s+)?(?:joke|lie|myth|fact|case|kidding|joking|true|false|wrong|right|correct|incorrect"
           r"|untrue|accurate|inaccurate|nonsense|fake|real|truth|bs|rubbish|a\s+given|so)")
# a joke, a lie or a myth "about" anything still says what came before it is one ("This is a joke about the
# way people cache their answers to questions." after a cited note, read in a notes post, 2026-12-04)
_MOCKED = r"(?:a\s+|an\s+|the\s+)?(?:joke|lie|myth|kidding|joking)\s+(?:about|on|of|for|in|to|from|at)\s+[^.!?]*"
_ADVERB = r"(?:(?:just|only|all|totally|completely|not|so|really|actually|definitely|obviously|simply|clearly|100%|quite)\s+)*"
_LEAD = r"(?:(?:but|and|so|well|okay|ok|yes|yeah|no|nope|oh|look|honestly|seriously|sure|of\s+course)\s*,?\s+)?"
_TAIL = r"(?:\s*,?\s*(?:though|too|here|now|really|of\s+course|either))?(?:\s*,\s*[a-z]+(?:\s+[a-z]+)?)?\s*[.!?…]*"
VERDICT = re.compile(
    rf"^\s*{_LEAD}(?:"
    rf"(?:this|that|it|which|these|those)\s*(?:'s|’s|\s+is|\s+was|\s+are|\s+were|\s+isn't|\s+isn’t|\s+is\s+not"
    rf"|\s+wasn't|\s+was\s+not|\s+aren't)\s+{_ADVERB}(?:{_JUDGED}|{_MOCKED})"
    rf"|(?:I'm|I’m|I\s+am|we're|just|only)\s+{_ADVERB}(?:kidding|joking)"
    rf"|(?:not|so)\s+(?:true|really|a\s+joke)|no\s+joke|true\s+story|totally\s+true|dead\s+wrong"
    rf"){_TAIL}$", re.IGNORECASE)


def verdict(sentence: str) -> bool:
    """`sentence` only judges what came before it (true, false, a joke, kidding) and says nothing itself."""
    return bool(VERDICT.match(sentence.strip().strip("()—–- ")))
