"""tm_tool: a Chinese–English translation memory and controlled glossary in SQLite."""

__version__ = "0.1.0"
