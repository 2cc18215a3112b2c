"""Static checks of kam_module: manifest, data files, views, access rows, layout.

No Odoo and no database needed.
"""

import ast
import csv
import re
from pathlib import Path
from xml.etree import ElementTree

import pytest

MODULE = "kam_module"
MODULE_DIR = Path(__file__).resolve().parent.parent / MODULE
MANIFEST_PATH = MODULE_DIR / "__manifest__.py"
DATA_DIRS = ("views", "security", "data", "demo", "wizard", "report")
MODEL_DIRS = ("models", "wizard")
ACCESS_CSV = MODULE_DIR / "security" / "ir.model.access.csv"


def _rel(path):
    return path.relative_to(MODULE_DIR).as_posix()


def _manifest():
    return ast.literal_eval(MANIFEST_PATH.read_text(encoding="utf-8"))


def _xml_files():
    return sorted(p for p in MODULE_DIR.rglob("*.xml") if "__pycache__" not in p.parts)


def _data_files():
    files = []
    for directory in DATA_DIRS:
        folder = MODULE_DIR / directory
        if folder.is_dir():
            files += [p for p in folder.rglob("*") if p.suffix in (".xml", ".csv")]
    return sorted(files)


def _model_files():
    files = []
    for directory in MODEL_DIRS:
        folder = MODULE_DIR / directory
        if folder.is_dir():
            files += [p for p in folder.glob("*.py") if p.name != "__init__.py"]
    return sorted(files)


def _str_value(node):
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return node.value
    return None


def _models_in(path):
    """Odoo models declared in a Python file.

    Returns dicts {class, name, inherit, abstract}: ``name`` is ``_name`` and
    ``inherit`` the first/only ``_inherit`` (strings only).
    """
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    found = []
    for node in ast.walk(tree):
        if not isinstance(node, ast.ClassDef):
            continue
        attrs = {}
        for stmt in node.body:
            if isinstance(stmt, ast.Assign) and len(stmt.targets) == 1:
                target = stmt.targets[0]
                if isinstance(target, ast.Name) and target.id in ("_name", "_inherit"):
                    value = stmt.value
                    if isinstance(value, ast.List | ast.Tuple) and value.elts:
                        value = value.elts[0]
                    attrs[target.id] = _str_value(value)
        if not attrs:
            continue
        bases = {ast.unparse(base) for base in node.bases}
        found.append(
            {
                "class": node.name,
                "name": attrs.get("_name"),
                "inherit": attrs.get("_inherit"),
                "abstract": any(base.endswith("AbstractModel") for base in bases),
            }
        )
    return found


def _access_model_ids():
    with ACCESS_CSV.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    return {row["model_id:id"].split(".")[-1] for row in rows}, rows


# --------------------------------------------------------------- manifest --


def test_manifest_parses():
    manifest = _manifest()
    assert isinstance(manifest, dict)
    for key in ("name", "version", "license", "depends", "data", "author"):
        assert key in manifest, f"manifest has no {key!r}"


def test_manifest_version():
    version = _manifest()["version"]
    assert re.fullmatch(r"18\.0\.\d+\.\d+\.\d+", version), (
        f"version {version!r} is not 18.0.x.y.z"
    )


def test_manifest_license():
    assert _manifest()["license"] == "LGPL-3"


def test_manifest_depends():
    depends = _manifest()["depends"]
    # Community modules only: the org chart is web_hierarchy's view.
    assert sorted(depends) == ["contacts", "mail", "portal", "web_hierarchy"], (
        f"depends must be exactly mail + contacts + portal + web_hierarchy, got "
        f"{depends}"
    )
    assert len(depends) == len(set(depends))


def test_manifest_files_exist():
    manifest = _manifest()
    missing = [
        f"{key}: {name}"
        for key in ("data", "demo")
        for name in manifest.get(key, [])
        if not (MODULE_DIR / name).is_file()
    ]
    assert not missing, f"files listed in the manifest do not exist: {missing}"


def test_manifest_lists_every_data_file():
    manifest = _manifest()
    listed = set(manifest.get("data", [])) | set(manifest.get("demo", []))
    duplicated = [
        name
        for key in ("data", "demo")
        for name in set(manifest.get(key, []))
        if manifest.get(key, []).count(name) > 1
    ]
    assert not duplicated, f"listed twice in the manifest: {duplicated}"
    unlisted = [_rel(p) for p in _data_files() if _rel(p) not in listed]
    assert not unlisted, f"XML/CSV files not listed in data/demo: {unlisted}"


def test_demo_files_apart_from_data():
    manifest = _manifest()
    in_data = [n for n in manifest.get("data", []) if n.startswith("demo/")]
    in_demo = [n for n in manifest.get("demo", []) if not n.startswith("demo/")]
    assert not in_data, f"demo files loaded as data: {in_data}"
    assert not in_demo, f"demo key lists files outside demo/: {in_demo}"


