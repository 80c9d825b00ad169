"""The search index: postings of tokens and token pairs for both sides of every segment.

``store`` writes it (:class:`SegmentIndex`, fed by the import pipeline) and ``lookup`` reads it
(:class:`Postings`); this package imports neither of them.

* ``keys``: the tokenizer, the integer gram keys and where postings are stored (the one owner
  of the key format);
* ``buffer``: postings held in memory until a flush turns them into rows (pure NumPy, also
  run in the import's worker process);
* ``writer``: :class:`SegmentIndex`, which writes, rebuilds and merges the rows;
* ``reader``: :class:`Postings`, which reads a gram's segment ids and the token lengths.
"""

from __future__ import annotations

from .keys import Side
from .reader import Postings
from .writer import SegmentIndex

__all__ = ["Postings", "SegmentIndex", "Side"]
