#!/usr/bin/env python3
"""Build, serve and test the Shanxi SME policy calculator site.

    python3 build.py                 build the static site into site/
    python3 build.py serve [--port 8000] [--prefix /zxqy/zhengce/]
                                     build, then serve it on http://127.0.0.1:PORT/PREFIX
    python3 build.py test [pytest args]
                                     install everything (pip packages, Debian chromium) and run all tests

On a fresh machine the first run creates .venv/ and installs the pinned
requirements; everything the browser loads (Pyodide, wheels) is fetched once
from npm and PyPI at pinned versions into .cache/, checked by sha256, and
copied into site/. A second build with a warm cache makes no network request.
"""

from __future__ import annotations

import base64
import gzip
import hashlib
import json
import os
import re
import shutil
import subprocess
import sys
import tarfile
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent
VENV = ROOT / ".venv"
CACHE = ROOT / ".cache"
SITE = ROOT / "site"
REQUIREMENTS = ROOT / "requirements.txt"

PYODIDE_VERSION = "314.0.7"
PYODIDE_TGZ_SHA256 = "66b7949e5a0cba2250b586d7e368bf12fb482800748d182c4618254b685ffaa0"
PYODIDE_FILES = ("pyodide.mjs", "pyodide.asm.mjs", "pyodide.asm.wasm", "python_stdlib.zip")
COMPRESSED_WASM = "pyodide.asm.wasm.gz"        # written by the build beside pyodide.asm.wasm

# Wheels the calculator needs in the browser (pydantic and its dependencies),
# pinned by version and sha256. pydantic-core is the Pyodide 314 (pyemscripten_2026_0) build.
BROWSER_WHEELS = {
    "pydantic-2.14.3-py3-none-any.whl":
        "3f7b347782ab7e4cf4c798496ae3a82787d9f21ec12676a9c564355eeef8daa8",
    "pydantic_core-2.50.4-cp314-cp314-pyemscripten_2026_0_wasm32.whl":
        "e6da138a1ecc1341c8b788a5ee822670b03788e1f5decf7af9d461de6e508b8e",
    "annotated_types-0.8.0-py3-none-any.whl":
        "f072f4d804ea359e4eaf198b1af7a8b0943881a87f31bb764f8bf219bb9419e0",
    "typing_extensions-4.16.0-py3-none-any.whl":
        "481caa481374e813c1b176ada14e97f1f67a4539ce9cfeb3f350d78d6370c2e8",
    "typing_inspection-0.4.5-py3-none-any.whl":
        "bc210535442b39e1bf2805e0c7a17dfd6a4ace760c84c7f7d16245d23a6b1c39",
}
# name in the lock file, imports, depends
LOCK_PACKAGES = {
    "pydantic-2.14.3-py3-none-any.whl": ("pydantic", "2.14.3", ["pydantic"],
                                         ["typing-extensions", "pydantic_core", "annotated-types", "typing-inspection"]),
    "pydantic_core-2.50.4-cp314-cp314-pyemscripten_2026_0_wasm32.whl": ("pydantic_core", "2.50.4", ["pydantic_core"],
                                                                        ["typing-extensions"]),
    "annotated_types-0.8.0-py3-none-any.whl": ("annotated-types", "0.8.0", ["annotated_types"], ["typing-extensions"]),
    "typing_extensions-4.16.0-py3-none-any.whl": ("typing-extensions", "4.16.0", ["typing_extensions"], []),
    "typing_inspection-0.4.5-py3-none-any.whl": ("typing-inspection", "0.4.5", ["typing_inspection"],
                                                 ["typing-extensions"]),
}
CALC_VERSION = "0.1.0"


# --- bootstrap: run inside .venv with the pinned requirements ----------------------

def _in_venv() -> bool:
    return Path(sys.prefix).resolve() == VENV.resolve()


