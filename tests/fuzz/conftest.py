"""The fuzz suite (issue 18): hypothesis over the CLI's arguments and files, the web API's JSON and
forms, and `check` / publishing on generated Markdown. Every example must end without a traceback
or a 500, in bounded time. Examples are derandomized (the same every run) and nothing is stored."""

from __future__ import annotations

from hypothesis import HealthCheck, settings

settings.register_profile(
    "blogwright-fuzz", derandomize=True, database=None, deadline=None, print_blob=True,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large, HealthCheck.function_scoped_fixture],
)
settings.load_profile("blogwright-fuzz")

# hostile text: control characters, lone surrogates, markup of every kind, paths, huge numbers
NASTY = ["\x00", "\x1b[31m", "\x07", "\udcff", "\ud800", "\u202e", "%", "_", "../", "/etc/passwd", "[/x]", "[bold]",
         "<script>alert(1)</script>", "{{ site }}", "{% raw %}", "{{< x >}}", "javascript:alert(1)", "*" * 50,
         "_" * 50, "`" * 7, "&#x61;", "9" * 400, "-1", "NaN", "🙂", "\r\n", "\t", "'", '"', "\\", "&a [*a]"]
