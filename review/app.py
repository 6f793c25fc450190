"""The review web application: thin routes over ``review.service``, server-rendered, no JavaScript at all.

Every page needs a signed-in person; every form carries the session's CSRF token; roles decide what each
person sees and may do. Serve it on 127.0.0.1 and put a TLS reverse proxy in front for anything else.
"""

from __future__ import annotations

import secrets
from collections.abc import Awaitable, Callable, Iterator, Sequence
from contextlib import contextmanager
from datetime import timedelta
from pathlib import Path
from typing import Annotated, Any

from fastapi import FastAPI, Form, HTTPException, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from sqlalchemy.orm import Session
from starlette.exceptions import HTTPException as StarletteHTTPException

from clausewatch.errors import InputError
from clausewatch.listing import ESCALATION_TARGETS, FALSE_POSITIVE_REASONS
from clausewatch.profile import load_profile
from clausewatch.records import STATUSES
from clausewatch.settings import get_settings
from clausewatch.storage.db import open_database, session_scope
from review import service
from review.accounts import Viewer, authenticate, end_session, start_session, viewer_for
from review.service import SEVERITIES, QueueFilter
from review.templating import render

__all__ = ["SESSION_COOKIE", "create_app"]

SESSION_COOKIE = "cw_session"
LOGIN_COOKIE = "cw_login_csrf"
# No scripts at all: even if escaping failed somewhere, a post's <script> could not run.
_HEADERS = {
    "Content-Security-Policy": "default-src 'none'; style-src 'unsafe-inline'; form-action 'self'; "
                               "frame-ancestors 'none'; base-uri 'none'",
    "X-Content-Type-Options": "nosniff",
    "X-Frame-Options": "DENY",
    "Referrer-Policy": "no-referrer",
    "Cache-Control": "no-store",  # pages carry personal data: no copies in browser caches
}
Text = Annotated[str, Form(max_length=4000)]


class _LoginRequired(Exception):
    """Raised when a page needs a signed-in person and there is none."""


@contextmanager
def _db(request: Request) -> Iterator[Session]:
    with session_scope(request.app.state.db) as session:
        yield session


def _viewer(request: Request, session: Session, action: str = "read") -> Viewer:
    viewer = viewer_for(session, token=request.cookies.get(SESSION_COOKIE))
    if viewer is None:
        raise _LoginRequired
    if not viewer.can(action):
        raise HTTPException(403, f"Your role ({viewer.role}) may not do this.")
    return viewer


def _checked(request: Request, session: Session, csrf: str, action: str) -> Viewer:
    """The signed-in person, for a form whose CSRF token matches their session's (else 403)."""
    viewer = _viewer(request, session, action)
    if not secrets.compare_digest(csrf.encode(), viewer.csrf_token.encode()):
        raise HTTPException(403, "This form has expired or did not come from these pages. Go back and reload.")
    return viewer


def _page(request: Request, name: str, viewer: Viewer | None, status: int = 200, **context: Any) -> HTMLResponse:
    perms = {a: bool(viewer and viewer.can(a)) for a in ("decide", "assign", "allow-list", "audit", "export")}
    html = render(name, {"viewer": viewer, "perms": perms, **context})
    return HTMLResponse(html, status_code=status)


def _finding_or_none(request: Request, session: Session, viewer: Viewer, finding_id: int, status: int = 200,
                     message: str = "") -> HTMLResponse | None:
    page = service.get_finding(session=session, settings=request.app.state.settings, finding_id=finding_id,
                               viewer=viewer)
    if page is None:
        return None
    return _page(request, "finding.html", viewer, status, message=message, reasons=FALSE_POSITIVE_REASONS,
                 targets=ESCALATION_TARGETS, **page)


def _finding_page(request: Request, session: Session, viewer: Viewer, finding_id: int, status: int = 200,
                  message: str = "") -> HTMLResponse:
    page = _finding_or_none(request, session, viewer, finding_id, status, message)
    if page is None:
        raise HTTPException(404, f"There is no finding {finding_id}.")
    return page


