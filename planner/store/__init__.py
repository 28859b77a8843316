"""Files: plan TOML load/save (atomic, canonical), catalog loading, error locations."""
