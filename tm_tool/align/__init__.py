"""Sentence alignment of a Chinese document and its English translation (``tm align``).

One module per job: reading.py (documents), features.py (what a sentence offers as evidence),
overlap.py (the banded overlap join), scoring.py (the bead cost), dp.py (the banded dynamic
programme), learn.py (the second pass's parameters and dictionary), aligner.py (paragraphs,
then sentences, two passes), output.py (TSV, TMX, JSON, HTML), evaluate.py (gold scoring).
"""

from .aligner import Alignment, Document, align_documents, align_sentences
from .dp import Bead
from .scoring import Params

__all__ = ["Alignment", "Bead", "Document", "Params", "align_documents", "align_sentences"]
