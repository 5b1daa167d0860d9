"""Errors a user can act on. The CLI prints them as one line and exits non-zero."""


class BlogwrightError(Exception):
    """Base class: a problem the user can fix, shown without a traceback."""

    exit_code = 2


class BadInput(BlogwrightError):
    """The request itself is wrong (topic, voice, audience, words, paths)."""


class BackendError(BlogwrightError):
    """The model backend failed: unreachable server, unknown model, bad build."""

    exit_code = 3
