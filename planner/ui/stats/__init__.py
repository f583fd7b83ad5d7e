"""The statistics window (View ▸ Statistics, Ctrl+Shift+S): hours per week against the
plan, the burn-up with its forecasts, a heat map of study days, hours by category and the
pace by kind. Its charts are painted with QPainter (``charts``, ``heat_map``); ``window``
is imported only when the window is first opened: nothing here is imported at start-up."""
