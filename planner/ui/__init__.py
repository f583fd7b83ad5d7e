"""The Qt user interface: item models adapting the core, views, dialogs, undo commands."""
