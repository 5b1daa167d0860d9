"""Civility: no unprompted profanity, insults, or talk to the person who asked for the post.

Seen in the bundled model's posts in every voice, most in snarky-mentor: "I've been doing this for a
long time and have no idea what the fuck is going on", "You're right, the 3 sentences are too long
and hard for me to follow". A blocking gate; the pipeline cuts or regenerates the sentence like any
other substance finding (`checks/substance.py`).

- profanity: better-profanity's maintained word list (with its leetspeak variants), less the
  everyday and technical words it also holds ("kill" a process, "dummy" data, "strip", "master",
  "screw", "penetration" testing, "dependency hell"). A listed word the user's own topic, notes or
  sources use is prompted, not flagged.
- insults: a short list of words that insult a person (idiot, moron, loser, ...), same rule.
- talk to the requester: the model answering the prompt instead of writing the post ("You're right",
  "I apologize", "the 3 sentences are too long", "hard for me to follow", "I have no idea").
"""

from __future__ import annotations

import re
from functools import lru_cache

from better_profanity import Profanity
from better_profanity.utils import get_complete_path_of_file, read_wordlist

from blogwright.checks.settings import GateConfig
from blogwright.checks.substance_text import Problem, prose, sentence_gate
from blogwright.checks.types import CheckContext, GateResult
from blogwright.text.document import ParsedMarkdown

# better-profanity lists these; in a blog post they are ordinary words (or tech terms)
EVERYDAY = frozenset("""
kill fat god strip sex sexual organ oral orally drunk pot weed pawn stroke thrust rum vodka murder heroin
naked nude virgin slave sniper dummy foobar fubar ugly screw screwed screwing omg nipple nipples urine urinal
tampon uterus ovary ovum ovums womb vomit seaman seamen revue sandbar maxi len herpes hiv pms hemp hookah
junkie junky meth opium opiate peyote prude racy steamy tinkle tramp trashy undies unwed vulgar weirdo
willies whiz wad teat uzi napalm niggle pasty pastie paddy potty poop pee fart dopey doofus gay gays
lesbians queer transsexual menstruation menses menstruate lust lusting lusty loin loins lube hump erect
penetrate penetration facial fingering flange gonad gonads knob nob prig rectal rectum rectus pubic
playboy hooch pimp pcp valium viagra hitler nazi nazism reich kkk klan incest molest teste testes testis
hentai erotic sadism masochist sadist seduce semen sperm ejaculate ejaculation bondage booty schizo
souse soused toke toots woody wang wank weiner weenie willy dink dinks tush snuff skag scag cipa lech
leper hebe gringo guido paki polack pollock kraut ruski massa hoar hoer
""".split())
INSULTS = frozenset("idiot idiots idiotic moron morons moronic imbecile imbeciles loser losers dimwit dimwits "
                    "nitwit nitwits halfwit cretin cretins dumbass dumbasses stupid stupidest clueless".split())
