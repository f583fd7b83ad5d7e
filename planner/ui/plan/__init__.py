"""The weekly plan in the window: this week, every week, the re-plan preview."""
