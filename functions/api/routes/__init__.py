"""Powertools routers, one per resource; each handler includes the ones its function serves."""
