"""Each layer imports only the ones below it: model < pure domain < edges < cli.

The library never imports the CLI framework, and pure domain code never touches files,
templates or mail. A new module must be placed in a layer here, or this test fails.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parent.parent / "ar"

BASE, MODEL, DOMAIN, EDGE, CLI = range(5)
LAYERS = {
    "ar": BASE,
    "ar.__main__": CLI,
    "ar.errors": BASE,
    "ar.money": BASE,
    "ar.model": MODEL,
    "ar.reports": DOMAIN,
    "ar.book": DOMAIN,
    "ar.terms": DOMAIN,
    "ar.settlement": DOMAIN,
    "ar.account": DOMAIN,
    "ar.resettle": DOMAIN,
    "ar.rechecks": DOMAIN,
    "ar.table": DOMAIN,
    "ar.installments": DOMAIN,
    "ar.integrity": DOMAIN,
    "ar.money_checks": DOMAIN,
    "ar.schema": DOMAIN,
    "ar.bank": DOMAIN,
    "ar.collecting": DOMAIN,
    "ar.dunning": DOMAIN,
    "ar.interest": DOMAIN,
    "ar.fees": DOMAIN,
    "ar.fx": DOMAIN,
    "ar.reminders": DOMAIN,
    "ar.receipts": DOMAIN,
    "ar.imports": DOMAIN,
    "ar.reconcile": DOMAIN,
    "ar.export": DOMAIN,
    "ar.review": DOMAIN,
    "ar.formats": EDGE,
    "ar.billing": DOMAIN,
    "ar.documents": EDGE,
    "ar.plan": DOMAIN,
    "ar.numbering": DOMAIN,
    "ar.allocation": DOMAIN,
    "ar.credit": DOMAIN,
    "ar.customers": DOMAIN,
    "ar.invoicing": DOMAIN,
    "ar.credit_use": DOMAIN,
    "ar.notes": DOMAIN,
    "ar.escalation": DOMAIN,
    "ar.bounce": DOMAIN,
    "ar.store": EDGE,
    "ar.render": EDGE,
    "ar.templating": EDGE,
    "ar.sandbox": EDGE,
    "ar.template_limits": EDGE,
    "ar.template_files": EDGE,
    "ar.letters": EDGE,
    "ar.mail": EDGE,
    "ar.api": EDGE,
    "ar.query": EDGE,
    "ar.cli": CLI,
    "ar.web": CLI,
}
FRONT_DOOR = "ar"
"""The package itself is base to the modules that import it, but its own body names the
front door (`ar.api`), which it imports only when a script first asks for it."""
FRAMEWORKS = {
    "typer": CLI,
    "starlette": CLI,
    "uvicorn": CLI,
    "click": CLI,
    "rich": EDGE,
    "ruamel": EDGE,
    "yaml": EDGE,
    "jinja2": EDGE,
    "smtplib": EDGE,
    "defusedxml": EDGE,
    "mt940": EDGE,
    "openpyxl": EDGE,
    "pyarrow": EDGE,
    "weasyprint": EDGE,
    "segno": EDGE,
    "babel": DOMAIN,
    "facturx": EDGE,
}


def layer_of(module: str) -> int:
    parts = module.split(".")
    if module == "ar":
        return BASE
    for end in range(len(parts), 1, -1):
        name = ".".join(parts[:end])
        if name in LAYERS:
            return LAYERS[name]
    raise AssertionError(f"{module} is in no layer: add it to LAYERS in {__file__}")


def module_name(path: Path) -> str:
    parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def imports(path: Path) -> set[str]:
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text())):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            found.add(node.module)
    return found


MODULES = sorted(PACKAGE.rglob("*.py"))


@pytest.mark.parametrize("path", MODULES, ids=[module_name(p) for p in MODULES])
def test_module_imports_only_lower_layers(path: Path) -> None:
    module = module_name(path)
    own = EDGE if module == FRONT_DOOR else layer_of(module)
    for imported in imports(path):
        top = imported.split(".")[0]
        if top == "ar":
            assert layer_of(imported) <= own, f"{module} imports {imported} from a higher layer"
        elif top in FRAMEWORKS:
            assert FRAMEWORKS[top] <= own, f"{module} (layer {own}) imports {imported}"
