"""Entry points: the launcher, the window start and the command line."""
