"""Progress on resources: the rules of recording it, what it leaves to do, and its summary
over a category (``summary``)."""