ALLOWED_PHRASES = re.compile(r"\b(?:dependency|callback|dll|config(?:uration)?|merge|jar|npm)\s+hell\b", re.I)
TALK = [(label, re.compile(rx, re.I)) for label, rx in [
    ("agrees with the requester", r"\b(?:I(?:'m|’m| am) sure )?you(?:'re|’re| are) (?:absolutely |totally |completely |"
                                  r"quite |so )?right\b(?!\s+(?:to|about)\b)"),
    ("apologises to the requester", r"\bI(?:'m|’m| am) (?:so |very |really )?sorry\b|\bI apologi[sz]e\b|\bmy apologies\b"
                                    r"|\bsorry (?:for|about) (?:the|my|that|any)\b"),
    ("talks about the request", r"\b(?:the|these|those|your|my|its)\s+(?:\d{1,2}|two|three|four|five|six)\s+"
                                r"(?:sentences|paragraphs|points|bullet points)\s+(?:are|were|is|seem)\b"),
    ("talks about itself", r"\b(?:hard|difficult|easy|impossible) for me to (?:follow|understand|read|answer|write)\b"
                           r"|\bI (?:have|had) (?:absolutely )?no idea (?:what (?:\w+ ){0,3}is going on|how to (?:answer|respond|"
                           r"write|help)|what you(?:'re|’re| are) (?:asking|talking about))\b"
                           r"|\bI(?:'m|’m| am) (?:just |only )?(?:an? )?(?:AI|language model|chatbot|bot|assistant)\b"
                           r"|\bI (?:can't|cannot|can not|won't) (?:help|assist) (?:you )?with\b"),
    ("thanks the requester", r"\bthank(?:s| you) (?:so much )?for (?:asking|the (?:question|feedback|clarification|"
                             r"correction|request)|pointing (?:that|this) out|your (?:patience|feedback|question))\b"),
    ("asks the requester", r"\bcan you (?:please )?(?:clarify|provide|tell me|give me|share)\b"
                           r"|\bcould you (?:please )?(?:clarify|provide|tell me|give me|share)\b"),
]]
WORD = re.compile(r"[A-Za-z0-9@$!+_*-]+")


@lru_cache(maxsize=1)
def _filter() -> tuple[Profanity, frozenset[str]]:
    """better-profanity over its own list less EVERYDAY (it adds the leetspeak variants: "sh1t",
    "f*ck"), and the plain words of that list for a fast first look."""
    listed = [w for w in read_wordlist(get_complete_path_of_file("profanity_wordlist.txt")) if w.lower() not in EVERYDAY]
    return Profanity(listed), frozenset(w.lower() for w in listed if " " not in w)


LEET = str.maketrans({"@": "a", "4": "a", "0": "o", "3": "e", "$": "s", "5": "s", "7": "t", "1": "i", "!": "i"})


def _suspect(token: str, plain: frozenset[str]) -> bool:
    """Worth asking better-profanity about (it is slow: ~1 ms a word): a listed word, spelled plainly
    or in leetspeak, or a word with a masking star ("f*ck")."""
    low = token.lower().strip(".!-_")
    return low in plain or low.translate(LEET) in plain or ("*" in low and any(c.isalpha() for c in low))


def _unprompted(text: str, ctx: CheckContext | None) -> str:
    """`text` without the words the user's own topic, notes or sources use (those are prompted)."""
    given_text = ctx.text() if ctx is not None else ""
    if not given_text:
        return text
    given = {w.lower() for w in WORD.findall(given_text)}
    return " ".join(w for w in text.split() if w.strip(".,;:!?\"'()").lower() not in given)


def civility_problems(sentence: str, ctx: CheckContext | None = None, post_text: str = "",
                      config: GateConfig | None = None) -> list[Problem]:
    """Profanity, an insult or talk to the requester in one sentence: at most one problem."""
    text = ALLOWED_PHRASES.sub(" ", prose(sentence))
    for label, pattern in TALK:
        m = pattern.search(text)
        if m:
            return [Problem(f"talk to the requester ({label}): {m.group(0).strip()!r}",
                            "delete the sentence: write to the reader about the topic", m.group(0).lower())]
    text = _unprompted(text, ctx)
    for raw in WORD.findall(text):
        if raw.strip(".!*-_").lower() in INSULTS:
            return [Problem(f"an insult: {raw!r}", "delete the sentence or say it without the insult", raw.lower())]
    profanity, plain = _filter()
    for raw in WORD.findall(text):
        if _suspect(raw, plain) and profanity.contains_profanity(raw):
            return [Problem(f"profanity: {raw!r}", "delete the sentence or say it without the word", raw.lower())]
    return []


def gate_civility(doc: ParsedMarkdown, ctx: CheckContext | None, config: GateConfig) -> GateResult:
    """Unprompted profanity, insults and talk to the requester (blocking by default; none allowed)."""
    return sentence_gate("civility", doc, ctx, config, civility_problems, 0)