def bootstrap() -> None:
    """Create .venv and install requirements.txt when needed, then re-run inside it."""
    stamp = VENV / ".requirements.sha256"
    wanted = hashlib.sha256(REQUIREMENTS.read_bytes()).hexdigest()
    if not (VENV / "bin" / "python").exists():
        print("创建虚拟环境 .venv …", flush=True)
        subprocess.run([sys.executable, "-m", "venv", str(VENV)], check=True)
    if not stamp.exists() or stamp.read_text() != wanted:
        print("安装依赖（requirements.txt）…", flush=True)
        subprocess.run([str(VENV / "bin" / "python"), "-m", "pip", "install", "-q", "--disable-pip-version-check",
                        "-r", str(REQUIREMENTS)], check=True)
        stamp.write_text(wanted)
    if not _in_venv():
        os.execv(str(VENV / "bin" / "python"), [str(VENV / "bin" / "python"), str(ROOT / "build.py"), *sys.argv[1:]])


# --- fetching pinned assets ------------------------------------------------------------

def sha256_of(path: Path) -> str:
    h = hashlib.sha256()
    with path.open("rb") as f:
        for chunk in iter(lambda: f.read(1 << 20), b""):
            h.update(chunk)
    return h.hexdigest()


def _verified(path: Path, digest: str) -> bool:
    return path.exists() and sha256_of(path) == digest


def fetch_pyodide() -> Path:
    """npm pyodide@PYODIDE_VERSION, sha256-checked, unpacked into .cache/."""
    out = CACHE / f"pyodide-{PYODIDE_VERSION}"
    tgz = CACHE / "npm" / f"pyodide-{PYODIDE_VERSION}.tgz"
    if not _verified(tgz, PYODIDE_TGZ_SHA256):
        tgz.parent.mkdir(parents=True, exist_ok=True)
        print(f"下载 npm pyodide@{PYODIDE_VERSION} …", flush=True)
        subprocess.run(["npm", "pack", f"pyodide@{PYODIDE_VERSION}", "--pack-destination", str(tgz.parent),
                        "--silent"], check=True, cwd=tgz.parent, stdout=subprocess.DEVNULL)
        if not _verified(tgz, PYODIDE_TGZ_SHA256):
            raise SystemExit(f"错误：{tgz.name} 的 sha256 与固定值不符，拒绝使用")
    if not all((out / f).exists() for f in PYODIDE_FILES + ("pyodide-lock.json",)):
        out.mkdir(parents=True, exist_ok=True)
        with tarfile.open(tgz) as tar:
            for name in PYODIDE_FILES + ("pyodide-lock.json",):
                member = tar.getmember(f"package/{name}")
                with tar.extractfile(member) as src, (out / name).open("wb") as dst:
                    shutil.copyfileobj(src, dst)
    return out


def fetch_wheels() -> Path:
    """The browser wheels from PyPI, pinned and sha256-checked, into .cache/wheels/."""
    out = CACHE / "wheels"
    out.mkdir(parents=True, exist_ok=True)
    missing = [n for n, d in BROWSER_WHEELS.items() if not _verified(out / n, d)]
    if missing:
        print(f"从 PyPI 下载 {len(missing)} 个浏览器端 wheel …", flush=True)
        reqs = out / "requirements.txt"
        lines = []
        for name in missing:
            dist, version = name.split("-")[:2]
            lines.append(f"{dist.replace('_', '-')}=={version} --hash=sha256:{BROWSER_WHEELS[name]}")
        reqs.write_text("\n".join(lines) + "\n")
        subprocess.run([sys.executable, "-m", "pip", "download", "-q", "--disable-pip-version-check", "--no-deps",
                        "--require-hashes", "--only-binary=:all:", "--python-version", "3.14", "--implementation", "cp",
                        "--abi", "cp314", "--platform", "pyemscripten_2026_0_wasm32", "--platform", "any",
                        "-r", str(reqs), "-d", str(out)], check=True)
        for name in missing:
            if not _verified(out / name, BROWSER_WHEELS[name]):
                raise SystemExit(f"错误：{name} 的 sha256 与固定值不符，拒绝使用")
    return out


AXE_VERSION = "4.14.1"
AXE_TGZ_SHA256 = "e6b0ce02b84d892e2e33e403485e7f3d6c29e2be6df65daf44d89ba564139745"


