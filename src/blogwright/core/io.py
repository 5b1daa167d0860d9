"""The one way blogwright reads a user's file, and the one way it puts a file inside a folder.

- `read_bytes` / `read_text`: any file the user (or a web form) names: notes, sources, voices and
  their corpora, posts to check or publish, fake scripts, calendars. Read with a size cap (see
  `core.limits`; /dev/zero stops at the cap), refused when it is a folder or binary, decoded as
  UTF-8; every problem is one `BadInput` line naming the file.
- `resolve_inside(root, relative)`: a path that stays inside `root` after `..` and symlinks are
  resolved, or a `BadInput` (publish targets, image copies, output files).
- `write_inside(root, relative, data)`: write it there without following a symlink at the end.
"""

from __future__ import annotations

import contextlib
import errno
import os
import re
import select
import stat
import sys
import time
from collections.abc import Callable, Collection
from pathlib import Path
from typing import BinaryIO, TextIO

from blogwright.core.errors import BadInput
from blogwright.core.limits import how_to_raise, human_size, limit

__all__ = ["MAGIC", "binary_kind", "decode_text", "is_inside", "read_bytes", "read_line", "read_stdin", "read_text",
           "resolve_inside", "safe_file_name", "save_new", "write_inside"]

MAGIC = {b"\x89PNG": "a PNG image", b"\xff\xd8\xff": "a JPEG image", b"GIF8": "a GIF image",
         b"PK\x03\x04": "a ZIP archive (or an Office file)", b"\x1f\x8b": "a gzip archive",
         b"\x7fELF": "a program", b"MZ": "a Windows program", b"SQLite format 3": "a SQLite database",
         b"%PDF-": "a PDF"}
_CHUNK = 1 << 16
FIFO_WAIT = 30.0  # seconds a named pipe may take to get a writer and to finish writing


def binary_kind(data: bytes) -> str | None:
    """'a PNG image', 'binary data', ... when the bytes are not text; None for text."""
    for magic, what in MAGIC.items():
        if data.startswith(magic):
            return what
    if b"\x00" in data[:8192]:
        return "binary data"
    return None


def decode_text(data: bytes, name: str, fallback: str | None = None) -> str:
    """UTF-8 text (a BOM is dropped); `fallback` (e.g. 'cp1252') is tried when it is not UTF-8.
    Binary data (magic numbers, NUL bytes, many control characters) is a BadInput."""
    kind = binary_kind(data)
    if kind:
        raise BadInput(f"{name}: {kind if kind == 'binary data' else 'looks like ' + kind}, not text")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        if not fallback:
            raise BadInput(f"{name}: not UTF-8 text (a bad byte at offset {exc.start}); "
                           "save it as UTF-8") from None
        text = data.decode(fallback, errors="replace")
    sample = text[:20000]
    bad = sum(1 for c in sample if (ord(c) < 32 and c not in "\t\n\r\f") or c == "\ufffd")
    if sample and bad / len(sample) > 0.01:
        raise BadInput(f"{name}: binary data, not text ({bad} control bytes in the first "
                       f"{len(sample)} characters)")
    return text


def read_bytes(path: str | os.PathLike, what: str = "file", limit_name: str = "file",
               max_bytes: int | None = None) -> bytes:
    """The bytes of a user's file, at most the limit (`core.limits`, or `max_bytes`).

    Regular files, pipes and character devices are read (a device stops at the limit); folders,
    missing files and unreadable ones are a `BadInput` saying so."""
    p = Path(path).expanduser()
    cap = max_bytes if max_bytes is not None else limit(limit_name)
    too_big = (f"{what} {p} is over the {human_size(cap)} limit"
               + ("" if max_bytes is not None else f" ({how_to_raise(limit_name)})"))
    try:
        st = p.stat()
    except FileNotFoundError:
        raise BadInput(f"no such {what}: {p}") from None
    except OSError as exc:
        raise BadInput(f"cannot read {what} {p}: {exc.strerror or exc}") from None
    if stat.S_ISDIR(st.st_mode):
        raise BadInput(f"{what} {p} is a folder, not a file")
    if not (stat.S_ISREG(st.st_mode) or stat.S_ISFIFO(st.st_mode) or stat.S_ISCHR(st.st_mode)):
        raise BadInput(f"{what} {p} is not a file")
    if stat.S_ISREG(st.st_mode) and st.st_size > cap:
        raise BadInput(too_big)
    if stat.S_ISFIFO(st.st_mode):
        return _read_fifo(p, what, cap, too_big)
    got = _Capped(cap, too_big)
    try:
        with open(p, "rb") as fh:
            while chunk := fh.read(got.want()):
                got.add(chunk)
    except OSError as exc:
        raise BadInput(f"cannot read {what} {p}: {exc.strerror or exc}") from None
    return got.data()


