"""Workflow: analyse and pre-translate files against the memory."""
