"""Lambda entry points, one per function in template.yaml; each includes only the routers it serves."""