def fetch_axe() -> Path:
    """axe-core for the accessibility tests (npm, pinned, sha256-checked); never shipped in site/."""
    out = CACHE / f"axe-core-{AXE_VERSION}.min.js"
    tgz = CACHE / "npm" / f"axe-core-{AXE_VERSION}.tgz"
    if out.exists() and _verified(tgz, AXE_TGZ_SHA256):
        return out
    if not _verified(tgz, AXE_TGZ_SHA256):
        tgz.parent.mkdir(parents=True, exist_ok=True)
        subprocess.run(["npm", "pack", f"axe-core@{AXE_VERSION}", "--pack-destination", str(tgz.parent), "--silent"],
                       check=True, cwd=tgz.parent, stdout=subprocess.DEVNULL)
        if not _verified(tgz, AXE_TGZ_SHA256):
            raise SystemExit(f"错误：{tgz.name} 的 sha256 与固定值不符，拒绝使用")
    with tarfile.open(tgz) as tar, tar.extractfile("package/axe.min.js") as src, out.open("wb") as dst:
        shutil.copyfileobj(src, dst)
    return out


# --- the calculator's own wheel ---------------------------------------------------------

# Modules of calculator/ that only the CPython tools use (command line, batch matching, validating the
# policy YAML files): the browser never imports them, so its wheel leaves them out.
CPYTHON_ONLY = {"__main__.py", "cli.py", "batch.py", "report.py", "loader.py", "schema.py"}


def build_calculator_wheel(dest: Path) -> Path:
    """A reproducible pure-Python wheel of calculator/ for the browser (fixed timestamps)."""
    name = f"calculator-{CALC_VERSION}-py3-none-any.whl"
    dist_info = f"calculator-{CALC_VERSION}.dist-info"
    files: list[tuple[str, bytes]] = []
    for path in sorted((ROOT / "calculator").glob("*.py")):
        if path.name not in CPYTHON_ONLY:
            files.append((f"calculator/{path.name}", path.read_bytes()))
    files.append((f"{dist_info}/METADATA", f"Metadata-Version: 2.1\nName: calculator\nVersion: {CALC_VERSION}\n"
                  "Summary: Shanxi SME policy entitlement calculator core\nRequires-Dist: pydantic\n".encode()))
    files.append((f"{dist_info}/WHEEL", b"Wheel-Version: 1.0\nGenerator: build.py\nRoot-Is-Purelib: true\nTag: py3-none-any\n"))
    files.append((f"{dist_info}/top_level.txt", b"calculator\n"))
    target = dest / name
    _write_wheel(target, files, f"{dist_info}/RECORD")
    return target


def _write_wheel(target: Path, files: list[tuple[str, bytes]], record_name: str) -> None:
    """Write a wheel reproducibly (fixed timestamps) with a RECORD listing every file's digest."""
    record = []
    for name, data in files:
        digest = base64.urlsafe_b64encode(hashlib.sha256(data).digest()).rstrip(b"=").decode()
        record.append(f"{name},sha256={digest},{len(data)}")
    record.append(f"{record_name},,")
    _write_zip(target, [*files, (record_name, ("\n".join(record) + "\n").encode())])


def _write_zip(target: Path, files: list[tuple[str, bytes]]) -> None:
    """A reproducible zip (fixed timestamps, maximum deflate), entries in the order given."""
    with zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as zf:
        for name, data in files:
            info = zipfile.ZipInfo(name, date_time=(2020, 1, 1, 0, 0, 0))
            info.compress_type = zipfile.ZIP_DEFLATED
            zf.writestr(info, data, compresslevel=9)


