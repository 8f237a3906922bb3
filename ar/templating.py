"""Jinja for everything arl writes to customers: sandboxed, strict, the ledger's own first.

Templates are looked up in the ledger's `templates/<lang>/`, the built-in `<lang>/`, the
ledger's `templates/`, then the built-in templates, for the locale's full name (`de_AT`)
before its language (`de`): a letter in the customer's language beats one in the house
style. Only regular files inside those folders are read (ar.template_files). Undefined
variables are errors, and every error names the template file and line, so a broken
template stops a run before anything is written or sent.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any

import jinja2

from ar.book import Book
from ar.errors import ArlError, Problem, relative
from ar.model import Record
from ar.model.settings import Dunning
from ar.sandbox import BoundedSandbox, rendered
from ar.store.shipped import shipped
from ar.template_files import ConfinedLoader, failing_template

Filters = Mapping[str, Callable[..., Any]]


def search_path(ledger_root: Path | None, locale: str | None = None) -> list[Path]:
    """Folders to search, most specific first; folders that do not exist are left out."""
    own = ledger_root / "templates" if ledger_root is not None else None
    builtin = shipped("templates")
    names = _locale_names(locale)
    folders = [base / name for name in names for base in (own, builtin) if base is not None]
    folders += [base for base in (own, builtin) if base is not None]
    return [folder for folder in folders if folder.is_dir()]


def _locale_names(locale: str | None) -> list[str]:
    if not locale:
        return []
    full = locale.replace("-", "_")
    language = full.split("_")[0]
    return [full, language] if full != language else [language]


class TemplateEnvironment(BoundedSandbox):
    """A sandboxed environment that knows its ledger, to name template files in errors."""

    ledger_root: Path | None = None


def template_env(
    ledger_root: Path | None, locale: str | None = None, filters: Filters | None = None
) -> TemplateEnvironment:
    """A sandboxed environment with strict undefined; HTML templates are autoescaped."""
    own = [ledger_root / "templates"] if ledger_root is not None else []
    env = TemplateEnvironment(
        loader=ConfinedLoader(search_path(ledger_root, locale), [*own, shipped("templates")]),
        undefined=jinja2.StrictUndefined,
        autoescape=jinja2.select_autoescape(["html", "htm"], default_for_string=False),
        keep_trailing_newline=True,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.ledger_root = ledger_root
    env.filters.update(filters or {})
    return env


def render(env: jinja2.Environment, name: str, context: Mapping[str, Any]) -> str:
    """The template rendered with `context`; any failure is an ArlError at file:line."""
    return render_module(env, name, context)[0]


def render_module(
    env: jinja2.Environment, name: str, context: Mapping[str, Any]
) -> tuple[str, dict[str, Any]]:
    """The rendered text and the template's top-level `{% set %}` values (such as a subject)."""
    template = None
    try:
        template = env.get_template(name)
        module = rendered(template, context)
        exported = {key: getattr(module, key) for key in dir(module) if not key.startswith("_")}
        return str(module), exported
    except jinja2.TemplateNotFound as exc:
        raise ArlError(
            f"no template '{exc.name}'",
            f"add it to the ledger's templates/ folder; looked in: {_folders(env)}",
        ) from None
    except jinja2.TemplateSyntaxError as exc:
        where = _shown(env, exc.filename or exc.name or name)
        raise ArlError(f"{where}:{exc.lineno}: template error: {exc.message}") from None
    except Exception as exc:  # a template's runtime error: undefined name, sandbox, type
        where = _failing_line(env, exc) or _shown(env, getattr(template, "filename", None) or name)
        raise ArlError(
            f"{where}: template error: {exc}", "fix the template or the variable it names"
        ) from None


def _failing_line(env: jinja2.Environment, exc: BaseException) -> str | None:
    """file:line of the innermost template frame in the traceback Jinja rewrote for us."""
    found = failing_template(exc, [str(folder) for folder in _search(env)])
    return f"{_shown(env, found[0])}:{found[1]}" if found else None


def _search(env: jinja2.Environment) -> list[Path]:
    loader = env.loader
    paths = loader.searchpath if isinstance(loader, ConfinedLoader) else []
    return [Path(p) for p in paths]


def _folders(env: jinja2.Environment) -> str:
    return ", ".join(_shown(env, str(p)) for p in _search(env)) or "(none)"


def _shown(env: jinja2.Environment, filename: str) -> str:
    """A template's path as users know it: inside the ledger, or among the built-ins."""
    root = getattr(env, "ledger_root", None)
    path = Path(filename)
    if root is not None and path.is_relative_to(root):
        return relative(path, root)
    builtin = shipped("templates")
    if path.is_relative_to(builtin):
        return f"built-in templates/{relative(path, builtin)}"
    return filename


def missing_letter_templates(ledger_root: Path, book: Book) -> list[Problem]:
    """Dunning templates named in ledger.yaml or a customer that no templates folder holds.

    Found by `arl check`, so a typo stops a pull request rather than the morning's cron run.
    """
    folders = search_path(ledger_root)
    policies: list[tuple[Record, Dunning | None, tuple[str | int, ...]]] = [
        (book.ledger, book.ledger.dunning, ("dunning",))
    ]
    policies += [(c, c.dunning, ("dunning",)) for c in book.customers.values()]
    problems = []
    for record, policy, at in policies:
        if policy is None:
            continue
        named = [
            (lv.template, (*at, "levels", i, "template")) for i, lv in enumerate(policy.levels)
        ]
        if policy.pre_due:
            named.append((policy.pre_due.template, (*at, "pre_due", "template")))
        for name, field in named:
            if not any((folder / f"{name}.txt").is_file() for folder in folders):
                problems.append(
                    Problem(
                        record.source,
                        f"no letter template '{name}'",
                        f"add templates/{name}.txt and {name}.html",
                        field,
                    )
                )
    return problems
