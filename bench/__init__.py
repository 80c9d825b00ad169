"""Benchmarks for tm_tool, with Translate Toolkit measured beside it in the same run.

``python -m bench run --size N`` (``make bench`` at 1,000,000, ``make bench-quick`` at 100,000)
generates the data if missing, runs every task as its own process (so peak RSS is the task's
own) and writes ``bench/results/<date>-<N>.md`` and ``.json``.
"""