class _Capped:
    """Chunks read so far, refused (BadInput `too_big`) past `cap` bytes."""

    def __init__(self, cap: int, too_big: str):
        self.cap, self.too_big, self.size = cap, too_big, 0
        self.chunks: list[bytes] = []

    def want(self) -> int:
        return min(_CHUNK, self.cap + 1 - self.size)

    def add(self, chunk: bytes) -> None:
        self.size += len(chunk)
        if self.size > self.cap:
            raise BadInput(self.too_big)
        self.chunks.append(chunk)

    def data(self) -> bytes:
        return b"".join(self.chunks)


def _read_fifo(p: Path, what: str, cap: int, too_big: str) -> bytes:
    """A named pipe, opened without waiting for a writer (a plain open blocks until one comes, forever
    when none does): at most `FIFO_WAIT` seconds for the writer to write and close, at most `cap` bytes."""
    try:
        fd = os.open(p, os.O_RDONLY | os.O_NONBLOCK)
    except OSError as exc:
        raise BadInput(f"cannot read {what} {p}: {exc.strerror or exc}") from None
    end = time.monotonic() + FIFO_WAIT
    got = _Capped(cap, too_big)
    try:
        while True:
            left = end - time.monotonic()
            if left <= 0:
                raise BadInput(f"{what} {p} is a named pipe that nothing " + (
                    "finished writing to" if got.size else "wrote to") + f" within {FIFO_WAIT:g} s")
            try:
                chunk = os.read(fd, got.want())
            except BlockingIOError:  # a writer, no data yet
                select.select([fd], [], [], min(left, 1.0))
                continue
            if not chunk:
                if got.size:  # the writer closed: done
                    break
                time.sleep(min(left, 0.05))  # no writer yet
                continue
            got.add(chunk)
    except OSError as exc:
        raise BadInput(f"cannot read {what} {p}: {exc.strerror or exc}") from None
    finally:
        os.close(fd)
    return got.data()


def _stdin_bytes(stream: TextIO | BinaryIO | None) -> BinaryIO | None:
    stream = sys.stdin if stream is None else stream
    if stream is None or getattr(stream, "closed", False):
        return None
    return getattr(stream, "buffer", stream)  # type: ignore[return-value]


def read_stdin(what: str = "the request on stdin", max_bytes: int | None = None,
               stream: TextIO | BinaryIO | None = None) -> str:
    """All of stdin as text, bounded like a file (`limit("file")`: `< /dev/zero` stops there), refused
    when it is closed (`<&-`), binary or not UTF-8: one BadInput line each."""
    cap = max_bytes if max_bytes is not None else limit("file")
    raw = _stdin_bytes(stream)
    if raw is None:
        raise BadInput(f"{what}: stdin is closed; pipe the text in (`... | blogwright write -`)")
    try:
        data = raw.read(cap + 1)
    except (OSError, ValueError) as exc:
        raise BadInput(f"{what}: cannot read stdin ({exc})") from None
    if isinstance(data, str):
        data = data.encode("utf-8", "surrogateescape")
    if len(data or b"") > cap:
        raise BadInput(f"{what} is over the {human_size(cap)} limit"
                       + ("" if max_bytes is not None else f" ({how_to_raise('file')})"))
    return decode_text(data or b"", what)


