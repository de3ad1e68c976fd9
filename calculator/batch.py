"""Proactive matching (免申即享) over a bureau's enterprise register (CPython tool).

    python -m calculator batch ENTERPRISES.(csv|xlsx) --as-of 2022-12-31 -o RESULT.(csv|xlsx) [--jobs N]

Input: one row per enterprise; Chinese or English column headers (see ``COLUMNS``).
Output: one row per enterprise × entitlement that is eligible or undecided (``--all``: every rule),
an explicit row for an enterprise with none, and an error row (with its line number) for a bad
input row: no input row is ever dropped. A per-policy summary goes to a second sheet (xlsx) or to
RESULT.summary.csv. Rows are streamed in bounded batches, so memory does not grow with the file.
"""

from __future__ import annotations

import csv
import gc
import io
import json
import os
import re
import sys
import threading
import time
from collections import Counter
from decimal import Decimal
from pathlib import Path
from typing import Iterable, Iterator

from ._standards import INDUSTRIES, REGIONS
from .engine import STATUS_LABELS, PolicySet, evaluate, fact_question
from .errors import CalculatorError, Issue
from .vocabulary import ENUMS, FACTS

# Column header (Chinese or English) -> profile field. Unlisted headers are an error (named).
COLUMNS: dict[str, str] = {"name": "name", "企业名称": "name", "名称": "name",
                           "id": "id", "统一社会信用代码": "id", "编号": "id",
                           "events": "events", "事项": "events", "事项（JSON）": "events",
                           "answered": "answered", "已完整填报": "answered", "已完整填报的事项": "answered",
                           "地区代码": "region", "所在地区": "region", "行业代码": "industry",
                           "从业人员": "employees", "营业收入": "revenue", "资产总额": "assets",
                           "企业规模": "size", "是否规上": "above_scale"}
for _name, (_t, _label, _q) in FACTS.items():
    COLUMNS[_name] = _name
    COLUMNS[_label] = _name

_TRUE = {"是", "true", "True", "TRUE", "1", "y", "Y", "yes", "是的", "√"}
_FALSE = {"否", "false", "False", "FALSE", "0", "n", "N", "no", "不是", "×"}
_ENUM_BY_LABEL = {k: {v: code for code, v in vals.items()} for k, vals in ENUMS.items()}
_ENUM_BY_LABEL["size"].update({"大型企业": "large", "中型企业": "medium", "小型企业": "small", "微型企业": "micro"})
_REGION_BY_NAME: dict[str, str] = {}
for _code, (_full, _parent) in REGIONS.items():
    _REGION_BY_NAME[_full] = _code
    short = _full.removeprefix("山西省")
    _REGION_BY_NAME[short] = _code
    if _parent and _parent != "140000":
        _REGION_BY_NAME.setdefault(short.removeprefix(REGIONS[_parent][0].removeprefix("山西省")), _code)

OUT_HEADERS = ["行号", "企业名称", "统一社会信用代码", "规则编号", "权益名称", "层级", "文件", "条款", "受理部门",
               "状态", "金额类型", "金额（元）", "上限（元）", "金额说明", "缺少的信息", "原因或错误"]
SUMMARY_HEADERS = ["规则编号", "权益名称", "层级", "文件", "受理部门", "符合条件企业数", "确定金额合计（元）",
                   "上限合计（元）", "无法判断企业数", "最常缺少的信息", "不符合条件企业数", "不在有效期内企业数"]
LEVEL_ZH = {"province": "省级", "city": "市级", "county": "县级"}
KIND_ZH = {"exact": "确定金额", "range": "最高不超过", "unknown": "未明确", "non_monetary": "非货币权益"}


class BatchError(CalculatorError):
    code = "invalid_register"


# --- reading ------------------------------------------------------------------------------

def _raw_rows(lines: Iterable[bytes]) -> Iterator[bytes]:
    """The bytes of each CSV row: a line break inside a quoted field does not end the row."""
    pending: list[bytes] = []
    inside = False
    for raw in lines:
        pending.append(raw)
        if raw.count(b'"') & 1:
            inside = not inside
        if not inside:
            yield b"".join(pending)
            pending = []
    if pending:
        yield b"".join(pending)


