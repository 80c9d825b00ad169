"""A translator's and project manager's workflow over whole files: analysis (how much of new
files the memory covers), pre-translation. One module per job; the CLI is a thin layer."""

from .analysis import BANDS, Analysis, FileAnalysis, analyze

__all__ = ["BANDS", "Analysis", "FileAnalysis", "analyze"]
