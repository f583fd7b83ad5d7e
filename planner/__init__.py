"""Study Planner: work through a reading list, week by week."""

__version__ = "0.1.0"
