"""The planner state and the one path every change goes through."""
