"""Progress on resources: the rules of recording it and what it leaves to do."""
