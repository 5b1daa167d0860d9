"""Errors a user can act on: one hierarchy, each error a message for the user and an exit code.

The CLI prints them as one line (`cli.errors.fail`) and exits with `exit_code`; the web page shows the
message with a 400. Anything else that escapes is a bug and keeps its traceback.

    BlogwrightError        2  base class
      BadInput             2  the request is wrong: topic, voice, paths, flags, a model spec, a file
        SourceProblem      2  one --source cannot be used (the run notes it and goes on without it)
      BackendError         3  the model backend failed: unreachable server, unknown model, bad build
      PublishError         4  the remote site refused the post or could not be reached
      GroundingError       5  grounding cannot run: the embedding model is missing or broken
"""

from __future__ import annotations


class BlogwrightError(Exception):
    """Base class: a problem the user can fix, shown without a traceback."""

    exit_code = 2

    def __init__(self, message: str = "", *, exit_code: int | None = None):
        super().__init__(message)
        if exit_code is not None:
            self.exit_code = exit_code

    @property
    def message(self) -> str:
        """The one line the user sees."""
        return str(self)


class BadInput(BlogwrightError):
    """The request itself is wrong (topic, voice, audience, words, paths, a model spec or its file)."""


class SourceProblem(BadInput):
    """A source file or URL cannot be used; the message says which and why."""


class BackendError(BlogwrightError):
    """The model backend failed: unreachable server, unknown model, bad build."""

    exit_code = 3


class PublishError(BlogwrightError):
    """The remote site refused or could not be reached."""

    exit_code = 4


class GroundingError(BlogwrightError):
    """Grounding cannot run: the embedding model is not installed or does not load."""

    exit_code = 5


__all__ = ["BackendError", "BadInput", "BlogwrightError", "GroundingError", "PublishError", "SourceProblem"]
