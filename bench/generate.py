"""Generated workloads shared by the benchmarks: big catalogs and a year of progress."""

from __future__ import annotations

import datetime as dt
import random
from typing import Any

KINDS = ["book", "notes", "article", "video-series", "exercises", "paper", "reference"]
WORDS = [
    "linear",
    "algebra",
    "probability",
    "deep",
    "learning",
    "optimisation",
    "statistics",
    "bayesian",
    "graphs",
    "kernels",
    "vision",
    "language",
    "models",
    "reinforcement",
    "numpy",
    "pandas",
    "theory",
    "calculus",
    "information",
    "geometry",
    "causal",
    "inference",
    "transformers",
]


def catalog_data(n_resources: int, seed: int = 1, per_category: int = 25) -> dict[str, Any]:
    """A catalog of ``n_resources`` in nested categories, with units, prerequisites,
    priorities and some deadlines, as plain data (what a YAML file would hold)."""
    rng = random.Random(seed)
    categories: list[dict[str, Any]] = []
    ids: list[str] = []
    for c in range(max(1, n_resources // (per_category * 4))):
        categories.append(
            {"id": f"cat-{c}", "title": f"Area {c}: {rng.choice(WORDS).title()}", "categories": []}
        )
    sub_index = 0
    for i in range(n_resources):
        top = categories[i // (per_category * 4) % len(categories)]
        if i % per_category == 0:
            top["categories"].append(
                {"id": f"sub-{sub_index}", "title": f"Topic {sub_index}", "resources": []}
            )
            sub_index += 1
        kind = rng.choice(KINDS)
        resource: dict[str, Any] = {
            "id": f"r{i}",
            "title": " ".join(rng.choice(WORDS) for _ in range(4)).title() + f" {i}",
            "authors": [f"Author {rng.randrange(500)}"],
            "url": f"https://example.org/{kind}/{i}",
            "kind": kind,
            "effort_hours": round(rng.uniform(0.5, 40), 1),
            "tags": rng.sample(WORDS, 2),
        }
        if kind in ("book", "notes", "video-series", "exercises"):
            resource["units"] = {"name": "chapter", "count": rng.randint(3, 20)}
        if ids and rng.random() < 0.3:
            resource["prerequisites"] = sorted(set(rng.sample(ids[-50:], min(2, len(ids[-50:])))))
        if rng.random() < 0.2:
            resource["priority"] = rng.randint(1, 5)
        if rng.random() < 0.05:
            resource["deadline"] = (
                dt.date(2027, 1, 1) + dt.timedelta(days=rng.randrange(400))
            ).isoformat()
        top["categories"][-1]["resources"].append(resource)
        ids.append(resource["id"])
    return {"title": f"Generated list of {n_resources}", "categories": categories}


def state_data(n_resources: int, seed: int = 1, days: int = 365,
               events_per_day: tuple[int, int] = (1, 4)) -> dict[str, Any]:
    """A state file's data: the catalog above plus daily study history (a year of 1 to 4
    events a day unless told)."""
    rng = random.Random(seed + 1)
    catalog = catalog_data(n_resources, seed)
    progress: dict[str, Any] = {}
    history: list[str] = []
    start = dt.date(2025, 11, 24)
    for day in range(days):
        date = start + dt.timedelta(days=day)
        for _ in range(rng.randint(*events_per_day)):
            rid = f"r{rng.randrange(n_resources)}"
            entry = progress.setdefault(rid, {"started": date.isoformat()})
            if rng.random() < 0.15:
                entry["done"] = True
                entry["finished"] = date.isoformat()
                history.append(f"{date.isoformat()} done {rid}")
            else:
                hours = round(rng.uniform(0.25, 3), 2)
                entry["hours_logged"] = round(entry.get("hours_logged", 0) + hours, 2)
                history.append(f"{date.isoformat()} hours {rid} {hours}")
    return {
        "schema_version": 1,
        "settings": {"hours_per_week": 6, "max_parallel": 3, "horizon_weeks": 52},
        "catalog": catalog,
        "progress": dict(sorted(progress.items())),
        "pins": {},
        "history": history,
    }
