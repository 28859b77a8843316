"""Dialogs (modal screens) of the planner app."""
