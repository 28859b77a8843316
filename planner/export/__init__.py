"""Renderings of an Evaluation: text, JSON, Markdown, Mermaid, CSV, HTML, iCalendar, diff."""
