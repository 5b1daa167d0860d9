"""How a `blogwright` process ends (issue 28, fixed35).

Python's own teardown after the last line of a command (modules emptied one by one, every object of spaCy,
MiniLM and the model freed) cost a 300-word `write` ~0.3 s CPU and 0.3-0.8 s of wall time after the post was
saved and the report printed. `quick_exit` ends the process the way `sys.exit(code)` would as far as anyone
can see (the `atexit` functions run: the log's handlers, the models' close, `weakref.finalize`s such as
temporary folders; stdout and stderr are flushed; the same exit status) and then skips that teardown with
`os._exit`. When a thread Python would wait for is still running, it is the usual exit.
"""

from __future__ import annotations

import atexit
import os
import sys
import threading
from typing import NoReturn


def exit_status(code: object) -> int:
    """The status `sys.exit(code)` ends a process with: None 0, an int itself, anything else 1 (printed on
    stderr, as Python does)."""
    if code is None:
        return 0
    if isinstance(code, int):
        return code
    try:
        print(code, file=sys.stderr)
    except (OSError, ValueError):
        pass
    return 1


def waited_threads() -> list[threading.Thread]:
    """The threads besides this one that the interpreter would wait for at exit (not daemons, alive)."""
    return [t for t in threading.enumerate() if t is not threading.current_thread() and not t.daemon and t.is_alive()]


def quick_exit(code: object = 0) -> NoReturn:
    """End the process with `code` as `sys.exit(code)` would, without the interpreter's teardown (see the
    module). Only for the process's own entry point, from the main thread: never where a caller (a test's
    CliRunner, a library user) expects SystemExit."""
    if threading.current_thread() is not threading.main_thread() or waited_threads():
        sys.exit(code)
    status = exit_status(code)
    atexit._run_exitfuncs()
    for stream in dict.fromkeys((sys.stdout, sys.stderr, sys.__stdout__, sys.__stderr__)):  # replaced ones too
        try:
            if stream is not None:
                stream.flush()
        except (OSError, ValueError):  # a closed pipe (`| head`): Python's own exit says 120 too
            status = status or 120
    os._exit(status)
