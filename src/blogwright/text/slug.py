"""One slugifier (python-slugify): titles in any script become short ASCII slugs for file names,
URLs and tags.

"Straße-Café in Zürich" -> "strasse-cafe-in-zurich"; Cyrillic, Greek and Chinese are
transliterated ("Большие языковые модели" -> "bolshie-iazykovye-modeli", "大型语言模型" ->
"da-xing-yu-yan-mo-xing"); apostrophes vanish ("don't" -> "dont"); C++ and C# keep their names
(cpp, csharp). Cut at a word boundary to `max_len`; never empty (`fallback`, "post" by default).
"""

from __future__ import annotations

import re

from slugify import slugify as _slugify

MAX_LEN = 60
_APOSTROPHES = [["'", ""], ["’", ""], ["ʼ", ""]]
_LANGUAGES = ((re.compile(r"(?i)(?<![\w+])([cf])#"), r"\1sharp"), (re.compile(r"(?i)(?<![\w+])c\+\+"), "cpp"))


def slugify(text: str, max_len: int = MAX_LEN, fallback: str = "post") -> str:
    """Lower-case ASCII words joined by '-', at most `max_len` characters, `fallback` when empty."""
    for pattern, repl in _LANGUAGES:
        text = pattern.sub(repl, text)
    slug = _slugify(text, replacements=_APOSTROPHES)
    if len(slug) > max_len:  # cut at a word boundary (python-slugify's drops a too-long first word)
        cut = slug[:max_len + 1]
        slug = (cut.rsplit("-", 1)[0] if "-" in cut else slug[:max_len]).strip("-")
    return slug or fallback
