"""The import rules of shared/DESIGN.md, checked over course_utils' import graph.

- course_utils never imports from book/, tests/ or benchmarks/;
- data/ knows files, not models: it imports nothing from tabular/, vision/ or text/;
- tabular/, vision/ and text/ do not import one another (what they share sits at the top).

Every ``import`` statement counts, also those inside functions, so a lazy import
cannot slip past the rules.
"""

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[1] / "course_utils"
WINGS = ("tabular", "vision", "text")
FORBIDDEN_TOP = ("book", "tests", "benchmarks")


def module_name(path: Path) -> str:
    parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def imported_modules(source: str, module: str, is_package: bool) -> set[str]:
    """Absolute names of every module that ``source`` (the code of ``module``) imports."""
    package = module if is_package else module.rpartition(".")[0]
    names = set()
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")
                base = base[:len(base) - node.level + 1]
                prefix = ".".join(base + ([node.module] if node.module else []))
            else:
                prefix = node.module
            names.add(prefix)
            # "from . import vision" names a module, not an attribute
            names.update(f"{prefix}.{alias.name}" for alias in node.names)
    return names


def violations(module: str, imports: set[str]) -> list[str]:
    """The rules that ``module`` importing ``imports`` breaks, as messages."""
    found = []
    parts = module.split(".")
    area = parts[1] if len(parts) > 1 else None
    for name in sorted(imports):
        top, _, rest = name.partition(".")
        if top in FORBIDDEN_TOP:
            found.append(f"{module} imports {name}: course_utils never imports from {top}/")
        if top != "course_utils" or not rest:
            continue
        target = rest.split(".")[0]
        if area == "data" and target in WINGS:
            found.append(f"{module} imports {name}: data/ knows files, not models")
        if area in WINGS and target in WINGS and target != area:
            found.append(f"{module} imports {name}: the wings {area}/ and {target}/ must not import each other")
    return found


def package_modules():
    for path in sorted(PACKAGE.rglob("*.py")):
        yield module_name(path), path


@pytest.mark.parametrize("module, path", list(package_modules()), ids=lambda v: v if isinstance(v, str) else "")
def test_module_keeps_the_import_rules(module, path):
    imports = imported_modules(path.read_text(), module, path.name == "__init__.py")
    assert violations(module, imports) == []


@pytest.mark.parametrize("module, source, broken", [
    ("course_utils.data.tabular", "from ..tabular import vae", "data/ knows files"),
    ("course_utils.data.fetch", "def f():\n    from course_utils.vision import train", "data/ knows files"),
    ("course_utils.vision.eos", "from ..text.models import x", "must not import each other"),
    ("course_utils.tabular", "from . import vision", None),      # course_utils.tabular.vision: its own module
    ("course_utils.text.models", "from .. import tabular", "must not import each other"),
    ("course_utils.evaluation", "import benchmarks.book_timing", "never imports from benchmarks/"),
    ("course_utils.vision.eos", "from ..evaluation import compare_paired", None),
])
def test_the_checker_catches_forbidden_imports(module, source, broken):
    is_package = module == "course_utils.tabular"
    found = violations(module, imported_modules(source, module, is_package))
    if broken is None:
        assert found == []
    else:
        assert found and all(broken in message for message in found)