def _parse_rows(raw_rows: Iterable[bytes], first_line: int, bom: bool = False) -> Iterator[tuple[int, list[str] | None]]:
    """Rows numbered as ``csv.reader`` numbers them, each decoded on its own: a row that is not
    UTF-8 comes as None (reported as that row), and the rest of the file still reads. (A file with
    bare-CR line endings comes as one raw row holding them all.)"""
    line = first_line
    for i, data in enumerate(raw_rows):
        try:
            text = data.decode("utf-8-sig" if bom and i == 0 else "utf-8")
        except UnicodeDecodeError:
            yield line, None
            line += 1
            continue
        for row in csv.reader(io.StringIO(text, newline="")):
            yield line, row
            line += 1


def _rows_csv(path: Path) -> Iterator[tuple[int, list[str] | None]]:
    with path.open("rb") as f:
        yield from _parse_rows(_raw_rows(f), 1, bom=True)


def _rows_xlsx(path: Path) -> Iterator[tuple[int, list]]:
    from openpyxl import load_workbook  # noqa: PLC0415 - optional, CPython tool only
    wb = load_workbook(path, read_only=True, data_only=True)
    ws = wb.worksheets[0]
    for i, row in enumerate(ws.iter_rows(values_only=True), start=1):
        yield i, ["" if v is None else v for v in row]
    wb.close()


def read_register(path: Path) -> tuple[list[str], Iterator[tuple[int, list]]]:
    if not path.exists():
        raise BatchError([Issue("ENTERPRISES", f"找不到文件：{path}")])
    suffix = path.suffix.lower()
    if suffix not in (".csv", ".xlsx"):
        raise BatchError([Issue("ENTERPRISES", f"只支持 .csv 或 .xlsx 文件（收到 {path.suffix or '无扩展名'}）")])
    rows = _rows_xlsx(path) if suffix == ".xlsx" else _rows_csv(path)
    try:
        _, header = next(rows)
    except StopIteration:
        raise BatchError([Issue("ENTERPRISES", "文件是空的，第一行应为列标题")]) from None
    except (UnicodeDecodeError, ValueError) as exc:
        raise BatchError([Issue("ENTERPRISES", f"无法读取文件（请用 UTF-8 编码的 CSV 或 Excel .xlsx）：{exc}")]) from None
    if header is None:
        raise BatchError([Issue("ENTERPRISES", "第一行（列标题）无法按 UTF-8 读取，请把文件另存为 UTF-8 编码的 CSV 或 Excel .xlsx")])
    fields = []
    for col, title in enumerate(header, start=1):
        title = str(title).strip()
        if title not in COLUMNS:
            raise BatchError([Issue(f"第1行第{col}列", f"不认识的列标题“{title}”；可用的列见文档（如 企业名称、地区代码、行业代码、从业人员、营业收入）")])
        fields.append(COLUMNS[title])
    return fields, rows


def _convert(field: str, value) -> object:
    if isinstance(value, str):
        value = value.strip()
    if value == "" or value is None:
        return None
    if field == "events":
        return json.loads(value) if isinstance(value, str) else value
    if field == "answered":
        return [v.strip() for v in str(value).replace("，", ",").split(",") if v.strip()]
    if field in ("name", "id"):
        return str(value)
    if field == "region":
        text = str(value).split(".")[0] if isinstance(value, (int, float)) else str(value)
        return _REGION_BY_NAME.get(text, text)
    if field == "industry":
        text = str(value).split()[0]
        return text if text in INDUSTRIES else str(value)
    kind = FACTS.get(field, ("",))[0] if field != "size" else "enum:size"
    if kind == "bool":
        if value is True or value is False:
            return value
        if str(value) in _TRUE:
            return True
        if str(value) in _FALSE:
            return False
        return str(value)      # refused by validation, with the field named
    if kind.startswith("enum:"):
        return _ENUM_BY_LABEL[kind[5:]].get(str(value), str(value))
    if kind == "date" and hasattr(value, "isoformat"):
        return value.isoformat()[:10]
    if isinstance(value, float) and value.is_integer():
        return int(value)
    return value if not isinstance(value, float) else str(value)


def row_to_profile(fields: list[str], row: list) -> tuple[dict, str, str]:
    profile: dict = {}
    name = ident = ""
    for field, value in zip(fields, row):
        try:
            v = _convert(field, value)
        except json.JSONDecodeError as exc:
            raise BatchError([Issue("事项", f"事项列应为 JSON 列表：{exc.msg}")]) from None
        if v is None:
            continue
        if field == "name":
            name = v
        if field == "id":
            ident = v
            continue
        profile[field] = v
    return profile, name, ident


