// Prepares, once per device and site version, what lets later visits start Python faster
// (device-cache.js): a memory snapshot of a bare interpreter that has imported the standard-library
// modules the calculator uses, and — only when the site does not ship it already compiled — the
// bytecode of the calculator and its libraries.
// It runs in its own worker after the first result is on screen and boots its own interpreter:
// no enterprise data is ever inside it. It reads only this site's files and sends nothing anywhere.
import { RUNTIME, bootOptions, bytecodeKey, putCached, readCached, readRuntime, shipsBytecode, snapshotKey, useCompressedWasm } from "./device-cache.js";

const PREIMPORT = `
def _preimport(names):
    import importlib
    for name in names:
        try:
            importlib.import_module(name)
        except Exception:
            pass
_preimport(_names)
del _preimport, _names
`;

// Compile the site-packages modules the calculator imports; return them as one stored zip.
const COMPILE = `
def _compile_bytecode():
    import calculator.bridge  # noqa: F401 - what the calculator imports is what gets compiled
    import importlib.util, io, os, py_compile, site, sys, zipfile
    root = site.getsitepackages()[0]
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_STORED) as z:
        for module in list(sys.modules.values()):
            source = getattr(module, "__file__", None) or ""
            if not source.startswith(root + "/") or not source.endswith(".py"):
                continue
            target = importlib.util.cache_from_source(source)
            py_compile.compile(source, cfile=target, doraise=True,
                               invalidation_mode=py_compile.PycInvalidationMode.UNCHECKED_HASH)
            z.write(target, os.path.relpath(target, root))
    return buf.getvalue()
_compile_bytecode()
`;

async function make(stdlib) {
  const { loadPyodide, version } = await import(new URL("pyodide.mjs", RUNTIME).href);
  const rt = await readRuntime();
  if (!rt.digest) return { snapshot: 0, bytecode: 0 };          // no Cache Storage here
  useCompressedWasm(rt);
  const sKey = snapshotKey(version, rt.digest);
  const bKey = bytecodeKey(version, rt.digest);
  const needSnapshot = !(await readCached(sKey));
  const needBytecode = !shipsBytecode(rt) && !(await readCached(bKey));
  if (!needSnapshot && !needBytecode) return { snapshot: 0, bytecode: 0 };
  // started exactly as the calculator's worker starts (same standard library), or the snapshot would not fit
  const pyodide = await loadPyodide({ ...bootOptions(rt), _makeSnapshot: true, stdout: () => {}, stderr: () => {} });
  const made = { snapshot: 0, bytecode: 0 };
  if (needSnapshot) {
    // the standard-library modules the calculator uses (module names only)
    pyodide.globals.set("_names", pyodide.toPy(stdlib.filter((n) => /^[A-Za-z_][\w.]*$/.test(n))));
    pyodide.runPython(PREIMPORT);
    const bytes = pyodide.makeMemorySnapshot();
    await putCached(sKey, bytes);
    made.snapshot = bytes.length;
  }
  if (needBytecode) {
    await pyodide.loadPackage(["calculator"]);
    const zipped = pyodide.runPython(COMPILE);
    const bytes = zipped.toJs();
    zipped.destroy();
    await putCached(bKey, bytes);
    made.bytecode = bytes.length;
  }
  return made;
}

self.onmessage = async (event) => {
  try {
    const made = await make(Array.isArray(event.data && event.data.stdlib) ? event.data.stdlib : []);
    self.postMessage({ type: "snapshot-saved", ...made });
  } catch (err) {
    self.postMessage({ type: "snapshot-failed", message: String(err && err.message ? err.message : err) });
  }
  self.close();
};
