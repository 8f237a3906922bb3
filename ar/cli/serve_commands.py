"""`arl serve`: the receivables in a browser (needs the web extra: ar-ledger[web])."""

from __future__ import annotations

import ipaddress
import secrets
from typing import Annotated

import typer

from ar.cli.env import Env, parse_date
from ar.cli.options import AsOf
from ar.errors import ArlError


def register(app: typer.Typer) -> None:
    app.command("serve")(serve)


def serve(
    ctx: typer.Context,
    port: Annotated[int, typer.Option("--port", min=1, max=65535, help="TCP port.")] = 8421,
    host: Annotated[
        str, typer.Option("--host", help="Address to listen on; loopback unless --token.")
    ] = "127.0.0.1",
    token: Annotated[
        str | None,
        typer.Option(
            "--token",
            help="Required off loopback: visitors open the printed URL with ?token=... once.",
            show_default=False,
        ),
    ] = None,
    generate: Annotated[
        bool, typer.Option("--new-token", help="Make up a token and print it.")
    ] = False,
    as_of: AsOf = None,
) -> None:
    """A local, read-only web view of the ledger: overview with aging and trend charts,
    customers, statements, invoices, the outbox and the check, from the same reports as
    the command line. Pages reread changed files on every refresh.

    Binding to anything but loopback needs --token (or --new-token); nothing can be
    changed through the view. Stop it with Ctrl-C.
    """
    try:
        import uvicorn

        from ar.web.app import make_app
    except ImportError:
        raise ArlError("arl serve needs the web extra", "pip install 'ar-ledger[web]'") from None
    env: Env = ctx.obj
    if generate:
        token = secrets.token_urlsafe(18)
    if token is None and not _loopback(host):
        raise ArlError(
            f"{host} is reachable from other machines: a token is required",
            "add --token SECRET or --new-token, or serve on 127.0.0.1",
        )
    day = parse_date(as_of, env.today()) if as_of else None
    root = env.root()
    suffix = f"/?token={token}" if token else "/"
    env.err.print(f"arl serve: {root} on http://{_url_host(host)}:{port}{suffix}", markup=False)
    uvicorn.run(make_app(root, day, token), host=host, port=port, log_level="warning")


def _loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def _url_host(host: str) -> str:
    return f"[{host}]" if ":" in host else host
