"""The /api/v1 routes, one module per resource; each route is a few lines over the context."""
