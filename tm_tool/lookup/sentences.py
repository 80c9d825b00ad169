"""The sentences of a multi-sentence lookup query, by tm_tool.segmentation's rules (the ones
`tm analyze` splits plain text with), as plain strings."""

from __future__ import annotations

from .. import segmentation


def split_sentences(text: str) -> list[str]:
    """The sentences of ``text``, stripped; one sentence (or none) gives itself."""
    return [s for s in (span.text.strip() for span in segmentation.split_sentences(text)) if s]
