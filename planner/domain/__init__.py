"""Pure domain: model classes (planner.domain.coremodel: pydantic's model API, validated and dumped by pydantic-core)
and logic. No Textual, no file I/O."""
