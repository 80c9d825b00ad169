"""sacrebleu metrics configured for the target language.

sacrebleu's defaults are wrong for Chinese: its 13a tokenizer leaves an unsegmented Chinese
hypothesis as one token, so BLEU comes out near 0; TER needs asian_support, which sacrebleu
applies only together with normalized. So, for a Chinese (or Japanese/Korean) target: BLEU with
the zh/ja-mecab/ko-mecab tokenizer (zh for Chinese), TER(normalized=True, asian_support=True);
for other targets: BLEU with 13a, plain TER. chrF works on characters and needs no tokenizer;
chrF++ adds word bigrams, which mean little for unsegmented Chinese (we warn).
"""

from __future__ import annotations

from dataclasses import dataclass

from sacrebleu.metrics import BLEU, CHRF, TER

CJK = {"zh", "ja", "ko"}
METRICS = ("bleu", "chrf", "ter")


@dataclass
class MetricSet:
    bleu: BLEU
    chrf: CHRF
    ter: TER
    sentence_chrf: CHRF
    warnings: list[str]


def for_language(tgt: str, *, chrf_plus: bool = False) -> MetricSet:
    """Metrics right for target language ``tgt`` (a language subtag: 'zh', 'en', …)."""
    warnings = []
    asian = tgt in CJK
    tokenize = "zh" if tgt == "zh" else ("13a" if not asian else "char")
    word_order = 2 if chrf_plus else 0
    if chrf_plus and asian:
        warnings.append("chrF++ counts word bigrams, but the Chinese target is not segmented "
                        "into words: read chrF (character n-grams) instead")
    return MetricSet(
        bleu=BLEU(tokenize=tokenize),
        chrf=CHRF(word_order=word_order),
        ter=TER(normalized=asian, asian_support=asian),
        sentence_chrf=CHRF(word_order=word_order),
        warnings=warnings,
    )
