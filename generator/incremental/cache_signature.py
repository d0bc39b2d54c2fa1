"""The build cache's files are signed with a key of this user's, kept
outside any project: the cache holds pickles, which can run any code as
they load, and a project from someone else (a contributor's pull request
built in CI) could ship a `.mentorkit-cache/` of its own. A file whose
signature does not check out is not loaded: the build starts afresh.

The key is 32 random bytes in `$XDG_CACHE_HOME/mentorkit/cache-key` (or
`~/.cache/...`), readable by this user only, made by the first build.
Where it cannot be kept, nothing is loaded from the cache.
"""

from __future__ import annotations

import hashlib
import hmac
import os
import secrets
from pathlib import Path

from generator.load.project_files import read_file

HEADER = b"mentorkit-cache-signed\n"
KEY_BYTES = 32
_DIGEST = hashlib.sha256().digest_size


def key_path() -> Path:
    return Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "mentorkit" / "cache-key"


def _key() -> bytes | None:
    path = key_path()
    data, why = read_file(str(path))
    if not why and len(data) == KEY_BYTES:
        return data
    if os.path.lexists(path):
        return None  # not ours to replace
    try:
        path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
        temporary = path.with_name(f"{path.name}.tmp-{os.getpid()}")
        descriptor = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_NOFOLLOW", 0), 0o600)
        with os.fdopen(descriptor, "wb") as handle:
            handle.write(secrets.token_bytes(KEY_BYTES))
        try:
            os.link(temporary, path)  # two first builds at once: the first key made stays
        except FileExistsError:
            pass
        finally:
            os.unlink(temporary)
    except OSError:
        return None
    data, why = read_file(str(path))
    return data if not why and len(data) == KEY_BYTES else None


def signed(data: bytes) -> bytes:
    """`data` with this user's signature before it (unsigned where no key can be kept: never loaded)."""
    key = _key()
    mark = hmac.new(key, data, hashlib.sha256).digest() if key is not None else b"\0" * _DIGEST
    return HEADER + mark + data


def verified(blob: bytes | None) -> bytes | None:
    """The data of a file `signed` made with this user's key, or None."""
    if blob is None or not blob.startswith(HEADER):
        return None
    key = _key()
    if key is None:
        return None
    mark, data = blob[len(HEADER) : len(HEADER) + _DIGEST], blob[len(HEADER) + _DIGEST :]
    return data if hmac.compare_digest(mark, hmac.new(key, data, hashlib.sha256).digest()) else None
