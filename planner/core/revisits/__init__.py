"""Spaced re-visits of finished readings: the memory of each one as a fold of its reviews
(``cards``), scheduled with FSRS (the ``fsrs`` package)."""
