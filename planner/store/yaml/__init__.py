"""YAML: the strict, bounded reader and the deterministic writer."""
