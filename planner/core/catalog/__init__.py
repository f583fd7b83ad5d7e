"""The catalog: categories and resources, their validation, editing and imports."""
