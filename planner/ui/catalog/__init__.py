"""The catalog side of the window: the tree, its search, the detail pane, editing."""
