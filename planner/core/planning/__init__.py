"""Planning: the settings, the scheduler, the plan and its weekly goals."""
