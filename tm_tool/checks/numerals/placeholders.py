"""Placeholders are not numbers: %(step2)s, {0}, ${count}, %1$s."""

from __future__ import annotations

import re

_PLACEHOLDER = re.compile(r"%\(\w+\)[sdifr]|\{[\w.]*\}|\$\{\w+\}|%\d*\$?[sd]")


def may_have_placeholders(text: str) -> bool:
    return "%" in text or "{" in text  # every placeholder has one of these


def mask_placeholders(text: str) -> str:
    """The text with its placeholders blanked out, offsets kept."""
    if not may_have_placeholders(text):
        return text
    return _PLACEHOLDER.sub(lambda m: " " * len(m.group()), text)
