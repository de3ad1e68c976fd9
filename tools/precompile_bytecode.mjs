// Build step (run by build.py with Node.js): compile the Python modules the calculator imports in the
// browser to CPython 3.14 bytecode, with the very Pyodide the site ships, so the browser need not
// compile them at every first visit. Only Pyodide can produce bytecode for its own Python version.
//
//   node tools/precompile_bytecode.mjs PYODIDE_DIR RUNTIME_DIR RULES_JSON OUT_ZIP
//
// PYODIDE_DIR holds pyodide.mjs; RUNTIME_DIR holds pyodide-lock.json and the wheels; RULES_JSON is the
// compiled policy bundle (so the engine runs and lazily imported modules are compiled too). OUT_ZIP
// gets one entry per module, named by its source path inside site-packages, holding the .pyc bytes,
// and, under stdlib/, the .pyc of every module of each standard-library package or module that
// Pyodide's start-up or the calculator imported (whole packages, so a submodule is never missing).
import fs from "node:fs";
import path from "node:path";
import { pathToFileURL } from "node:url";

const [pyodideDir, runtimeDir, rulesJson, outZip] = process.argv.slice(2);
const { loadPyodide } = await import(pathToFileURL(path.join(pyodideDir, "pyodide.mjs")).href);
const pyodide = await loadPyodide({
  indexURL: pyodideDir + path.sep,
  lockFileURL: path.join(runtimeDir, "pyodide-lock.json"),
  packageBaseUrl: runtimeDir + path.sep,
  stdout: () => {},
  stderr: (s) => process.stderr.write(s + "\n"),
});
await pyodide.loadPackage(["calculator"], { messageCallback: () => {} });
pyodide.FS.writeFile("/tmp/rules.json", fs.readFileSync(rulesJson));
const zipped = pyodide.runPython(`
def _compile():
    import importlib._bootstrap_external as external
    import io, json, os, site, sys, zipfile
    import calculator.bridge as bridge
    bridge.load_rules(open("/tmp/rules.json", encoding="utf-8").read())
    # run what the page runs, so modules imported on first use are compiled too
    firm = {"region": "140802", "industry": "C34", "employees": 50, "revenue": "1200万", "registration_date": "2015-03-01",
            "answered": ["*"], "events": [{"kind": "listing", "type": "neeq", "date": "2021-03-01"},
                                          {"kind": "recognition", "type": "high_tech", "date": "2021-05-01"}]}
    for profile in (firm, {"employees": "abc"}, {"colour": "red"}, {}):
        bridge.evaluate_json(json.dumps(profile, ensure_ascii=False), "2022-12-31")
    bundle = json.loads(open("/tmp/rules.json", encoding="utf-8").read())
    for doc in bundle["documents"]:
        for table in doc.get("scoring_tables", []):
            bridge.score_json(table["id"], "{}")
    root = site.getsitepackages()[0]
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_STORED) as z:
        for name, module in sorted(sys.modules.items()):
            source = getattr(module, "__file__", None) or ""
            if not (source.startswith(root + "/") and source.endswith(".py")):
                continue
            with open(source, "rb") as f:
                code = compile(f.read(), source, "exec", dont_inherit=True)
            z.writestr(os.path.relpath(source, root), bytes(external._code_to_timestamp_pyc(code, 0, 0)))
        stdlib = next(p for p in sys.path if p.endswith(".zip"))
        units = {f[len(stdlib) + 1:].split("/")[0].removesuffix(".py")
                 for f in (getattr(m, "__file__", None) or "" for m in list(sys.modules.values()))
                 if f.startswith(stdlib + "/")}
        with zipfile.ZipFile(stdlib) as src:
            for name in src.namelist():
                if name.endswith(".py") and name.split("/")[0].removesuffix(".py") in units:
                    code = compile(src.read(name), f"{stdlib}/{name}", "exec", dont_inherit=True)
                    z.writestr("stdlib/" + name, bytes(external._code_to_timestamp_pyc(code, 0, 0)))
    return buf.getvalue()
_compile()
`);
fs.writeFileSync(outZip, zipped.toJs());
zipped.destroy();
