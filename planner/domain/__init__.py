"""Pure domain: pydantic models and logic. No Textual, no file I/O."""