# --- evaluating (in worker processes) --------------------------------------------------------

_POLICIES: PolicySet | None = None
_ORDER: list[str] = []
_META: dict[str, tuple] = {}
_META_CSV: dict[str, str] = {}
_NEEDS_QUOTES = re.compile(r'[,"\r\n]').search


def _q(value) -> str:
    """One CSV field, quoted exactly when ``csv.writer`` (QUOTE_MINIMAL) would quote it."""
    text = str(value)
    return '"' + text.replace('"', '""') + '"' if _NEEDS_QUOTES(text) else text


def _init(bundle: dict) -> None:
    global _POLICIES, _ORDER, _META, _META_CSV
    _POLICIES = PolicySet(bundle)
    _ORDER = [e[2]["id"] for e in _POLICIES.entries]
    _META = {e[2]["id"]: (e[2]["label"], LEVEL_ZH[e[0]["level"]], e[0].get("number") or e[0]["title"], e[1]["number"],
                          e[2]["department"]) for e in _POLICIES.entries}
    # the six columns that depend only on the rule, already in CSV form
    _META_CSV = {rid: ",".join(_q(v) for v in (rid, *meta)) for rid, meta in _META.items()}
    gc.freeze()     # the policies live as long as the process: keep them out of every collection


def _new_summary() -> dict:
    return {rid: [0, Decimal(0), Decimal(0), 0, Counter(), 0, 0] for rid in _ORDER}


def _rows_of_span(path: str, start: int, end: int, first_line: int, fields: list[str]) -> list[tuple]:
    """The register rows stored in bytes [start, end) of a CSV file, numbered from ``first_line``."""
    with open(path, "rb") as f:
        f.seek(start)
        data = f.read(end - start)
    return [(line, fields, row) for line, row in _parse_rows(_raw_rows(io.BytesIO(data)), first_line)]


def _evaluate_chunk(args) -> tuple:
    """Evaluate a chunk of register rows (given, or a byte span of the CSV file to read) in a
    worker process; return the finished output rows (CSV text, or lists for xlsx), a partial
    per-policy summary, the bad rows, and how many enterprises were read."""
    chunk, as_of, everything, as_text = args
    if isinstance(chunk, tuple):
        chunk = _rows_of_span(*chunk)
    text: list[str] = []
    rows: list[list] = []
    summary = _new_summary()
    errors: list[tuple[int, str]] = []
    labels: dict[str, str] = {}
    n_in = 0

    cache: dict[str, str] = {}          # amount texts and missing-fact lists repeat across firms

    def quoted(value: str) -> str:
        q = cache.get(value)
        if q is None:
            q = cache[value] = _q(value)
        return q

    def emit(values: list) -> None:
        if as_text:
            text.append(",".join(_q(v) for v in values) + "\r\n")
        else:
            rows.append(values)

    for line, fields, row in chunk:
        if row is not None and not any(str(v).strip() for v in row):
            continue                  # a blank line is not an enterprise
        n_in += 1
        try:
            if row is None:
                raise BatchError([Issue("编码", "这一行无法按 UTF-8 读取，请把文件另存为 UTF-8 编码的 CSV")])
            profile, name, ident = row_to_profile(fields, row)
            res = evaluate(profile, _POLICIES, as_of, detail=False)
        except CalculatorError as exc:
            message = "；".join(str(i) for i in exc.issues)
            errors.append((line, message))
            emit([line, "", "", "", "", "", "", "", "", "输入有误", "", "", "", "", "", message])
            continue
        head = f"{line},{_q(name)},{_q(ident)},"
        written = 0
        for r in res["results"]:
            status, rid = r["status"], r["rule_id"]
            s = summary[rid]
            if status == "not_eligible":
                s[5] += 1
                if not everything:
                    continue
            elif status == "not_in_force":
                s[6] += 1
                if not everything:
                    continue
            a = r["amount"]
            akind = a["kind"]
            excluded = "excluded_by" in r
            if status == "eligible":
                s[0] += 1
                if not excluded:
                    if akind == "exact":
                        s[1] += Decimal(a["min"])
                    elif akind == "range":
                        s[2] += Decimal(a["max"])
            elif status == "unknown":
                s[3] += 1
                s[4].update(r["missing"])
            missing = "、".join(labels.get(m) or labels.setdefault(m, fact_question(m)["label"]) for m in r["missing"])
            amin = a.get("min", "") if akind == "exact" else ""
            amax = a.get("max", "") if akind in ("range", "exact") else ""
            reason = (r.get("reason") or "") + ("（与互斥规则只计其一）" if excluded else "")
            if as_text:
                text.append(f"{head}{_META_CSV[rid]},{STATUS_LABELS[status]},{KIND_ZH.get(akind, akind)},{amin},{amax},"
                            f"{quoted(a.get('text', ''))},{quoted(missing)},{_q(reason) if reason else ''}\r\n")
            else:
                rows.append([line, name, ident, rid, *_META[rid], STATUS_LABELS[status], KIND_ZH.get(akind, akind),
                             amin, amax, a.get("text", ""), missing, reason])
            written += 1
        if not written:
            emit([line, name, ident, "", "", "", "", "", "", "无适用权益", "", "", "", "", "", ""])
    if as_text:
        return "".join(text), len(text), summary, errors, n_in
    return rows, len(rows), summary, errors, n_in