def _routes(app: FastAPI) -> None:  # noqa: PLR0915 (one flat list of thin routes reads best)
    @app.get("/login", response_class=HTMLResponse)
    def login_form(request: Request) -> HTMLResponse:
        token = secrets.token_urlsafe(32)
        response = _page(request, "login.html", None, csrf=token, error="")
        response.set_cookie(LOGIN_COOKIE, token, httponly=True, samesite="strict", path="/login",
                            secure=request.url.scheme == "https")
        return response

    @app.post("/login")
    def login(request: Request, name: Text = "", password: Text = "", csrf: Text = "") -> Response:
        cookie = request.cookies.get(LOGIN_COOKIE, "")
        if not cookie or not secrets.compare_digest(cookie.encode(), csrf.encode()):
            raise HTTPException(403, "The sign-in form has expired. Reload the page and try again.")
        with _db(request) as session:
            user = authenticate(session, name=name.strip(), password=password)
            token = user and start_session(session, user=user, lifetime=request.app.state.session_lifetime)
        if not token:
            return _page(request, "login.html", None, 401, csrf=csrf, error="Wrong name or password.")
        response = RedirectResponse("/", status_code=303)
        response.set_cookie(SESSION_COOKIE, token, httponly=True, samesite="strict", secure=request.url.scheme
                            == "https", max_age=int(request.app.state.session_lifetime.total_seconds()))
        response.delete_cookie(LOGIN_COOKIE, path="/login")
        return response

    @app.post("/logout")
    def logout(request: Request, csrf: Text = "") -> Response:
        with _db(request) as session:
            viewer = _checked(request, session, csrf, "read")
            end_session(session, token=request.cookies.get(SESSION_COOKIE), actor=viewer.name)
        response = RedirectResponse("/login", status_code=303)
        response.delete_cookie(SESSION_COOKIE)
        return response

    @app.get("/", response_class=HTMLResponse)
    def queue(request: Request, done: int | None = None) -> HTMLResponse:
        filters = QueueFilter.parse(request.query_params)
        with _db(request) as session:
            viewer = _viewer(request, session)
            rows = service.list_queue(session=session, settings=request.app.state.settings, filters=filters,
                                      viewer=viewer)
            platforms = service.platforms(session=session, viewer=viewer)
        return _page(request, "queue.html", viewer, rows=rows, filters=filters, done=done, platforms=platforms,
                     statuses=STATUSES, severities=SEVERITIES, clauses=["3", "4", "11"])

    @app.get("/findings/{finding_id}", response_class=HTMLResponse)
    def finding(request: Request, finding_id: int) -> HTMLResponse:
        with _db(request) as session:
            page = _finding_or_none(request, session, _viewer(request, session), finding_id)
        if page is None:  # raised outside the transaction, so a refused look at another school's is kept
            raise HTTPException(404, f"There is no finding {finding_id}.")
        return page

    @app.post("/findings/{finding_id}/decision")
    def decision(request: Request, finding_id: int, mark: Text = "", note: Text = "", reason: Text = "",
                 escalate_to: Text = "", csrf: Text = "") -> Response:
        with _db(request) as session:
            viewer = _checked(request, session, csrf, "decide")
            try:
                found = service.record_decision(session=session, finding_id=finding_id, viewer=viewer, mark=mark,
                                                note=note, reason=reason, escalate_to=escalate_to)
            except InputError as exc:
                return _finding_page(request, session, viewer, finding_id, 400, message=str(exc))
        if not found:
            raise HTTPException(404, f"There is no finding {finding_id}.")
        return RedirectResponse(f"/?done={finding_id}", status_code=303)

    @app.post("/findings/{finding_id}/assign")
    def assign(request: Request, finding_id: int, assignee: Text = "", csrf: Text = "") -> Response:
        with _db(request) as session:
            viewer = _checked(request, session, csrf, "assign")
            try:
                found = service.assign(session=session, finding_id=finding_id, viewer=viewer, assignee=assignee)
            except InputError as exc:
                return _finding_page(request, session, viewer, finding_id, 400, message=str(exc))
        if not found:
            raise HTTPException(404, f"There is no finding {finding_id}.")
        return RedirectResponse(f"/findings/{finding_id}", status_code=303)

    @app.post("/findings/{finding_id}/allow-phrase", response_class=HTMLResponse)
    def allow_phrase(request: Request, finding_id: int, phrase: Text = "", csrf: Text = "") -> HTMLResponse:
        with _db(request) as session:
            viewer = _checked(request, session, csrf, "allow-list")
            try:
                message = service.add_phrase(session=session, profiles=request.app.state.profiles,
                                             finding_id=finding_id, viewer=viewer, phrase=phrase)
            except InputError as exc:
                return _finding_page(request, session, viewer, finding_id, 400, message=str(exc))
            if message is not None:
                return _finding_page(request, session, viewer, finding_id, message=message)
        # Outside the transaction, so the refusal's audit entry is kept.
        raise HTTPException(404, f"There is no finding {finding_id}.")

    @app.get("/audit", response_class=HTMLResponse)
    def audit(request: Request) -> HTMLResponse:
        with _db(request) as session:
            viewer = _viewer(request, session, "audit")
            entries = service.audit_log(session=session, viewer=viewer)
        return _page(request, "audit.html", viewer, entries=entries)

    @app.get("/export.csv")
    def export(request: Request) -> Response:
        with _db(request) as session:
            viewer = _viewer(request, session, "export")
            text = service.export_csv(session=session, settings=request.app.state.settings, viewer=viewer)
        return Response(text, media_type="text/csv; charset=utf-8",
                        headers={"Content-Disposition": 'attachment; filename="clausewatch-findings.csv"'})


def _handlers(app: FastAPI) -> None:
    @app.exception_handler(_LoginRequired)
    def to_login(request: Request, _exc: _LoginRequired) -> Response:
        return RedirectResponse("/login", status_code=303)

    @app.exception_handler(StarletteHTTPException)
    def error_page(request: Request, exc: StarletteHTTPException) -> Response:
        return _page(request, "error.html", None, exc.status_code, code=exc.status_code, detail=str(exc.detail))

    @app.middleware("http")
    async def security_headers(request: Request, call_next: Callable[[Request], Awaitable[Response]]) -> Response:
        response = await call_next(request)
        response.headers.update(_HEADERS)
        return response


def create_app(*, database_url: str | None = None, profiles: Sequence[Path] = (),
               session_hours: float = 8.0) -> FastAPI:
    """The review application over one database; ``profiles`` are the files whose allow-lists it may edit."""
    settings = get_settings()
    app = FastAPI(title="clausewatch review", docs_url=None, redoc_url=None, openapi_url=None)
    app.state.settings = settings
    app.state.db = open_database(database_url or settings.resolved_database_url)
    app.state.profiles = {load_profile(p).school.slug: Path(p).resolve() for p in profiles}
    app.state.session_lifetime = timedelta(hours=session_hours)
    _routes(app)
    _handlers(app)
    return app
