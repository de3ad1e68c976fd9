// What the device keeps between visits to start Python faster (Cache Storage, made by snapshot.js):
// a memory snapshot of the bare interpreter, and the compiled bytecode (.pyc) of the calculator and
// its libraries. Neither holds enterprise data. Keys name the exact Pyodide version and the digest of
// the site's lock file (which pins every wheel by sha256), so nothing stale is ever restored.
export const DEVICE_CACHE = "sxcalc-pyodide-snapshot";
export const RUNTIME = new URL("../pyodide/", import.meta.url);
export const LOCK_FILE = new URL("pyodide-lock.json", RUNTIME).href;

export const snapshotKey = (version) => new URL(`snapshot-${version}-v1.bin`, RUNTIME).href;
export const bytecodeKey = (version, lockDigest) => new URL(`bytecode-${version}-${lockDigest}.zip`, RUNTIME).href;

export async function lockDigest() {
  if (typeof caches === "undefined" || !globalThis.crypto || !crypto.subtle) return null;   // not a secure context
  const text = await (await fetch(LOCK_FILE)).arrayBuffer();
  const hash = new Uint8Array(await crypto.subtle.digest("SHA-256", text));
  return Array.from(hash.slice(0, 12), (b) => b.toString(16).padStart(2, "0")).join("");
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