# --- writing --------------------------------------------------------------------------------

class _Writer:
    def __init__(self, path: Path):
        self.path = path
        self.xlsx = path.suffix.lower() == ".xlsx"
        if self.xlsx:
            from openpyxl import Workbook  # noqa: PLC0415
            self.wb = Workbook(write_only=True)
            self.ws = self.wb.create_sheet("逐户结果")
            self.ws.append(OUT_HEADERS)
            self.rows = 1
        else:
            self.f = path.open("w", encoding="utf-8-sig", newline="")
            self.w = csv.writer(self.f)
            self.w.writerow(OUT_HEADERS)

    def text(self, block: str) -> None:
        self.f.write(block)

    def row(self, values: list) -> None:
        if self.xlsx:
            if self.rows >= 1_048_576:
                raise BatchError([Issue("-o", "结果超过 Excel 单表 1,048,576 行上限，请改用 .csv 输出")])
            self.ws.append(values)
            self.rows += 1
        else:
            self.w.writerow(values)

    def close(self, summary: list[list]) -> Path:
        if self.xlsx:
            ws = self.wb.create_sheet("按政策汇总")
            ws.append(SUMMARY_HEADERS)
            for r in summary:
                ws.append(r)
            self.wb.save(self.path)
            return self.path
        self.f.close()
        spath = self.path.with_suffix(".summary.csv")
        with spath.open("w", encoding="utf-8-sig", newline="") as f:
            w = csv.writer(f)
            w.writerow(SUMMARY_HEADERS)
            w.writerows(summary)
        return spath


class _Progress:
    def __init__(self, total: int | None, stream=sys.stderr):
        self.total, self.stream, self.done, self.t0, self.last = total, stream, 0, time.perf_counter(), 0.0
        self.tty = stream.isatty()

    def update(self, n: int) -> None:
        self.done += n
        now = time.perf_counter()
        if now - self.last < (0.3 if self.tty else 5.0) and (self.total is None or self.done < self.total):
            return
        self.last = now
        rate = self.done / max(now - self.t0, 1e-9)
        if self.total:
            width = 30
            filled = int(width * self.done / self.total)
            bar = "█" * filled + "░" * (width - filled)
            text = f"[{bar}] {self.done:,}/{self.total:,} 户（{rate:,.0f} 户/秒）"
        else:
            text = f"已处理 {self.done:,} 户（{rate:,.0f} 户/秒）"
        self.stream.write(("\r" if self.tty else "") + text + ("" if self.tty else "\n"))
        self.stream.flush()

    def finish(self) -> float:
        self.last = 0.0
        self.total = self.total if self.total and self.done <= self.total else None
        self.update(0)
        if self.tty:
            self.stream.write("\n")
        return time.perf_counter() - self.t0


def _count_rows(path: Path) -> int | None:
    if path.suffix.lower() == ".csv":
        with path.open("rb") as f:
            return max(sum(1 for _ in f) - 1, 0)
    try:
        from openpyxl import load_workbook  # noqa: PLC0415
        wb = load_workbook(path, read_only=True)
        n = (wb.worksheets[0].max_row or 1) - 1
        wb.close()
        return n
    except Exception:  # noqa: BLE001 - the progress bar then shows counts only
        return None


