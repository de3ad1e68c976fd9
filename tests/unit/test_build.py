"""build.py: a warm cache makes no network request; a new build has a new offline-cache version;
a broken policy file stops the build with file, line and reason."""

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

import build  # noqa: E402


def test_warm_cache_makes_no_network_request(monkeypatch):
    if not (build.CACHE / f"pyodide-{build.PYODIDE_VERSION}" / "pyodide.asm.wasm").exists():
        pytest.skip("cache not warm yet (the test command builds first)")

    def no_network(*args, **kwargs):
        raise AssertionError(f"network fetch attempted: {args[0]}")
    monkeypatch.setattr(subprocess, "run", no_network)
    build.fetch_pyodide()
    build.fetch_wheels()


def test_service_worker_version_changes_with_content(tmp_path):
    site = tmp_path / "site"
    (site / "assets").mkdir(parents=True)
    (site / "index.html").write_text("<html>v1</html>")
    (site / "assets" / "rules.json").write_text("{}")
    v1 = build.write_service_worker(site)
    assert v1 == build.write_service_worker(site)                  # same build, same version
    (site / "assets" / "rules.json").write_text('{"changed": true}')
    v2 = build.write_service_worker(site)
    assert v2 != v1
    text = (site / "sw.js").read_text()
    assert f'"{v2}"' in text and '"./assets/rules.json"' in text and '"./"' in text


def test_broken_policy_stops_the_build_with_file_and_line(tmp_path, capsys):
    docs = tmp_path / "documents"
    docs.mkdir()
    src = ROOT / "policies" / "documents" / "lvliang-2022-22.yaml"
    text = src.read_text(encoding="utf-8").replace("level: city", "level: town", 1)
    (docs / src.name).write_text(text, encoding="utf-8")
    with pytest.raises(SystemExit) as exc:
        build.compile_policies(tmp_path)
    assert exc.value.code == 1
    err = capsys.readouterr().err
    assert "lvliang-2022-22.yaml:" in err and "level" in err and "可选" in err


def test_bytecode_swap_keeps_a_consistent_wheel(tmp_path):
    """A module compiled at build time replaces its source in the browser's wheel; the parts the
    browser never imports are left out; RECORD lists exactly what the wheel holds, with digests."""
    import base64
    import csv
    import hashlib
    import io
    import zipfile
    wheel = tmp_path / "pydantic-0-py3-none-any.whl"
    with zipfile.ZipFile(wheel, "w") as z:
        z.writestr("pydantic/__init__.py", "X = 1\n")
        z.writestr("pydantic/fields.py", "Y = 2\n")
        z.writestr("pydantic/v1/__init__.py", "OLD = 1\n")
        z.writestr("pydantic/mypy.py", "PLUGIN = 1\n")
        z.writestr("pydantic-0.dist-info/METADATA", "Name: pydantic\n")
        z.writestr("pydantic-0.dist-info/RECORD", "stale\n")
    assert build._swap_in_bytecode(wheel, {"pydantic/__init__.py": b"PYC-BYTES"}) == 1
    with zipfile.ZipFile(wheel) as z:
        names = set(z.namelist())
        record = list(csv.reader(io.StringIO(z.read("pydantic-0.dist-info/RECORD").decode())))
        assert z.read("pydantic/__init__.pyc") == b"PYC-BYTES"
        for name, digest, size in record:
            if name.endswith("RECORD"):
                continue
            data = z.read(name)
            assert digest == "sha256=" + base64.urlsafe_b64encode(hashlib.sha256(data).digest()).rstrip(b"=").decode()
            assert int(size) == len(data)
    assert names == {"pydantic/__init__.pyc", "pydantic/fields.py", "pydantic-0.dist-info/METADATA",
                     "pydantic-0.dist-info/RECORD"}
    assert {r[0] for r in record} == names
    untouched = tmp_path / "other-0-py3-none-any.whl"
    with zipfile.ZipFile(untouched, "w") as z:
        z.writestr("other/__init__.py", "")
    before = untouched.read_bytes()
    assert build._swap_in_bytecode(untouched, {"pydantic/__init__.py": b"x"}) == 0
    assert untouched.read_bytes() == before


def test_built_site_ships_bytecode_that_its_lock_file_pins():
    """After `python3 build.py` with Node.js present: the modules the browser imports come as
    bytecode, and the lock file's digests are those of the wheels as shipped."""
    import json
    import zipfile
    runtime = build.SITE / "assets" / "pyodide"
    if not (runtime / "pyodide-lock.json").exists():
        pytest.skip("site not built yet (the test command builds first)")
    if not shutil.which("node"):
        pytest.skip("Node.js not installed: the site is built without precompiled bytecode")
    lock = json.loads((runtime / "pyodide-lock.json").read_text())
    for pkg in lock["packages"].values():
        assert build.sha256_of(runtime / pkg["file_name"]) == pkg["sha256"], pkg["file_name"]
    with zipfile.ZipFile(runtime / "pydantic-2.14.3-py3-none-any.whl") as z:
        names = set(z.namelist())
    assert "pydantic/main.pyc" in names and "pydantic/main.py" not in names
    assert not any(n.startswith("pydantic/v1/") for n in names)
    with zipfile.ZipFile(runtime / f"calculator-{build.CALC_VERSION}-py3-none-any.whl") as z:
        names = set(z.namelist())
    assert "calculator/engine.pyc" in names and "calculator/cli.py" not in names