def write_lock(pyodide_dir: Path, dest: Path, calc_wheel: Path, stdlib: Path | None = None) -> None:
    """Our own small pyodide-lock.json listing exactly the wheels the site ships (by their sha256 as
    shipped: the PyPI wheels were checked against their pins when fetched), under ``info.sxcalc_stdlib``
    the compiled standard library the worker starts Python with, if built, and under ``info.sxcalc_wasm``
    the compressed copy of Pyodide's wasm, if written."""
    shipped = json.loads((pyodide_dir / "pyodide-lock.json").read_text())
    packages = {}
    for fname, (name, version, imports, depends) in LOCK_PACKAGES.items():
        key = name.lower().replace("_", "-")           # Pyodide looks packages up by canonical name
        packages[key] = {"name": name, "version": version, "file_name": fname, "install_dir": "site",
                          "sha256": sha256_of(dest / fname), "package_type": "package", "imports": imports,
                          "depends": depends, "unvendored_tests": False, "tool": {}}
    packages["calculator"] = {"name": "calculator", "version": CALC_VERSION, "file_name": calc_wheel.name,
                              "install_dir": "site", "sha256": sha256_of(calc_wheel), "package_type": "package",
                              "imports": ["calculator"], "depends": ["pydantic"], "unvendored_tests": False, "tool": {}}
    info = dict(shipped["info"])
    wasm = dest / COMPRESSED_WASM
    if wasm.exists():
        info["sxcalc_wasm"] = {"file_name": wasm.name, "sha256": sha256_of(wasm), "decompressed": "pyodide.asm.wasm"}
    if stdlib:
        info["sxcalc_stdlib"] = {"file_name": stdlib.name, "sha256": sha256_of(stdlib),
                                 "fallback": "python_stdlib.zip"}
    (dest / "pyodide-lock.json").write_text(json.dumps({"info": info, "packages": packages}, indent=1))


# --- bytecode ----------------------------------------------------------------------------

# Parts of the PyPI wheels the browser never imports, left out of the browser's copies: pydantic's
# legacy v1 package (only imported by code written for pydantic 1) and its mypy plugin.
NOT_IN_BROWSER = ("pydantic/v1/", "pydantic/mypy.py")


def _swap_in_bytecode(wheel: Path, compiled: dict[str, bytes]) -> int:
    """Replace each module of ``wheel`` found in ``compiled`` (source path -> .pyc bytes) by its
    bytecode, next to where the source was (Python imports such a module without its source);
    leave out NOT_IN_BROWSER; rewrite RECORD. Returns how many modules were replaced."""
    with zipfile.ZipFile(wheel) as z:
        entries = [(info.filename, z.read(info.filename)) for info in z.infolist()]
    if not any(name in compiled for name, _ in entries):
        return 0
    files, record_name, swapped = [], None, 0
    for name, data in entries:
        if name.endswith(".dist-info/RECORD"):
            record_name = name
            continue
        if name.startswith(NOT_IN_BROWSER):
            continue
        if name in compiled:
            name, data, swapped = name + "c", compiled[name], swapped + 1
        files.append((name, data))
    _write_wheel(wheel, files, record_name)
    return swapped


def precompile_bytecode(pyodide_dir: Path, runtime: Path, rules: Path) -> dict[str, bytes] | None:
    """Ship the modules the calculator imports in the browser as Python 3.14 bytecode instead of source,
    so a first visit does not compile them (about 0.2-0.4 s of start-up for the wheels, over a second for
    the standard library). Only Pyodide itself can make that bytecode: it runs in Node.js
    (tools/precompile_bytecode.mjs), once per set of wheels (cached in .cache/). Without Node.js the site
    is built with the plain wheels and Pyodide's own standard library and works the same, slower to
    start. Swaps the bytecode into the wheels and returns everything compiled (path -> .pyc bytes;
    the standard library's under ``stdlib/``), or None when it could not run."""
    node = shutil.which("node")
    if not node:
        print("提示：未找到 Node.js，跳过字节码预编译（页面照常工作，首次启动稍慢）", flush=True)
        return None
    wheels = sorted(runtime.glob("*.whl"))
    key = hashlib.sha256(("\n".join(f"{w.name}:{sha256_of(w)}" for w in wheels) + PYODIDE_VERSION + ":v2").encode())
    cached = CACHE / f"bytecode-{key.hexdigest()[:16]}.zip"
    if not cached.exists():
        tmp = cached.with_suffix(".part")
        try:
            subprocess.run([node, str(ROOT / "tools" / "precompile_bytecode.mjs"), str(pyodide_dir), str(runtime),
                            str(rules), str(tmp)], check=True, timeout=600, capture_output=True)
        except (subprocess.CalledProcessError, subprocess.TimeoutExpired, OSError) as exc:
            detail = getattr(exc, "stderr", b"") or b""
            print(f"提示：字节码预编译失败，已跳过（页面照常工作）：{exc} {detail.decode(errors='replace')[-300:]}", flush=True)
            return None
        tmp.replace(cached)
    with zipfile.ZipFile(cached) as z:
        compiled = {name: z.read(name) for name in z.namelist()}
    for wheel in wheels:
        _swap_in_bytecode(wheel, compiled)
    return compiled


