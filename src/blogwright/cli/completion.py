"""Bash completion that keeps `--model local:PATH`, `ollama:MODEL`, `llm:ID` and `--to hugo:SITE`
whole.

Bash splits the words it completes at every character of `COMP_WORDBREAKS`, ':' included, so with
Typer's own script `--model ollama:lla<TAB>` reached the app as the words "ollama", ":", "lla", and
the completions bash got back replaced only the text after the ':' (`ollama:ollama:llama3.1`).
Our script sends the command line itself (`COMP_LINE` up to the cursor), which the app splits as
the shell does (quotes kept, never at ':'), and trims the part up to the last ':' from each
completion, as bash-completion's `__ltrim_colon_completions` does, so bash puts back exactly what it
took out. `COMP_WORDBREAKS` is left alone: other commands' completion is not changed.

Typer has no public hook for a shell's script, so `use_bash_script()` replaces the bash entries of
its completion module (`--show-completion`, `--install-completion` and the completion run itself);
tests/test_cli_completion.py runs bash on the script this produces. A script installed before
(Typer's) keeps working: without `COMP_LINE` the words bash sent are used as before.
"""

from __future__ import annotations

import os
import shlex

try:  # Typer's completion internals (no public hook for a shell's script): see use_bash_script
    from typer import _completion_classes, _completion_shared
except ImportError:  # pragma: no cover - a Typer laid out differently keeps its own script
    _completion_classes = _completion_shared = None  # type: ignore[assignment]

BASH_SCRIPT = r"""
%(complete_func)s() {
    local IFS=$'\n'
    local line="${COMP_LINE:0:COMP_POINT}"
    local cur="${line##*[[:space:]]}"
    COMPREPLY=( $( env COMP_LINE="$line" COMP_POINT="${#line}" \
                   COMP_WORDS="${COMP_WORDS[*]}" \
                   COMP_CWORD=$COMP_CWORD \
                   %(autocomplete_var)s=complete_bash $1 ) )
    if [[ "$cur" == *:* && "$COMP_WORDBREAKS" == *:* ]]; then
        local colon_word="${cur%%"${cur##*:}"}"
        COMPREPLY=( "${COMPREPLY[@]#"$colon_word"}" )
    fi
    return 0
}

complete -o default -F %(complete_func)s %(prog_name)s
"""


def split_line(line: str) -> list[str]:
    """The words of a command line as the shell splits them (an unclosed quote keeps its partial word)."""
    lex = shlex.shlex(line, posix=True)
    lex.whitespace_split = True
    lex.commenters = ""
    words: list[str] = []
    try:
        words.extend(lex)
    except ValueError:  # an unclosed quote or a trailing backslash: the partial word as it is
        words.append(lex.token)
    return words


def line_args(line: str, point: int | None = None) -> tuple[list[str], str]:
    """(the words after the program name, the word being completed) for a command line up to the
    cursor; a line ending in a space is completing a new, empty word."""
    line = line[: len(line) if point is None else point]
    words = split_line(line)
    incomplete = words.pop() if words and line and not line[-1].isspace() else ""
    return words[1:], incomplete


def use_bash_script() -> bool:
    """Make Typer generate, install and answer with `BASH_SCRIPT`; False (Typer's own script stays)
    when this Typer's completion module is laid out differently."""
    if _completion_classes is None or _completion_shared is None:  # pragma: no cover
        return False
    base = getattr(_completion_classes, "BashComplete", None)
    scripts = getattr(_completion_shared, "_completion_scripts", None)
    if base is None or not isinstance(scripts, dict) or "bash" not in scripts:
        return False  # pragma: no cover
    if getattr(base, "keeps_colons", False):
        return True

    class BashComplete(base):  # type: ignore[misc, valid-type]
        """Typer's bash completion, reading the command line (`COMP_LINE`) when the script sends it."""

        keeps_colons = True
        source_template = BASH_SCRIPT

        def get_completion_args(self) -> tuple[list[str], str]:
            line = os.environ.get("COMP_LINE")
            if line is None:  # a script installed before: the words bash split (at ':' too)
                return super().get_completion_args()
            point = os.environ.get("COMP_POINT", "")
            return line_args(line, int(point) if point.isdigit() else None)

    _completion_classes.BashComplete = BashComplete  # what Typer registers for "bash" on each run
    scripts["bash"] = BASH_SCRIPT
    return True
