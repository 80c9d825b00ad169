"""A minimal sentence splitter for multi-sentence lookups.

# TODO(lead): use tm_tool.segmentation.split_sentences once merged (the "analyze" helper's
# splitter); this one only knows Chinese 。！？ and English . ! ? followed by a space.
"""

from __future__ import annotations

import re

# After a sentence end (Chinese: at once; English: before a space), closing quotes and
# brackets stay with the sentence they close.
_END = re.compile(r"""(?:[。！？]+|[.!?]+(?=\s))[”’」』）)"'»]*""")


def split_sentences(text: str) -> list[str]:
    """The sentences of ``text``, stripped; one sentence (or none) gives itself."""
    sentences, start = [], 0
    for end in _END.finditer(text):
        sentences.append(text[start:end.end()].strip())
        start = end.end()
    sentences.append(text[start:].strip())
    return [s for s in sentences if s]
