#!/bin/sh
# What `make demo` shows: the main jobs of tm_tool on the embedded corpus and glossary.
set -eu
: "${TM:=tm}" "${TM_DB:=tm.db}" "${DEMO:=demo-out}"
export TM_DB
mkdir -p "$DEMO"
say() { printf '\n\033[1m$ %s\033[0m\n' "$*"; }

say tm stats
$TM stats
say tm glossary list --status deprecated
$TM glossary list --status deprecated
