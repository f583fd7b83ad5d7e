"""The ``study-planner`` command line."""
