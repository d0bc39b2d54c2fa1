"""Incremental: the one hash every digest of the cache and the fingerprints uses."""

from __future__ import annotations

import hashlib


def blake(data: bytes) -> str:
    return hashlib.blake2b(data, digest_size=16).hexdigest()


def digest(*parts: object) -> str:
    """A digest of plain values (strings, numbers, tuples, dataclasses) by their repr."""
    return hashlib.blake2b(repr(parts).encode(), digest_size=16).hexdigest()