COMPILED_STDLIB = "python_stdlib_compiled.zip"


def _stdlib_unit(name: str) -> str:
    """The top-level package or module a standard-library zip entry belongs to."""
    return name.split("/")[0].removesuffix(".py") if "/" in name or name.endswith(".py") else name


def write_compiled_stdlib(stock: Path, compiled: dict[str, bytes], dest: Path) -> Path | None:
    """The standard library the calculator page starts Python with: the packages and modules seen
    imported at build time, as bytecode (``compiled['stdlib/…']``), plus ``sitecustomize.py``, which
    fetches the stock library if anything else is ever imported (tools/stdlib_fallback.py).
    Reproducible (fixed timestamps). None when nothing was compiled."""
    pyc = {name.removeprefix("stdlib/"): data for name, data in compiled.items() if name.startswith("stdlib/")}
    if not pyc:
        return None
    units = {_stdlib_unit(name) for name in pyc}
    with zipfile.ZipFile(stock) as src:
        entries = src.infolist()
        kept = [(i.filename + "c", pyc[i.filename]) if i.filename in pyc else (i.filename, src.read(i))
                for i in entries if _stdlib_unit(i.filename) in units and not i.is_dir()
                and (not i.filename.endswith(".py") or i.filename in pyc)]
        missing = sorted(u for u in {_stdlib_unit(i.filename) for i in entries} - units - {"sitecustomize"}
                         if u.isidentifier())
    fallback = (ROOT / "tools" / "stdlib_fallback.py").read_text(encoding="utf-8")
    fallback += f"\n\nMISSING = frozenset({missing!r})\nactivate()\n"
    kept.append(("sitecustomize.py", fallback.encode()))
    target = dest / COMPILED_STDLIB
    _write_zip(target, sorted(kept))
    return target


_PYODIDE_CDN_DEFAULT = re.compile(r"`https://cdn\.jsdelivr\.net/pyodide/v\$\{\w+\}/full/`")


def drop_cdn_default(loader: Path) -> int:
    """pyodide.mjs falls back to the jsdelivr CDN as its ``cdnUrl`` when no ``packageBaseUrl`` is given.
    The site never relies on it (the workers always pass ``packageBaseUrl``; the CSP would refuse the
    CDN anyway), but a CDN address has no place in the built site: point the default at the runtime's
    own folder instead. Returns how many were replaced."""
    text, count = _PYODIDE_CDN_DEFAULT.subn('"./"', loader.read_text(encoding="utf-8"))
    loader.write_text(text, encoding="utf-8")
    return count


def write_compressed_wasm(runtime: Path) -> Path:
    """Pyodide's 9.6 MB wasm, gzip-compressed beside it (3.5 MB). Most web servers do not compress
    ``.wasm`` (nginx, Apache and IIS leave it out of their default lists), so the workers fetch this copy
    and decompress it while compiling (device-cache.js ``useCompressedWasm``). Reproducible (no timestamp)."""
    target = runtime / COMPRESSED_WASM
    target.write_bytes(gzip.compress((runtime / "pyodide.asm.wasm").read_bytes(), 9, mtime=0))
    return target


# --- the build ---------------------------------------------------------------------------

