"""Who may write: a bearer token from ``--token-file`` (one ``TOKEN [USER]`` a line; ``#``
comments). The user a token names goes into the history of every change made with it, as
``--user`` does on the command line."""

from __future__ import annotations

import hmac
from pathlib import Path

from ..errors import InputError
from .http import HttpError, Request

MIN_TOKEN = 16  # characters: a guessable token is refused when the file is read


def read_tokens(path: str | Path) -> dict[str, str]:
    """token → user from a token file (the user defaults to 'token-N', its line number)."""
    tokens: dict[str, str] = {}
    try:
        lines = Path(path).read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeDecodeError) as exc:
        raise InputError(f"cannot read the token file ({exc})", path=path) from None
    for number, line in enumerate(lines, 1):
        fields = line.split("#", 1)[0].split()
        if not fields:
            continue
        if len(fields[0]) < MIN_TOKEN:
            raise InputError(f"a token must have at least {MIN_TOKEN} characters",
                             path=path, line=number)
        tokens[fields[0]] = fields[1] if len(fields) > 1 else f"token-{number}"
    if not tokens:
        raise InputError("no token in the file", path=path)
    return tokens


def writer(request: Request, tokens: dict[str, str]) -> str:
    """The user a request writes as; 401 without a known bearer token, 403 when the server
    takes no writes at all."""
    if not tokens:
        raise HttpError(403, "this server takes no writes (start it with --token-file)")
    given = request.header("Authorization") or ""
    scheme, _, token = given.partition(" ")
    if scheme.lower() == "bearer":
        for known, user in tokens.items():  # (compare_digest: no timing hint)
            if hmac.compare_digest(known.encode(), token.strip().encode()):
                return user
    raise HttpError(401, "a write needs 'Authorization: Bearer TOKEN' with a token of "
                    "--token-file", [("WWW-Authenticate", 'Bearer realm="tm"')])
