"""Study sessions: timed study of one resource, as journal events, and what they tell."""
