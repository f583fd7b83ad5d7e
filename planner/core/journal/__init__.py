"""The planner state, the one path every change goes through, and the weekly goals of the
accepted plan as the user checks them off (``goals``)."""
