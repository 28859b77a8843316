"""The six screens of the planner app, one per tab."""
