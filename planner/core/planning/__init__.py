"""Planning: the settings, the scheduler and the plan (its weekly goals, as the user checks
them off, are changes to the state: ``planner.core.journal.goals``)."""
