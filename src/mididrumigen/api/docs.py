"""The interactive API docs at /docs, served from the package: no CDN, so they work offline.

    mount_docs(app)      # app = FastAPI(docs_url=None, redoc_url=None, ...)

GET /docs               Swagger UI for /openapi.json (FastAPI's self-hosting recipe)
GET /docs/assets/{file} its script, style sheet and icon, from the swagger-ui-bundle-v2 package
                        (those three files only: the rest of the dist is a demo)

Swagger UI's online validator badge is off: the page asks nothing of any other host.
"""

from __future__ import annotations

from pathlib import Path

from fastapi import FastAPI
from fastapi.openapi.docs import get_swagger_ui_html
from fastapi.responses import FileResponse, HTMLResponse
from starlette.exceptions import HTTPException

DOCS_PATH = "/docs"
ASSETS = DOCS_PATH + "/assets"
ASSET_TYPES = {"swagger-ui-bundle.js": "text/javascript", "swagger-ui.css": "text/css",
               "favicon-32x32.png": "image/png"}


def mount_docs(app: FastAPI) -> None:
    """Serve Swagger UI for `app`'s OpenAPI schema at /docs, with every asset from the package."""
    from swagger_ui_bundle import swagger_ui_path

    folder = Path(swagger_ui_path)

    @app.get(DOCS_PATH, include_in_schema=False)
    def docs() -> HTMLResponse:
        return get_swagger_ui_html(
            openapi_url=app.openapi_url or "/openapi.json", title=f"{app.title} — API docs",
            swagger_js_url=f"{ASSETS}/swagger-ui-bundle.js",
            swagger_css_url=f"{ASSETS}/swagger-ui.css",
            swagger_favicon_url=f"{ASSETS}/favicon-32x32.png",
            swagger_ui_parameters={"validatorUrl": None})

    @app.get(ASSETS + "/{name}", include_in_schema=False)
    def asset(name: str) -> FileResponse:
        media_type = ASSET_TYPES.get(name)
        if media_type is None:
            raise HTTPException(404, f"no docs asset {name!r}")
        return FileResponse(folder / name, media_type=media_type,
                            headers={"Cache-Control": "public, max-age=86400"})