def compile_policies(root: Path | None = None) -> dict:
    sys.path.insert(0, str(ROOT))
    from calculator.errors import PolicyError
    from calculator.loader import load_bundle
    try:
        return load_bundle(root or ROOT / "policies")
    except PolicyError as exc:
        print("政策文件有错误，构建停止：", file=sys.stderr)
        for issue in exc.issues:
            print(f"  {issue}", file=sys.stderr)
        raise SystemExit(1) from None


def form_schema(bundle: dict) -> dict:
    """What the browser form needs before Python is ready (generated from the vocabulary)."""
    from calculator import _standards as std
    from calculator import vocabulary as voc
    cities = [{"code": c, "name": std.REGIONS[c][0].removeprefix("山西省"),
               "counties": [{"code": k, "name": v[0].removeprefix(std.REGIONS[c][0])}
                            for k, v in std.REGIONS.items() if v[1] == c]}
              for c, v in std.REGIONS.items() if v[1] == std.PROVINCE_CODE]
    import datetime as _dt
    latest = max(d["date"] for d in bundle["documents"])
    return {
        "data_version": bundle["data_version"],
        "built": _dt.date.today().isoformat(),
        "latest_document": latest,
        "facts": {k: {"type": v[0], "label": v[1], "question": v[2]} for k, v in voc.FACTS.items()},
        "enums": voc.ENUMS, "event_kinds": voc.EVENT_KINDS, "event_types": voc.EVENT_TYPES,
        "event_fields": voc.EVENT_FIELDS, "cities": cities,
        "industries": [{"code": k, "name": v} for k, v in std.INDUSTRIES.items()],
        "documents": [{"id": d["id"], "title": d["title"], "number": d.get("number"), "level": d["level"],
                       "date": d["date"], "validity": d["validity"]} for d in bundle["documents"]],
        "scoring_tables": [t for d in bundle["documents"] for t in d.get("scoring_tables", [])],
    }


SW_TEMPLATE = """// Service worker: keeps one complete, versioned copy of this build (pages, Pyodide, wheels, rules)
// so the calculator works offline after one visit. A new build has a new VERSION: it is installed
// beside the old one and takes over only when no page of the old build is open, so a page never
// runs the rules of one build with the pages of another. Generated by build.py.
const VERSION = "__VERSION__";
const CACHE = "sxzxqy-" + VERSION;
const FILES = __FILES__;
// Pyodide's wasm is fetched as its gzip copy where the browser can decompress it (device-cache.js):
// the 9.6 MB original is kept only for a browser that cannot.
const ONLY_WITHOUT_DECOMPRESSION = __RAW__;

self.addEventListener("install", (event) => {
  const files = typeof DecompressionStream === "undefined" ? [...FILES, ...ONLY_WITHOUT_DECOMPRESSION] : FILES;
  event.waitUntil(caches.open(CACHE).then((cache) =>
    cache.addAll(files.map((f) => new Request(new URL(f, self.registration.scope), { cache: "no-cache" })))));
});

self.addEventListener("activate", (event) => {
  event.waitUntil(caches.keys()
    .then((keys) => Promise.all(keys.filter((k) => k.startsWith("sxzxqy-") && k !== CACHE).map((k) => caches.delete(k))))
    .then(() => self.clients.claim()));
});

self.addEventListener("fetch", (event) => {
  const request = event.request;
  if (request.method !== "GET" || new URL(request.url).origin !== self.location.origin) return;
  event.respondWith(caches.open(CACHE).then(async (cache) => {
    const hit = await cache.match(request, { ignoreSearch: true });
    if (hit) return hit;
    try {
      return await fetch(request);
    } catch (err) {
      if (request.mode === "navigate") {
        const page = await cache.match(new URL("calculator/", self.registration.scope));
        if (page) return page;
      }
      throw err;
    }
  }));
});
"""