def read_line(what: str = "an answer", max_chars: int | None = None, stream: TextIO | BinaryIO | None = None) -> str:
    """One line of stdin (without its end), "" at the end of input or when stdin is closed; at most
    `max_chars` (`limit("note_chars")`) characters: a longer line, binary data or bytes that are not
    UTF-8 are a BadInput."""
    cap = max_chars if max_chars is not None else limit("note_chars")
    raw = _stdin_bytes(stream)
    if raw is None:
        return ""
    try:
        data = raw.readline(cap * 4 + 2)
    except (OSError, ValueError):
        return ""
    if isinstance(data, str):
        data = data.encode("utf-8", "surrogateescape")
    data = (data or b"").rstrip(b"\r\n")
    text = decode_text(data, what) if data else ""
    if len(text) > cap or len(data) > cap * 4:
        raise BadInput(f"{what} on stdin is over {cap:,} characters (one line per answer)")
    return text


def read_text(path: str | os.PathLike, what: str = "file", limit_name: str = "file",
              max_bytes: int | None = None, fallback: str | None = None) -> str:
    """A user's text file: `read_bytes` then `decode_text` (binary files are a BadInput)."""
    data = read_bytes(path, what, limit_name, max_bytes)
    return decode_text(data, f"{what} {Path(path).expanduser()}", fallback)


# ---- paths inside a root --------------------------------------------------------------------------

def is_inside(path: Path, root: Path) -> bool:
    """True when `path` (resolved: symlinks followed) is `root` (resolved) or below it."""
    try:
        path.resolve().relative_to(root.resolve())
    except ValueError:
        return False
    return True


def resolve_inside(root: str | os.PathLike, relative: str | os.PathLike, what: str = "path") -> Path:
    """`root / relative`, refused (BadInput) when `relative` is absolute, climbs out with `..`, or
    reaches outside `root` through a symlink (in any existing part of it). The result is not
    resolved: it is the path as written under the real root."""
    base = Path(root).expanduser()
    rel = Path(relative)
    if rel.is_absolute() or str(relative).startswith(("/", "\\")) or re.match(r"^[A-Za-z]:", str(relative)):
        raise BadInput(f"{what} {str(relative)[:80]!r} is an absolute path: it must stay inside {base}")
    if ".." in rel.parts:
        raise BadInput(f"{what} {str(relative)[:80]!r} climbs out with '..': it must stay inside {base}")
    target = base / rel
    real_root = base.resolve()
    probe = target
    while True:  # the deepest existing part decides where a symlink leads
        if probe.exists() or probe.is_symlink():
            try:
                probe.resolve().relative_to(real_root)
            except ValueError:
                raise BadInput(f"{what} {probe} leads outside {base} (a symlink?): refused") from None
            break
        if probe == base or probe.parent == probe:
            break
        probe = probe.parent
    return target


_SAFE_NAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]{0,199}$")


def safe_file_name(name: str, what: str = "name") -> str:
    """`name` when it is one plain file name (letters, digits, '.', '_', '-'; no '/', no '..',
    not hidden); BadInput otherwise."""
    if not _SAFE_NAME.match(name) or ".." in name:
        raise BadInput(f"{what} {name[:80]!r} is not a plain file name (letters, digits, '-', '_', '.')")
    return name


def write_inside(root: str | os.PathLike, relative: str | os.PathLike, data: bytes | str, *,
                 overwrite: bool = False, what: str = "file") -> Path:
    """Write `data` to `root/relative` (folders made as needed), never outside `root` and never
    through a symlink; an existing file is replaced only with `overwrite`."""
    target = resolve_inside(root, relative, what)
    target.parent.mkdir(parents=True, exist_ok=True)
    resolve_inside(root, relative, what)  # again: a folder made just now may not lead elsewhere
    flags = os.O_WRONLY | os.O_CREAT | getattr(os, "O_NOFOLLOW", 0) | (os.O_TRUNC if overwrite else os.O_EXCL)
    try:
        fd = os.open(target, flags, 0o644)
    except FileExistsError:
        raise BadInput(f"{target} already exists") from None
    except OSError as exc:
        if target.is_symlink():
            raise BadInput(f"{target} is a symlink: refused") from None
        raise BadInput(f"cannot write {target}: {exc.strerror or exc}") from None
    with os.fdopen(fd, "wb") as fh:
        fh.write(data.encode("utf-8") if isinstance(data, str) else data)
    return target


