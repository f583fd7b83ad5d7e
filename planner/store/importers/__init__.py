"""Reading lists to import: Markdown lists and catalog YAML files."""
