#!/bin/sh
# What `make demo` shows: the main jobs of tm_tool on the embedded corpus and glossary.
# Run by the Makefile with TM (the tm command), TM_DB (the database) and DEMO (an output folder).
set -eu
: "${TM:=tm}" "${TM_DB:=tm.db}" "${DEMO:=demo-out}" "${PYTHON:=python3}"
export TM_DB
mkdir -p "$DEMO"
say() { printf '\n\033[1m$ %s\033[0m\n' "$*"; }

say tm stats
$TM stats

say tm glossary list --status deprecated "(first lines)"
$TM glossary list --status deprecated | head -12

# A corpus sentence with one word changed (省委 → 市委): a 98 % match, the difference marked.
QUERY='要认真落实市委“1310”具体部署，在“十五五”新征程上明确东莞定位、展现东莞担当，以实际行动坚定拥护“两个确立”、坚决做到“两个维护”。'
say tm lookup "$QUERY"
$TM lookup "$QUERY"

say tm concordance 两个 --side source
$TM concordance 两个 --side source --limit 3

say tm term 兩個確立 "(Traditional Chinese query)"
$TM term 兩個確立

say tm export --format tmx -o "$DEMO/corpus.tmx"
$TM export --format tmx -o "$DEMO/corpus.tmx"
$TM export --format po -o "$DEMO/corpus.po"

# A delivery with deprecated slogans and a dropped sentence: what QA finds, and what it costs.
$PYTHON scripts/make_degraded.py "$DEMO/degraded.tsv"
say tm check "$DEMO/degraded.tsv" --checks term-missing,term-case,term-forbidden,untranslated
$TM check "$DEMO/degraded.tsv" --src zh-CN --tgt en \
  --checks term-missing,term-case,term-forbidden,untranslated || true
$TM check "$DEMO/degraded.tsv" --src zh-CN --tgt en --format html -o "$DEMO/qa.html" || true

say tm score "$DEMO/degraded.tsv" --worst 3
$TM score "$DEMO/degraded.tsv" --src zh-CN --tgt en --worst 3

printf '\nReports and exports are in %s/ (open qa.html in a browser).\n' "$DEMO"
