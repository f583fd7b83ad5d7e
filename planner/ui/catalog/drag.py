"""What a resource dragged out of the tree carries: its id, under our own MIME type.

Kept apart from the plan's models so the tree (built at start-up) does not load the
scheduler just to name a MIME type; the plan's week lists accept what the tree gives.
"""

from __future__ import annotations

from PySide6.QtCore import QByteArray, QMimeData

RESOURCE_MIME = "application/x-study-planner-resource-id"


def resource_mime(resource_id: str) -> QMimeData:
    """What a resource dragged from the tree carries: its id."""
    data = QMimeData()
    data.setData(RESOURCE_MIME, QByteArray(resource_id.encode("utf-8")))
    return data


def resource_id_from_mime(data: QMimeData) -> str | None:
    if not data.hasFormat(RESOURCE_MIME):
        return None
    text = bytes(data.data(RESOURCE_MIME).data()).decode("utf-8", errors="replace").strip()
    return text or None
