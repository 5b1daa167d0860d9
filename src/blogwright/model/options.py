"""The values the write options take (choices, bounds, defaults), declared once for `WriteRequest`
(model/request.py), `Brief` (model/brief.py) and the front ends that show them: `blogwright write`'s
flags, `batch`'s, the web form. Plain constants, no pydantic: the CLI reads them at start-up and
`blogwright --help` stays light."""

from __future__ import annotations

STDOUT = "-"  # `--out -`: the post goes to stdout, no file is written
UNSUPPORTED_MODES = ("flag", "cut", "rewrite")  # what to do with claims no note or source supports
FORMATS = ("md", "html", "json")
DEFAULT_FORMAT = "md"
MAX_CANDIDATES = 8
DEFAULT_CANDIDATES = 1
DEFAULT_SEED = 0
MIN_WORDS = 100
MAX_WORDS = 5000
DEFAULT_WORDS = 600  # a brief that states no length
