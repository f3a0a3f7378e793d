"""House rules made executable: pure cores import no Django; views never query case models."""

import ast
from pathlib import Path

import evidesk

PACKAGE = Path(evidesk.__file__).parent
PURE = [
    *sorted((PACKAGE / "advisor").glob("*.py")),
    PACKAGE / "cases/lifecycle.py",
    PACKAGE / "cases/deadlines.py",
    *sorted((PACKAGE / "audit").glob("chain.py")),
    PACKAGE / "knowledge/schema.py",
    PACKAGE / "knowledge/files.py",
    PACKAGE / "knowledge/snapshot.py",
    PACKAGE / "knowledge/resolver.py",
    PACKAGE / "config.py",
    PACKAGE / "wording.py",
    PACKAGE / "zones.py",
    PACKAGE / "accounts/twofactor.py",
    *(PACKAGE / "drafting" / name for name in (
        "document.py", "language.py", "inputs.py", "checks.py", "compose.py", "render.py",
        "html.py", "docx.py", "output.py",
    )),
    PACKAGE / "evidence/archives.py",
    PACKAGE / "evidence/caseuco.py",
    PACKAGE / "evidence/senderhashes.py",
]  # fmt: skip
CASE_MODELS = {
    "Case", "Target", "Request", "RequestTransition", "CaseMembership", "Deadline",
    "Correspondence", "Attachment", "BreakGlassAccess",
}  # fmt: skip


def imported_modules(path: Path) -> set[str]:
    names = set()
    for node in ast.walk(ast.parse(path.read_text())):
        if isinstance(node, ast.Import):
            names |= {alias.name for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module:
            names.add(node.module)
    return names


def test_pure_cores_import_no_django():
    offenders = {
        str(path.relative_to(PACKAGE)): sorted(
            m for m in imported_modules(path) if m.startswith("django")
        )
        for path in PURE
    }
    assert {k: v for k, v in offenders.items() if v} == {}


def evidesk_imports(path: Path) -> set[str]:
    """Every evidesk module a file imports (`from evidesk.x import y` names evidesk.x.y when
    y is a module, else evidesk.x)."""
    found = set()
    for node in ast.walk(ast.parse(path.read_text())):
        if isinstance(node, ast.Import):
            found |= {a.name for a in node.names if a.name.startswith("evidesk")}
        elif isinstance(node, ast.ImportFrom) and (node.module or "").startswith("evidesk"):
            for alias in node.names:
                candidate = f"{node.module}.{alias.name}"
                is_module = (PACKAGE.parent / (candidate.replace(".", "/") + ".py")).exists()
                found.add(candidate if is_module else node.module)
    return found


def test_pure_cores_only_import_other_pure_cores():
    pure_modules = {
        ("evidesk." + str(p.relative_to(PACKAGE).with_suffix("")).replace("/", ".")).removesuffix(
            ".__init__"
        )
        for p in PURE
    }
    for path in PURE:
        for module in evidesk_imports(path):
            assert module in pure_modules, f"{path.name} imports {module}"


def test_views_never_query_case_models_directly():
    """Case data are read only through cases.access, which answers 404 to outsiders."""
    view_modules = {
        *PACKAGE.rglob("views.py"),
        *(PACKAGE / "web").glob("*.py"),
        *(PACKAGE / "api" / "views").glob("*.py"),
        PACKAGE / "api" / "pages.py",
    }
    for path in view_modules:
        for node in ast.walk(ast.parse(path.read_text())):
            if isinstance(node, ast.Attribute) and node.attr == "objects":
                owner = node.value
                assert not (isinstance(owner, ast.Name) and owner.id in CASE_MODELS), (
                    f"{path.relative_to(PACKAGE)} queries {owner.id}.objects"
                )
