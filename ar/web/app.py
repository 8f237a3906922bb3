"""The web application: routes, the as-of date, the token, and errors as one-line pages.

Each request reads the ledger afresh through the parse cache (a file edited or pulled
shows on the next refresh, and only what changed is parsed again), checks it as `arl
check` does, and builds its page from the reports. Nothing writes: there are only GET
routes. Off loopback, every request must carry the token (`?token=` once, then a cookie).
"""

from __future__ import annotations

import datetime as dt
import email
import email.policy
import secrets
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import Any

from jinja2 import Environment, FileSystemLoader, StrictUndefined, select_autoescape
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import HTMLResponse, PlainTextResponse, Response
from starlette.routing import Route

from ar.errors import ArlError
from ar.web import pages

TEMPLATES = Path(__file__).resolve().parent / "templates"
COOKIE = "arl_token"
# The invoice frame loads nothing: its styles are inline and its QR code is a data: image.
DOCUMENT_POLICY = "default-src 'none'; style-src 'unsafe-inline'; img-src data:"
NAV = (
    ("/", "Overview"),
    ("/customers", "Customers"),
    ("/outbox", "Outbox"),
    ("/check", "Check"),
)


def make_app(root: Path, as_of: dt.date | None = None, token: str | None = None) -> Starlette:
    """The application over the ledger at `root`; `as_of` fixes the default date."""
    env = Environment(
        loader=FileSystemLoader(TEMPLATES),
        autoescape=select_autoescape(default=True),
        undefined=StrictUndefined,
    )
    site = _Site(root, as_of, env)
    routes = [
        Route("/", site.page(lambda book, day, rq: pages.overview(book, day))),
        Route("/customers", site.page(_customers)),
        Route(
            "/customer/{id}", site.page(lambda b, d, rq: pages.customer(b, rq.path_params["id"], d))
        ),
        Route(
            "/invoice/{number}",
            site.page(lambda b, d, rq: pages.invoice(b, rq.path_params["number"], d)),
        ),
        Route("/invoice/{number}/document", site.document),
        Route("/outbox", site.outbox),
        Route("/check", site.check),
    ]
    app = Starlette(routes=routes)
    if token is not None:
        app.add_middleware(_TokenGuard, token=token)
    return app


def _customers(book: Any, day: dt.date, request: Request) -> pages.Page:
    return pages.customers(
        book, day, request.query_params.get("sort"), request.query_params.get("q")
    )


class _Site:
    def __init__(self, root: Path, as_of: dt.date | None, env: Environment) -> None:
        self.root, self.as_of, self.env = root, as_of, env

    def day(self, request: Request) -> dt.date:
        text = request.query_params.get("as_of")
        if not text:
            return self.as_of or dt.date.today()
        try:
            return dt.date.fromisoformat(text)
        except ValueError:
            raise pages.BadRequest(f"'{text[:20]}' is not a date: write it as YYYY-MM-DD") from None

    def checked(self) -> Any:
        from ar.store.checked import checked
        from ar.store.load import load_book

        return checked(load_book(self.root, cache=True))

    def render(
        self, request: Request, template: str, status: int = 200, **context: Any
    ) -> HTMLResponse:
        day = context.pop("day", None) or self.as_of or dt.date.today()
        html = self.env.get_template(template).render(
            nav=NAV,
            path=request.url.path,
            as_of=day.isoformat(),
            query=dict(request.query_params),
            **context,
        )
        return HTMLResponse(html, status_code=status)

    def error(self, request: Request, status: int, message: str) -> HTMLResponse:
        return self.render(request, "error.html", status, status_code=status, message=message)

    def page(
        self, build: Callable[[Any, dt.date, Request], pages.Page]
    ) -> Callable[[Request], Awaitable[Response]]:
        async def endpoint(request: Request) -> Response:
            try:
                day = self.day(request)
                checked = self.checked()
                if checked.problems:
                    count = len(checked.problems)
                    return self.error(request, 409, f"the book has {count} problems: see Check")
                page = build(checked.sound(), day, request)
            except pages.BadRequest as exc:
                return self.error(request, 400, str(exc))
            except ArlError as exc:
                status = 404 if exc.message.startswith("no ") else 400
                return self.error(request, status, exc.message)
            wanted = request.query_params.get("csv")
            if wanted is not None:
                return _csv(page, wanted)
            return self.render(request, page.template, day=day, **page.context)

        return endpoint

    async def document(self, request: Request) -> Response:
        """The invoice as its customer receives it, for the invoice page's frame."""
        from ar.billing.document import invoice_document
        from ar.documents.html import render_html

        try:
            book = self.checked().sound()
            doc = invoice_document(book, request.path_params["number"])
        except ArlError as exc:
            return self.error(request, 404, exc.message)
        return HTMLResponse(
            render_html(self.root, doc),
            headers={"Content-Security-Policy": DOCUMENT_POLICY},
        )

    async def outbox(self, request: Request) -> Response:
        from ar.mail.outbox import Outbox

        box = Outbox(self.root)
        letters = [_letter(key, box.read_letter(key)) for key in box.waiting()]
        return self.render(request, "outbox.html", letters=letters)

    async def check(self, request: Request) -> Response:
        problems = [
            {"where": f"{p.source.file}:{p.source.line}", "message": p.message, "hint": p.hint}
            for p in self.checked().problems
        ]
        return self.render(request, "check.html", problems=problems)


def _csv(page: pages.Page, name: str) -> Response:
    from ar.render.report import as_csv

    report = page.tables.get(name)
    if report is None:
        return PlainTextResponse(f"no table '{name[:40]}' on this page\n", status_code=404)
    headers = {"Content-Disposition": f'attachment; filename="{name}.csv"'}
    return Response(as_csv(report), media_type="text/csv; charset=utf-8", headers=headers)


def _letter(key: str, raw: bytes) -> dict[str, str]:
    """A queued letter as its reader sees it: who, what, and the plain-text body."""
    message = email.message_from_bytes(raw, policy=email.policy.default)
    body = message.get_body(preferencelist=("plain",)) if hasattr(message, "get_body") else None
    text = body.get_content() if body is not None else ""
    attached = [part.get_filename() or "" for part in message.iter_attachments()]
    return {
        "key": key,
        "to": str(message.get("To", "")),
        "subject": str(message.get("Subject", "")),
        "date": str(message.get("Date", "")),
        "body": text,
        "attachments": ", ".join(a for a in attached if a),
    }


class _TokenGuard:
    """Every request carries the token: `?token=` (then kept in a cookie) or the cookie."""

    def __init__(self, app: Any, token: str) -> None:
        self.app, self.token = app, token

    async def __call__(self, scope: Any, receive: Any, send: Any) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        request = Request(scope)
        given = request.query_params.get("token") or request.cookies.get(COOKIE) or ""
        if not secrets.compare_digest(given, self.token):
            response = PlainTextResponse(
                "this view needs its token: add ?token=...\n", status_code=403
            )
            await response(scope, receive, send)
            return

        async def remember(message: Any) -> None:
            if message["type"] == "http.response.start" and request.query_params.get("token"):
                cookie = f"{COOKIE}={self.token}; HttpOnly; SameSite=Strict; Path=/"
                message.setdefault("headers", []).append((b"set-cookie", cookie.encode()))
            await send(message)

        await self.app(scope, receive, remember)
