"""QA checks for deliveries and for the TM.

Library API (what ``tm check`` calls)::

    from tm_tool.checks import CheckOptions, check_files, check_store
    report = check_files(["delivery.tmx"], store="tm.db", options=CheckOptions(tgt="en"))
    report = check_store("tm.db", options=CheckOptions(codes=["term-missing"]))
    report.summary(), report.findings, report.fails("warning")

Below them, ``runner.run_checks`` checks any iterable of :class:`Unit`.
"""

from __future__ import annotations

from .api import CheckOptions, check_files, check_store
from .base import Check, Context, Finding, GroupCheck, Unit, UnitCheck
from .registry import ALL_CHECKS, CODES
from .runner import FAIL_ON, Report, run_checks

__all__ = ["ALL_CHECKS", "CODES", "FAIL_ON", "Check", "CheckOptions", "Context", "Finding",
           "GroupCheck", "Report", "Unit", "UnitCheck", "check_files", "check_store",
           "run_checks"]
