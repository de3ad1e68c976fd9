// How the workers (worker.js, snapshot.js) start Pyodide from this site's files (readRuntime,
// bootOptions, useCompressedWasm), and what the device keeps between visits to start Python faster
// (Cache Storage, made by snapshot.js): a memory snapshot of the bare interpreter and, on a site built
// without precompiled bytecode, the compiled bytecode (.pyc) of the calculator and its libraries.
// Neither holds enterprise data. Keys name the exact Pyodide version and the digest of the site's lock
// file (which pins every wheel by sha256), so nothing stale is ever restored.
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
  const info = JSON.parse(text).info || {};
  let digest = null;
  if (typeof caches !== "undefined" && globalThis.crypto && crypto.subtle) {
    const hash = new Uint8Array(await crypto.subtle.digest("SHA-256", new TextEncoder().encode(text)));
    digest = Array.from(hash.slice(0, 12), (b) => b.toString(16).padStart(2, "0")).join("");
  }
  return { text, stdlib: info.sxcalc_stdlib || null, wasm: info.sxcalc_wasm || null, digest };
}

// A site built with Node.js ships its wheels and standard library already compiled (build.py
// precompile_bytecode, which also writes info.sxcalc_stdlib): the device has no bytecode left to make.
export const shipsBytecode = (runtime) => Boolean(runtime.stdlib);

// Pyodide's wasm is 9.6 MB, and most web servers send .wasm uncompressed; the build writes a gzip copy
// (3.5 MB, build.py write_compressed_wasm). From here on, this worker's requests for the wasm fetch that
// copy and decompress it as it arrives, so Pyodide compiles it while it downloads, as before. A server
// that already decoded it (Content-Encoding) hands over the wasm itself: it is passed on as is. If the
// copy cannot be fetched, the wasm itself is.
export function useCompressedWasm(runtime) {
  if (!runtime.wasm || typeof DecompressionStream === "undefined" || self.__sxcalcWasm) return;
  const wasm = new URL(runtime.wasm.decompressed, RUNTIME).href;
  const gz = new URL(runtime.wasm.file_name, RUNTIME).href;
  const plainFetch = self.fetch.bind(self);
  self.__sxcalcWasm = true;
  self.fetch = async (input, init) => {
    const url = input instanceof Request ? input.url : String(input);
    if (url !== wasm) return plainFetch(input, init);
    const response = await plainFetch(gz).catch(() => null);
    if (!response || !response.ok) return plainFetch(input, init);
    const reader = response.body.getReader();
    const first = await reader.read();
    const head = first.value || new Uint8Array(0);
    const body = new ReadableStream({
      start(controller) { if (head.length) controller.enqueue(head); if (first.done) controller.close(); },
      async pull(controller) {
        const { value, done } = await reader.read();
        if (done) controller.close(); else controller.enqueue(value);
      },
      cancel(reason) { return reader.cancel(reason); },
    });
    const gzipped = head[0] === 0x1f && head[1] === 0x8b;
    return new Response(gzipped ? body.pipeThrough(new DecompressionStream("gzip")) : body,
      { status: 200, headers: { "Content-Type": "application/wasm" } });
  };
}

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
