"""Pyodide's 9.6 MB wasm travels as its 3.5 MB gzip copy (most servers send .wasm uncompressed): the page
fetches the copy and never the original; a server that already decoded the copy, or a site where the copy
is missing, still gives a working calculator."""

from .conftest import ROOT, fill_micro_firm_and_check, open_calculator

WASM = ROOT / "site" / "assets" / "pyodide" / "pyodide.asm.wasm"


def _wasm_requests(page):
    return [r.url.rsplit("/", 1)[1] for r in page.recorder.requests if "/pyodide.asm.wasm" in r.url]


def test_the_page_fetches_the_compressed_wasm_only(page, site_url):
    open_calculator(page, site_url)
    fill_micro_firm_and_check(page)
    assert _wasm_requests(page) == ["pyodide.asm.wasm.gz"]
    assert page.recorder.errors == []


def test_a_server_that_decodes_the_gzip_copy_itself_still_works(page, site_url):
    # as if the server had sent "Content-Encoding: gzip" for the .gz file and the browser had decoded it
    page.route("**/pyodide.asm.wasm.gz", lambda route: route.fulfill(body=WASM.read_bytes(),
                                                                   content_type="application/octet-stream"))
    open_calculator(page, site_url)
    fill_micro_firm_and_check(page)
    assert _wasm_requests(page) == ["pyodide.asm.wasm.gz"]


def test_without_the_gzip_copy_the_original_wasm_is_fetched(page, site_url):
    page.route("**/pyodide.asm.wasm.gz", lambda route: route.fulfill(status=404, body="not found"))
    open_calculator(page, site_url)
    fill_micro_firm_and_check(page)
    assert _wasm_requests(page) == ["pyodide.asm.wasm.gz", "pyodide.asm.wasm"]