def _stock_stdlib(path: Path) -> Path:
    """A miniature stock standard library: sources, a package, a data file."""
    import zipfile
    with zipfile.ZipFile(path, "w") as z:
        z.writestr("json/", b"")
        z.writestr("json/__init__.py", b"X = 1\n")
        z.writestr("json/tool.py", b"Y = 2\n")
        z.writestr("typing.py", b"T = 3\n")
        z.writestr("difflib.py", b"D = 4\n")
        z.writestr("email/__init__.py", b"E = 5\n")
        z.writestr("email/parser.py", b"P = 6\n")
        z.writestr("json/py.typed", b"")
        z.writestr("LICENSE.txt", b"licence")
    return path


def test_compiled_stdlib_keeps_what_was_imported_as_bytecode_and_names_the_rest(tmp_path):
    """The browser's standard library holds the packages and modules seen imported, as bytecode (whole
    packages, data files too); every other top-level name is listed for the on-demand fallback."""
    import zipfile
    stock = _stock_stdlib(tmp_path / "python_stdlib.zip")
    compiled = {"stdlib/json/__init__.py": b"PYC-json", "stdlib/json/tool.py": b"PYC-tool",
                "stdlib/typing.py": b"PYC-typing", "pydantic/main.py": b"not stdlib"}
    out = tmp_path / "out"
    out.mkdir()
    target = build.write_compiled_stdlib(stock, compiled, out)
    with zipfile.ZipFile(target) as z:
        names = sorted(z.namelist())
        assert names == ["json/__init__.pyc", "json/py.typed", "json/tool.pyc", "sitecustomize.py", "typing.pyc"]
        assert z.read("typing.pyc") == b"PYC-typing"
        site = z.read("sitecustomize.py").decode()
    assert "MISSING = frozenset(['difflib', 'email'])" in site and site.rstrip().endswith("activate()")
    first = target.read_bytes()
    assert build.write_compiled_stdlib(stock, compiled, out).read_bytes() == first     # reproducible
    assert build.write_compiled_stdlib(stock, {"pydantic/main.py": b"x"}, out) is None  # nothing compiled


def _load_fallback():
    import importlib.util
    spec = importlib.util.spec_from_file_location("_sxcalc_fallback_under_test", ROOT / "tools" / "stdlib_fallback.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_a_left_out_stdlib_module_is_fetched_once_on_first_import(tmp_path, monkeypatch):
    """Importing a standard-library module that the compiled library left out fetches the complete
    library once and imports it from there; later imports of left-out modules fetch nothing more."""
    import importlib
    import zipfile
    fallback = _load_fallback()
    full = tmp_path / "full-source.zip"
    with zipfile.ZipFile(full, "w") as z:
        z.writestr("sxcalc_left_out_a.py", b"VALUE = 'a'\n")
        z.writestr("sxcalc_left_out_pkg/__init__.py", b"")
        z.writestr("sxcalc_left_out_pkg/sub.py", b"VALUE = 'sub'\n")
    fetched = []

    def fetch(url):
        fetched.append(url)
        return full.read_bytes()
    monkeypatch.setattr(sys, "meta_path", list(sys.meta_path))
    monkeypatch.setattr(sys, "path", list(sys.path))
    finder = fallback.install({"sxcalc_left_out_a", "sxcalc_left_out_pkg"}, "https://example.invalid/zxqy/python_stdlib.zip",
                              fetch, str(tmp_path / "mounted.zip"))
    try:
        with pytest.raises(ModuleNotFoundError):
            importlib.import_module("sxcalc_not_in_any_stdlib")      # not a standard-library name: no fetch
        assert fetched == []
        assert importlib.import_module("sxcalc_left_out_a").VALUE == "a"
        assert importlib.import_module("sxcalc_left_out_pkg.sub").VALUE == "sub"
        assert fetched == ["https://example.invalid/zxqy/python_stdlib.zip"] and finder.mounted
    finally:
        for name in ("sxcalc_left_out_a", "sxcalc_left_out_pkg", "sxcalc_left_out_pkg.sub"):
            sys.modules.pop(name, None)


def test_fallback_is_inactive_without_the_worker_setting():
    fallback = _load_fallback()
    assert fallback.activate({}) is None


def test_compressed_wasm_is_reproducible_and_replaces_the_original_in_the_offline_copy(tmp_path):
    """The gzip copy of Pyodide's wasm decompresses to the original, byte for byte, and is the same in
    every build; the service worker keeps the copy and, for browsers that can decompress, not the original."""
    import gzip
    runtime = tmp_path / "assets" / "pyodide"
    runtime.mkdir(parents=True)
    original = b"\0asm\x01\0\0\0" + bytes(range(256)) * 64
    (runtime / "pyodide.asm.wasm").write_bytes(original)
    first = build.write_compressed_wasm(runtime).read_bytes()
    assert gzip.decompress(first) == original and len(first) < len(original)
    assert build.write_compressed_wasm(runtime).read_bytes() == first
    (tmp_path / "index.html").write_text("<html></html>")
    build.write_service_worker(tmp_path)
    sw = (tmp_path / "sw.js").read_text()
    files = sw.split("const FILES = ", 1)[1].split(";\n", 1)[0]
    assert '"./assets/pyodide/pyodide.asm.wasm.gz"' in files and '"./assets/pyodide/pyodide.asm.wasm"' not in files
    assert 'const ONLY_WITHOUT_DECOMPRESSION = ["./assets/pyodide/pyodide.asm.wasm"]' in sw


def test_pyodides_cdn_default_is_pointed_at_the_sites_own_folder(tmp_path):
    loader = tmp_path / "pyodide.mjs"
    loader.write_text('e.cdnUrl=k(e.packageBaseUrl??`https://cdn.jsdelivr.net/pyodide/v${U}/full/`),x=1')
    assert build.drop_cdn_default(loader) == 1
    assert loader.read_text() == 'e.cdnUrl=k(e.packageBaseUrl??"./"),x=1'