def write_service_worker(site: Path) -> str:
    """sw.js at the site root, precaching every file of this build under a content-hash version."""
    files = sorted(p for p in site.rglob("*") if p.is_file() and p.name != "sw.js")
    digest = hashlib.sha256()
    urls = []
    for path in files:
        rel = path.relative_to(site).as_posix()
        digest.update(rel.encode() + b"\0" + hashlib.sha256(path.read_bytes()).digest())
        urls.append(rel[: -len("index.html")] if rel.endswith("index.html") else rel)
    version = digest.hexdigest()[:16]
    urls = ["./" + u if u else "./" for u in urls]
    raw_wasm = "./assets/pyodide/pyodide.asm.wasm"
    raw = [raw_wasm] if raw_wasm in urls and f"./assets/pyodide/{COMPRESSED_WASM}" in urls else []
    urls = [u for u in urls if u not in raw]
    (site / "sw.js").write_text(SW_TEMPLATE.replace("__VERSION__", version)
                                .replace("__FILES__", json.dumps(urls, ensure_ascii=False))
                                .replace("__RAW__", json.dumps(raw)), encoding="utf-8")
    return version


def build(quiet: bool = False) -> Path:
    sys.path.insert(0, str(ROOT))
    bundle = compile_policies()
    pyodide_dir = fetch_pyodide()
    wheels_dir = fetch_wheels()
    from calculator.loader import browser_bundle
    from mkdocs.commands.build import build as mkdocs_build
    from mkdocs.config import load_config
    config = load_config(str(ROOT / "mkdocs.yml"), strict=True)
    mkdocs_build(config)
    apply_csp(SITE)
    runtime = SITE / "assets" / "pyodide"
    runtime.mkdir(parents=True, exist_ok=True)
    for name in PYODIDE_FILES:
        shutil.copy2(pyodide_dir / name, runtime / name)
    drop_cdn_default(runtime / "pyodide.mjs")
    for name in BROWSER_WHEELS:
        shutil.copy2(wheels_dir / name, runtime / name)
    calc_wheel = build_calculator_wheel(runtime)
    write_compressed_wasm(runtime)
    write_lock(pyodide_dir, runtime, calc_wheel)
    calc = SITE / "assets" / "calc"
    calc.mkdir(parents=True, exist_ok=True)
    (calc / "rules.json").write_text(json.dumps(browser_bundle(bundle), ensure_ascii=False, separators=(",", ":")),
                                     encoding="utf-8")
    compiled = precompile_bytecode(pyodide_dir, runtime, calc / "rules.json")
    if compiled:
        stdlib = write_compiled_stdlib(pyodide_dir / "python_stdlib.zip", compiled, runtime)
        write_lock(pyodide_dir, runtime, calc_wheel, stdlib)   # the wheels now carry bytecode: new digests
    (calc / "form.json").write_text(json.dumps(form_schema(bundle), ensure_ascii=False, separators=(",", ":")),
                                    encoding="utf-8")
    version = {"data_version": bundle["data_version"], "pyodide": PYODIDE_VERSION, "calculator": CALC_VERSION,
               "calculator_wheel_sha256": sha256_of(calc_wheel)}
    (calc / "version.json").write_text(json.dumps(version, ensure_ascii=False))
    write_service_worker(SITE)
    if not quiet:
        size = sum(p.stat().st_size for p in SITE.rglob("*") if p.is_file())
        print(f"站点已生成：{SITE}（{size / 1e6:.1f} MB，政策数据版本 {bundle['data_version']}）", flush=True)
    return SITE


# --- a static server (also used by the tests) ---------------------------------------------

CSP_TEMPLATE = ("default-src 'self'; script-src 'self' 'wasm-unsafe-eval'{hashes}; worker-src 'self'; "
                "connect-src 'self'; img-src 'self' data:; style-src 'self' 'unsafe-inline'; font-src 'self'; "
                "object-src 'none'; base-uri 'self'; form-action 'none'")
CSP_FILE = Path("assets") / "calc" / "csp.txt"
_INLINE_SCRIPT = re.compile(r"<script(?![^>]*\bsrc=)[^>]*>(.*?)</script>", re.S)