def save_cache(path: Path, write: Callable[[Path], None], stale: str = "") -> bool:
    """Write a cache file of ours atomically: `write(tmp)` writes a temporary file beside `path`, which then
    replaces `path`; with `stale`, the other files of the folder matching that glob (caches of older inputs)
    are removed. False when it cannot be written: a cache that cannot be kept only costs time."""
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp{path.suffix}")  # the suffix: numpy adds .npz otherwise
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        write(tmp)
        os.replace(tmp, path)
        for old in path.parent.glob(stale) if stale else ():
            if old != path:
                old.unlink(missing_ok=True)
        return True
    except OSError:
        with contextlib.suppress(OSError):
            tmp.unlink(missing_ok=True)
        return False


def _numbered(name: str, n: int) -> str:
    """'a.md' -> 'a-2.md'; 'a.draft.md' -> 'a.draft-2.md'."""
    if n == 1:
        return name
    stem, dot, ext = name.rpartition(".")
    return f"{stem}-{n}.{ext}" if dot and stem else f"{name}-{n}"


def _temp_name(name: str) -> str:
    return f".{name}.{os.getpid()}-{time.monotonic_ns()}.tmp"


_TEMP = re.compile(r"\.(?P<name>.+)\.(?P<pid>\d+)-\d+\.tmp")  # `_temp_name`'s form


def temp_files(folder: str | os.PathLike, names: Collection[str]) -> list[tuple[Path, int]]:
    """The temporary files `save_new` has in `folder` for one of the final `names`, each with the id of
    the process that wrote it. One whose process is gone was left by a kill mid-save: hidden, but half
    a post (or a copy of one) in the user's folder; its owner's next run removes it."""
    try:
        entries = list(os.scandir(Path(folder).expanduser()))
    except OSError:
        return []
    out = []
    for entry in entries:
        m = _TEMP.fullmatch(entry.name)
        if m is not None and m["name"] in names and entry.is_file(follow_symlinks=False):
            out.append((Path(entry.path), int(m["pid"])))
    return out


def save_new(folder: str | os.PathLike, name: str, data: bytes | str, *, what: str = "file",
             replace: Path | None = None, max_tries: int = 1000) -> Path:
    """Put `data` in `folder/name` atomically and without replacing anything: written to a temporary
    file in the folder first (flushed to disk), then hard-linked under the final name, which fails
    rather than replace a file that appeared meanwhile: then `name-2`, `-3`, ... is used. A full disk
    or any write error removes the temporary file, so no final name ever holds a truncated file; a
    symlink under the final name is never followed. `replace`: a file this caller wrote before (a
    batch's own post), replaced atomically. Returns the path written; a BadInput line otherwise."""
    base = Path(folder).expanduser()
    safe = name.replace("/", "-").replace("\\", "-")
    payload = data.encode("utf-8") if isinstance(data, str) else data
    try:
        base.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise BadInput(f"cannot write the {what} to {base}: {exc.strerror or exc}") from None
    tmp = base / _temp_name(safe)
    try:
        fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_NOFOLLOW", 0), 0o644)
        with os.fdopen(fd, "wb") as fh:
            fh.write(payload)
            fh.flush()
            os.fsync(fh.fileno())
        if replace is not None:
            os.replace(tmp, replace)
            return replace
        for n in range(1, max_tries + 1):
            target = base / _numbered(safe, n)
            try:
                os.link(tmp, target, follow_symlinks=False)
            except FileExistsError:
                continue
            except OSError as exc:  # no hard links here (some file systems): reserve the name, then rename
                if exc.errno not in (errno.EPERM, errno.ENOTSUP, errno.EOPNOTSUPP, errno.EMLINK):
                    raise
                try:
                    os.close(os.open(target, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_NOFOLLOW", 0)))
                except FileExistsError:
                    continue
                os.replace(tmp, target)  # over the empty file reserved just now, ours
            return target
        raise BadInput(f"cannot write the {what}: {base / safe} and {max_tries - 1} numbered names exist")
    except PermissionError:
        raise BadInput(f"cannot write the {what} to {base}: permission denied (choose another folder)") from None
    except OSError as exc:
        why = exc.strerror or str(exc)
        raise BadInput(f"cannot write the {what} to {base}: {why}; nothing was saved under its name") from None
    finally:
        with contextlib.suppress(OSError):
            tmp.unlink()