def _csv_spans(path: Path, rows_per_span: int) -> Iterator[tuple[int, int, int]]:
    """(start, end, first line) byte spans of the rows after the header, ``rows_per_span`` rows
    each, cut at row ends (see ``_raw_rows``), so lines are numbered as ``csv.reader`` numbers rows."""
    with path.open("rb") as f:
        rows = _raw_rows(f)
        header = next(rows, b"")
        pos = span_start = len(header)
        line = span_line = 2
        count = 0
        for raw in rows:
            pos += len(raw)
            line += 1
            count += 1
            if count == rows_per_span:
                yield span_start, pos, span_line
                span_start, span_line, count = pos, line, 0
        if pos > span_start:
            yield span_start, pos, span_line


def _splits_on_newlines(path: Path) -> bool:
    """Rows can be found by byte offsets unless the file ends its lines with a bare CR (old Mac)."""
    with path.open("rb") as f:
        head = f.read(1 << 16)
    return b"\n" in head or b"\r" not in head


def run_batch(bundle: dict, src: Path, out: Path, as_of: str, jobs: int = 1, everything: bool = False,
              chunk_size: int = 500, err=sys.stderr) -> dict:
    fields, rows = read_register(src)
    if out.suffix.lower() not in (".csv", ".xlsx"):
        raise BatchError([Issue("-o", f"结果文件只支持 .csv 或 .xlsx（收到 {out.suffix or '无扩展名'}）")])
    _init(bundle)
    summary = _new_summary()
    writer = _Writer(out)
    as_text = not writer.xlsx
    progress = _Progress(_count_rows(src), err)
    stats = {"rows": 0, "errors": 0, "entitlement_rows": 0}

    def chunks():
        if src.suffix.lower() == ".csv" and _splits_on_newlines(src):
            rows.close()               # each worker reads its own span of the file
            for span in _csv_spans(src, chunk_size):
                yield ((str(src), *span, fields), as_of, everything, as_text)
            return
        chunk = []
        for line, row in rows:
            chunk.append((line, fields, None if row is None else list(row)))
            if len(chunk) >= chunk_size:
                yield (chunk, as_of, everything, as_text)
                chunk = []
        if chunk:
            yield (chunk, as_of, everything, as_text)

    def consume(result):
        block, n_out, part, errors, n_in = result
        if as_text:
            writer.text(block)
        else:
            for r in block:
                writer.row(r)
        for rid, p in part.items():
            s = summary[rid]
            for i in (0, 3, 5, 6):
                s[i] += p[i]
            s[1] += p[1]
            s[2] += p[2]
            s[4].update(p[4])
        for line, message in errors:
            err.write(("\n" if progress.tty else "") + f"第{line}行有误，已在结果中标明：{message}\n")
        stats["rows"] += n_in
        stats["errors"] += len(errors)
        stats["entitlement_rows"] += n_out
        progress.update(n_in)

    if jobs > 1:
        import multiprocessing as mp
        ctx = mp.get_context("fork") if "fork" in mp.get_all_start_methods() else mp.get_context()
        in_flight = threading.Semaphore(4 * jobs)      # bounded memory: at most 4 chunks per process
        stop = threading.Event()

        def bounded():                 # runs in the pool's feeder thread; keeps every process busy
            for job in chunks():
                while not in_flight.acquire(timeout=0.2):
                    if stop.is_set():
                        return
                yield job

        with ctx.Pool(jobs, initializer=_init, initargs=(bundle,)) as pool:
            try:
                for res in pool.imap(_evaluate_chunk, bounded()):
                    consume(res)
                    in_flight.release()
            finally:
                stop.set()
    else:
        for job in chunks():
            consume(_evaluate_chunk(job))
    seconds = progress.finish()
    rows_out = []
    for rid, s in summary.items():
        label, level, doc, clause, dept = _META[rid]
        top = "；".join(f"{fact_question(m)['label']}（{n}户）" for m, n in s[4].most_common(3))
        rows_out.append([rid, label, level, f"{doc} {clause}", dept, s[0], str(s[1]), str(s[2]), s[3], top, s[5], s[6]])
    summary_path = writer.close(rows_out)
    stats.update(seconds=seconds, per_second=stats["rows"] / max(seconds, 1e-9), summary=str(summary_path),
                 output=str(out), jobs=jobs)
    return stats


def default_jobs() -> int:
    return max(1, len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else (os.cpu_count() or 1))
