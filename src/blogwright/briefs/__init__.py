"""Reading a request written as text: topic, length, named parts, audience, tone, role, instructions.

Pure and deterministic; sits beside checks/voices/grounding (imports only core, model and text).
`brief_from_request` turns a request (and the flags, which win) into a `Brief`; `parse_outline`
reads an outline file; `describe` says what was understood.
"""

from blogwright.briefs.asked_length import LengthAsk, find_length, find_lengths
from blogwright.briefs.build import Understood, brief_from_request, describe, parse_outline, prompt_instructions
from blogwright.briefs.parts import FoundParts, find_parts
from blogwright.briefs.reader import Reading, is_plain_topic, read_request

__all__ = ["FoundParts", "LengthAsk", "Reading", "Understood", "brief_from_request", "describe", "find_length",
           "find_lengths", "find_parts", "is_plain_topic", "parse_outline", "prompt_instructions", "read_request"]
