"""Jinja templates for documents sent to customers: statements now, letters later.

Templates are looked up first in the ledger's own `templates/` folder, then among the
built-in ones, so a ledger overrides any of them by name. Rendering is sandboxed and
strict: a variable a template names but the context lacks is an error, never a blank in
a document a customer reads.
"""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path
from typing import Any

import jinja2
from jinja2.sandbox import SandboxedEnvironment

from ar.errors import ArlError, relative
from ar.money import minor_units
from ar.store.shipped import shipped

AUTOESCAPED = ("html", "htm", "xml")


def money(amount: Decimal, currency: str) -> str:
    """An amount for people: thousands separated, the currency's minor units: 1,250.00."""
    return f"{amount:,.{minor_units(currency)}f}"


def template_dirs(ledger_root: Path | None) -> list[Path]:
    """Where templates are found, first match wins: the ledger's own, then the built-in."""
    own = [ledger_root / "templates"] if ledger_root is not None else []
    return [d for d in own if d.is_dir()] + [shipped("templates")]


def environment(ledger_root: Path | None) -> SandboxedEnvironment:
    """A sandboxed, strict environment; HTML and XML templates escape what they insert."""
    env = SandboxedEnvironment(
        loader=jinja2.FileSystemLoader([str(d) for d in template_dirs(ledger_root)]),
        undefined=jinja2.StrictUndefined,
        autoescape=jinja2.select_autoescape(AUTOESCAPED, default_for_string=False),
        keep_trailing_newline=True,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters["money"] = money
    return env


def render(ledger_root: Path | None, name: str, context: dict[str, Any]) -> str:
    """Render template `name`; a broken or missing template is a one-line error naming it."""
    env = environment(ledger_root)
    try:
        return env.get_template(name).render(context)
    except jinja2.TemplateNotFound:
        raise ArlError(
            f"no template '{name}'", f"looked in {', '.join(map(str, template_dirs(ledger_root)))}"
        ) from None
    except jinja2.TemplateSyntaxError as exc:
        shown = relative(Path(exc.filename), ledger_root) if exc.filename and ledger_root else name
        where = f"{shown}:{exc.lineno}"
        raise ArlError(f"{where}: {exc.message}", "fix the template") from None
    except jinja2.UndefinedError as exc:
        raise ArlError(
            f"template '{name}': {exc.message}", "use only the variables the document provides"
        ) from None
    except jinja2.exceptions.SecurityError as exc:
        raise ArlError(f"template '{name}': {exc}", "templates may not do that") from None
