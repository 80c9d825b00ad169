"""The English number words the rules of english.py read: cardinals, ordinals, scales,
denominators, multipliers, month and weekday names, Roman numerals."""

from __future__ import annotations

UNITS = {w: i for i, w in enumerate(
    "zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen "
    "fifteen sixteen seventeen eighteen nineteen".split())}
TENS = {w: 10 * i for i, w in enumerate(
    "twenty thirty forty fifty sixty seventy eighty ninety".split(), 2)}
SCALES = {"thousand": 10**3, "million": 10**6, "billion": 10**9, "trillion": 10**12,
          "quadrillion": 10**15, "quintillion": 10**18, "sextillion": 10**21,
          "septillion": 10**24, "octillion": 10**27, "nonillion": 10**30,
          "decillion": 10**33, "googol": 10**100}
ORDINALS = {"first": "one", "second": "two", "third": "three", "fifth": "five",
            "eighth": "eight", "ninth": "nine", "twelfth": "twelve"} | {
    w + "th": w for w in [*UNITS, *("hundred", "thousand", "million", "billion")]
    if w not in ("one", "two", "three", "five", "eight", "nine", "twelve")} | {
    w[:-1] + "ieth": w for w in TENS}
DECADE_WORDS = {w[:-1] + "ies": v for w, v in TENS.items()}  # the eighties ↔ 八十年代
DENOMINATORS = {"half": 2, "halves": 2, "quarter": 4, "quarters": 4} | {
    o + s: UNITS[c] for o, c in ORDINALS.items() if c in UNITS and UNITS[c] >= 3
    for s in ("", "s")}
MULTIPLIERS = {"twice": 2, "double": 2, "doubled": 2, "triple": 3, "tripled": 3,
               "thrice": 3, "threefold": 3, "quadruple": 4, "quadrupled": 4, "twofold": 2}
MONTHS = {m: i for i, m in enumerate(
    "january february march april may june july august september october november december"
    .split(), 1)} | {m: i for i, m in enumerate(
        "jan feb mar apr _ jun jul aug sep oct nov dec".split(), 1) if m != "_"} | {"sept": 9}
WEEKDAYS = {d: i for i, d in enumerate(
    "monday tuesday wednesday thursday friday saturday sunday".split(), 1)} | {
    d: i for i, d in enumerate("mon tue wed thu fri sat sun".split(), 1)} | {
    "tues": 2, "weds": 3, "thur": 4, "thurs": 4}
_CARDINAL = {**UNITS, **TENS, "hundred": 100, **SCALES, "dozen": 12}
ROMAN = {r: i for i, r in enumerate(
    "_ _ ii iii iv _ vi vii viii ix _ xi xii xiii xiv xv xvi xvii xviii xix xx".split())
    if r != "_"}
