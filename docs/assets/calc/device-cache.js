// What the device keeps between visits to start Python faster (Cache Storage, made by snapshot.js):
// a memory snapshot of the bare interpreter, and the compiled bytecode (.pyc) of the calculator and
// its libraries. Neither holds enterprise data. Keys name the exact Pyodide version and the digest of
// the site's lock file (which pins every wheel by sha256), so nothing stale is ever restored.
export const DEVICE_CACHE = "sxcalc-pyodide-snapshot";
export const RUNTIME = new URL("../pyodide/", import.meta.url);
export const LOCK_FILE = new URL("pyodide-lock.json", RUNTIME).href;

// The snapshot is only valid for the same runtime started the same way: the key names the Pyodide
// version and the lock file's digest (which pins every wheel and the compiled standard library).
export const snapshotKey = (version, lockDigest) => new URL(`snapshot-${version}-${lockDigest}-v2.bin`, RUNTIME).href;
export const bytecodeKey = (version, lockDigest) => new URL(`bytecode-${version}-${lockDigest}.zip`, RUNTIME).href;

// The site's lock file, read once: Pyodide gets its text (no second request), and the device cache
// keys on its digest (null where there is no Cache Storage: not a secure context).
export async function readRuntime() {
  const response = await fetch(LOCK_FILE);
  if (!response.ok) throw new Error(`运行环境清单下载失败（HTTP ${response.status}）`);
  const text = await response.text();
  const stdlib = (JSON.parse(text).info || {}).sxcalc_stdlib || null;
  let digest = null;
  if (typeof caches !== "undefined" && globalThis.crypto && crypto.subtle) {
    const hash = new Uint8Array(await crypto.subtle.digest("SHA-256", new TextEncoder().encode(text)));
    digest = Array.from(hash.slice(0, 12), (b) => b.toString(16).padStart(2, "0")).join("");
  }
  return { text, stdlib, digest };
}

// A site built with Node.js ships its wheels and standard library already compiled (build.py
// precompile_bytecode, which also writes info.sxcalc_stdlib): the device has no bytecode left to make.
export const shipsBytecode = (runtime) => Boolean(runtime.stdlib);

// How both workers start Pyodide (they must match, or a snapshot would not fit): from this site's
// files, with the standard library compiled at build time when the build made one (build.py
// write_compiled_stdlib); any other standard-library module is fetched on first import.
export function bootOptions(runtime, { compiledStdlib = true } = {}) {
  const options = { indexURL: RUNTIME.href, lockFileContents: runtime.text, packageBaseUrl: RUNTIME.href };
  if (compiledStdlib && runtime.stdlib) {
    options.stdLibURL = new URL(runtime.stdlib.file_name, RUNTIME).href;
    options.env = { SXCALC_STDLIB_FALLBACK: new URL(runtime.stdlib.fallback, RUNTIME).href };
  }
  return options;
}

export async function readCached(key) {
  try {
    if (typeof caches === "undefined") return null;
    const hit = await (await caches.open(DEVICE_CACHE)).match(key);
    return hit ? new Uint8Array(await hit.arrayBuffer()) : null;
  } catch {
    return null;        // no Cache Storage here (opaque origin, private mode): start normally
  }
}

export async function dropCached(key) {
  try { await (await caches.open(DEVICE_CACHE)).delete(key); } catch { /* nothing to drop */ }
}

export async function putCached(key, bytes) {
  await (await caches.open(DEVICE_CACHE)).put(key, new Response(bytes, { headers: { "content-type": "application/octet-stream" } }));
}
