"""Dialogs: the resource editor and the import preview."""
