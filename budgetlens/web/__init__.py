"""The web portal and REST API over the store (FastAPI, Jinja2, htmx, ECharts).

    from budgetlens.web import create_app
    app = create_app("sqlite:///corpus.db")      # served by `budgetlens serve` (uvicorn)
"""


def create_app(db_url: str | None = None, admin_token: str | None = None, admin_tokens: str | dict | None = None,
               session_hours: float | None = None):
    from .app import create_app as make
    return make(db_url, admin_token, admin_tokens, session_hours)


__all__ = ["create_app"]
