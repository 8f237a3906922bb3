"""Jinja templates for documents: a ledger's own `templates/` first, then the built-in ones.

Strict mode: a variable the template names but the document lacks is an error, never a
blank on a page a customer reads. Translations are found as letters find theirs: in a
`<locale>/` or `<lang>/` folder (de_AT/, de/), or named `NAME.LANG.html` (invoice.de.html),
for customers whose locale (`Book.locale_of`) is in that language.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import jinja2
from jinja2.exceptions import SecurityError

from ar.errors import ArlError, relative
from ar.sandbox import BoundedSandbox, rendered
from ar.store.shipped import shipped
from ar.template_files import ConfinedLoader, TemplateRefused, failing_template
from ar.template_limits import TemplateLimit


def environment(root: Path, locale: str) -> jinja2.Environment:
    """Sandboxed: a ledger's own template must not reach Python (and through it, the shell),
    nor build more than its limits allow (ar.sandbox), nor read a file outside its folder
    (ar.template_files)."""
    folders = [root / "templates", shipped("templates")]
    env = BoundedSandbox(
        loader=ConfinedLoader(folders, folders),
        undefined=jinja2.StrictUndefined,
        autoescape=jinja2.select_autoescape(["html"]),
        keep_trailing_newline=True,
    )
    env.filters.update(_filters(locale))
    return env


def _filters(locale: str) -> dict[str, Any]:
    """Amounts, dates and rates written the way the customer's locale writes them."""
    from babel.dates import format_date
    from babel.numbers import format_currency, format_decimal, format_percent

    return {
        "money": lambda amount, currency: format_currency(amount, currency, locale=locale),
        "price": lambda amount, currency: format_currency(
            amount, currency, locale=locale, decimal_quantization=False
        ),
        "date": lambda day: format_date(day, format="long", locale=locale),
        "percent": lambda rate: format_percent(rate, format="#,##0.##%", locale=locale),
        "number": lambda value: format_decimal(value, format="#,##0.####", locale=locale),
    }


def render(root: Path, name: str, locale: str, context: dict[str, Any]) -> str:
    """Render template `name` (or its variant for the locale's language) with `context`."""
    stem, _, ext = name.rpartition(".")
    full = locale.replace("-", "_")
    language = full.split("_")[0]
    env = environment(root, locale)
    names = [f"{full}/{name}", f"{language}/{name}", f"{stem}.{language}.{ext}", name]
    try:
        template = env.select_template(names)
        return str(rendered(template, context))
    except TemplateRefused as exc:
        where = failing_template(exc, [str(root / "templates"), str(shipped("templates"))])
        at = f"{relative(Path(where[0]), root)}:{where[1]}: " if where else ""
        hint = "templates are files inside templates/"
        raise ArlError(f"template {name}: {at}{exc}", hint) from None
    except jinja2.TemplateNotFound:
        raise ArlError(f"no template {name}", "restore it in templates/") from None
    except jinja2.UndefinedError as exc:
        raise ArlError(f"template {name}: {exc.message}", "fix the template") from None
    except jinja2.TemplateSyntaxError as exc:
        raise ArlError(f"{exc.filename}:{exc.lineno}: {exc.message}", "fix the template") from None
    except TemplateLimit as exc:
        raise ArlError(f"template {name}: {exc}", "a template may not build that much") from None
    except SecurityError as exc:
        raise ArlError(
            f"template {name}: {exc}", "templates may not reach Python internals"
        ) from None
    except Exception as exc:  # a runtime error of the template: 1/0, a limit, a bad argument
        raise ArlError(f"template {name}: {exc}", "fix the template") from None
