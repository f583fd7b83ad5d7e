"""One class per user action, by feature: ``progress``, ``catalog``, ``planning``.

An operation reads the state and says what it does (``planner.core.journal.state.Effect``);
``AppState.apply`` carries it out. They live apart from the features' rules so that the
journal (the change path) can know the features' types while no feature knows the journal.
"""
