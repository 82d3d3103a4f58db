"""Short hex digests of a database's key, for what the window does before its
first paint (the one-instance lock, the remembered 支部名称).

``hashlib`` loads OpenSSL (about 3 ms, issue 13's first paint); CPython's own
SHA modules give the same digests without it. Any other Python uses hashlib.
"""

from __future__ import annotations

try:
    from _sha1 import sha1
except ImportError:  # pragma: no cover - not CPython
    from hashlib import sha1
try:
    from _sha2 import sha256  # CPython 3.12 and later
except ImportError:
    try:
        from _sha256 import sha256  # CPython 3.11
    except ImportError:  # pragma: no cover - not CPython
        from hashlib import sha256


def sha1_hex(text: str, length: int) -> str:
    return sha1(text.encode("utf-8")).hexdigest()[:length]


def sha256_hex(text: str, length: int) -> str:
    return sha256(text.encode("utf-8")).hexdigest()[:length]
