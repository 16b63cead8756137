"""The REST API (FastAPI): create_app(settings) in app.py; routes under /api/v1 in routes/.

    app.py         the factory and lifespan
    context.py     ApiContext: settings, database, task runner, metrics for the routes
    schemas.py     request / response models
    errors.py      the one error shape and the error-tree → HTTP status translation
    security.py    API keys and rate limits (moving windows, in Redis when the broker is)
    middleware.py  request ids, body size limit, access log, request metrics
    metrics.py     Prometheus registry per app
    logs.py        JSON log lines
"""