def apply_csp(site: Path) -> str:
    """Allow exactly the theme's inline scripts (by sha256), put the policy in every page's
    <meta http-equiv> and in assets/calc/csp.txt (for the server header and nginx)."""
    pages = list(site.rglob("*.html"))
    hashes = set()
    for page in pages:
        for body in _INLINE_SCRIPT.findall(page.read_text(encoding="utf-8")):
            hashes.add("'sha256-" + base64.b64encode(hashlib.sha256(body.encode()).digest()).decode() + "'")
    policy = CSP_TEMPLATE.format(hashes="".join(" " + h for h in sorted(hashes)))
    meta = f'<meta http-equiv="Content-Security-Policy" content="{policy}">'
    for page in pages:
        text = page.read_text(encoding="utf-8")
        if "Content-Security-Policy" not in text:
            page.write_text(text.replace("<head>", "<head>\n" + meta, 1), encoding="utf-8")
    (site / CSP_FILE).parent.mkdir(parents=True, exist_ok=True)
    (site / CSP_FILE).write_text(policy)
    return policy


def make_server(root: Path = SITE, port: int = 8000, prefix: str = "/", csp: bool = True):
    """A threaded static file server for ``root`` mounted at ``prefix`` on 127.0.0.1,
    sending the site's Content-Security-Policy header."""
    import functools
    from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer

    policy = (root / CSP_FILE).read_text() if (root / CSP_FILE).exists() else CSP_TEMPLATE.format(hashes="")

    prefix = "/" + prefix.strip("/") + "/" if prefix.strip("/") else "/"

    class Handler(SimpleHTTPRequestHandler):
        extensions_map = {**SimpleHTTPRequestHandler.extensions_map, ".mjs": "text/javascript",
                          ".js": "text/javascript", ".wasm": "application/wasm", ".json": "application/json",
                          ".whl": "application/zip", ".zip": "application/zip"}

        def translate_path(self, path):
            if not path.startswith(prefix):
                return str(root / "__not_found__")
            return super().translate_path("/" + path[len(prefix):])

        def end_headers(self):
            if csp:
                self.send_header("Content-Security-Policy", policy)
            self.send_header("X-Content-Type-Options", "nosniff")
            super().end_headers()

        def log_message(self, *args):
            pass

    server = ThreadingHTTPServer(("127.0.0.1", port), functools.partial(Handler, directory=str(root)))
    server.daemon_threads = True
    server.handle_error = lambda request, address: None     # a client that went away is not an error
    return server


def serve(argv: list[str]) -> None:
    import argparse
    p = argparse.ArgumentParser(prog="build.py serve")
    p.add_argument("--port", type=int, default=8000)
    p.add_argument("--prefix", default="/")
    args = p.parse_args(argv)
    build()
    server = make_server(SITE, args.port, args.prefix)
    url = f"http://127.0.0.1:{args.port}/{args.prefix.strip('/') + '/' if args.prefix.strip('/') else ''}"
    print(f"正在本机提供站点：{url}（按 Ctrl+C 停止）", flush=True)
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass


def ensure_chromium() -> None:
    if Path("/usr/bin/chromium").exists():
        return
    print("安装 Debian chromium（浏览器测试需要）…", flush=True)
    sudo = [] if os.geteuid() == 0 else ["sudo"]
    env = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
    subprocess.run(sudo + ["apt-get", "update", "-qq"], check=True, env=env)
    subprocess.run(sudo + ["apt-get", "install", "-y", "-qq", "chromium"], check=True, env=env,
                   stdout=subprocess.DEVNULL)


def test(argv: list[str]) -> None:
    ensure_chromium()
    build()
    fetch_axe()
    code = subprocess.call([sys.executable, "-m", "pytest", "-q", *(argv or ["tests"])], cwd=ROOT)
    raise SystemExit(code)


def main() -> None:
    bootstrap()
    cmd, rest = (sys.argv[1], sys.argv[2:]) if len(sys.argv) > 1 else ("build", [])
    if cmd == "build":
        build()
    elif cmd == "serve":
        serve(rest)
    elif cmd == "test":
        test(rest)
    else:
        raise SystemExit(f"未知命令：{cmd}（可用：build、serve、test）")


if __name__ == "__main__":
    main()
