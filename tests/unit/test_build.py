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