# ------------------------------------------------------------------- XML --


@pytest.mark.parametrize("path", _xml_files(), ids=_rel)
def test_xml_parses(path):
    ElementTree.parse(path)


@pytest.mark.parametrize("path", _xml_files(), ids=_rel)
def test_xml_is_odoo18_syntax(path):
    root = ElementTree.parse(path).getroot()
    problems = []
    for element in root.iter():
        if not isinstance(element.tag, str):
            continue
        if element.tag == "tree":
            problems.append("<tree> element (Odoo 18 uses <list>)")
        for attribute in ("attrs", "states"):
            if attribute in element.attrib:
                problems.append(
                    f'{attribute}="..." on <{element.tag}> '
                    "(Odoo 18: use invisible/readonly/required expressions)"
                )
    assert not problems, f"{_rel(path)}: " + "; ".join(sorted(set(problems)))


# ---------------------------------------------------------------- models --


def _declared_models():
    """{model name: file} for models created (``_name``) by the module."""
    declared = {}
    for path in _model_files():
        for model in _models_in(path):
            if model["name"] and model["name"] != model["inherit"]:
                if not model["abstract"]:
                    declared[model["name"]] = path
    return declared


def test_module_declares_models():
    assert _declared_models(), "no model found in models/ or wizard/"


def test_every_model_has_access_rows():
    access_ids, rows = _access_model_ids()
    assert rows, "security/ir.model.access.csv is empty"
    missing = [
        f"{name} ({_rel(path)})"
        for name, path in sorted(_declared_models().items())
        if "model_" + name.replace(".", "_") not in access_ids
    ]
    assert not missing, f"models without ir.model.access.csv rows: {missing}"


def test_access_csv_well_formed():
    _access_ids, rows = _access_model_ids()
    header = [
        "id",
        "name",
        "model_id:id",
        "group_id:id",
        "perm_read",
        "perm_write",
        "perm_create",
        "perm_unlink",
    ]
    with ACCESS_CSV.open(encoding="utf-8", newline="") as handle:
        assert next(csv.reader(handle)) == header
    ids = [row["id"] for row in rows]
    assert len(ids) == len(set(ids)), "duplicated ids in ir.model.access.csv"
    for row in rows:
        for perm in header[4:]:
            assert row[perm] in ("0", "1"), f"{row['id']}: {perm}={row[perm]!r}"


@pytest.mark.parametrize("path", _model_files(), ids=_rel)
def test_one_model_per_file_named_after_it(path):
    models = _models_in(path)
    if not models:
        return  # helper module, no model in it
    expected = path.stem.replace("_", ".")
    names = {model["name"] or model["inherit"] for model in models}
    assert names == {expected}, (
        f"{_rel(path)} must define only model {expected!r} "
        f"(file named after its model), found {sorted(names)}"
    )


@pytest.mark.parametrize("directory", (*MODEL_DIRS, "tests"))
def test_python_files_imported(directory):
    """Odoo's own test runner finds the test modules that tests/__init__.py
    imports, and only those."""
    folder = MODULE_DIR / directory
    if not folder.is_dir():
        return
    init = folder / "__init__.py"
    assert init.is_file(), f"{directory}/__init__.py missing"
    imported = set(re.findall(r"^from \. import (\w+)", init.read_text(), re.M))
    pattern = "test_*.py" if directory == "tests" else "*.py"
    modules = {p.stem for p in folder.glob(pattern) if p.name != "__init__.py"}
    assert modules <= imported, f"not imported in {directory}/__init__.py: " + str(
        sorted(modules - imported)
    )
    if directory == "tests":
        return
    top = (MODULE_DIR / "__init__.py").read_text()
    assert re.search(rf"^from \. import .*\b{directory}\b", top, re.M), (
        f"{MODULE}/__init__.py does not import {directory}"
    )


def test_module_dir_is_repo_addon():
    assert (MODULE_DIR / "__init__.py").is_file()
    assert Path(MODULE_DIR).name == MODULE


def _translated_calls(tree):
    """The calls of ``_`` and ``env._`` in a module's syntax tree."""
    for node in ast.walk(tree):
        if isinstance(node, ast.Call):
            func = node.func
            name = func.id if isinstance(func, ast.Name) else getattr(func, "attr", "")
            if name == "_":
                yield node


@pytest.mark.parametrize("path", sorted(MODULE_DIR.rglob("*.py")), ids=_rel)
def test_translated_calls_hold_no_fstring(path):
    """The terms' extraction (babel) evaluates the strings of a translated
    call's arguments: an f-string among them drops every term of the file
    from the translation template."""
    for call in _translated_calls(ast.parse(path.read_text(), str(path))):
        for argument in (*call.args, *(keyword.value for keyword in call.keywords)):
            assert not any(
                isinstance(node, ast.JoinedStr) for node in ast.walk(argument)
            ), f"{_rel(path)}:{call.lineno}: an f-string in a translated call"
