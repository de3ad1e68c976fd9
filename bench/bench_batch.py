"""Batch matching throughput (a benchmark, not a test).

    .venv/bin/python bench/bench_batch.py [--rows 100000]
Generates a synthetic register, runs `python -m calculator batch` with --jobs 1 and --jobs N (all cores)
in the same run, and prints rows/s, per-core rate, peak memory, and the extrapolated time for 1,000,000 rows.
"""

import argparse
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def run(register: Path, out: Path, jobs: int) -> tuple[float, float]:
    t = time.perf_counter()
    subprocess.run([sys.executable, "-m", "calculator", "batch", str(register), "--as-of", "2022-12-31",
                    "-o", str(out), "--jobs", str(jobs)], cwd=ROOT, check=True, stdout=subprocess.DEVNULL,
                   stderr=subprocess.DEVNULL)
    seconds = time.perf_counter() - t
    peak_mb = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    return seconds, peak_mb


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--rows", type=int, default=100_000)
    args = ap.parse_args()
    cores = len(os.sched_getaffinity(0))
    with tempfile.TemporaryDirectory() as tmp:
        reg = Path(tmp) / "register.csv"
        subprocess.run([sys.executable, str(ROOT / "bench" / "make_register.py"), str(args.rows), str(reg)], check=True)
        print(f"register: {args.rows:,} rows, {reg.stat().st_size / 1e6:.1f} MB; machine cores={cores}")
        results = {}
        for jobs in sorted({1, cores}):
            seconds, peak = run(reg, Path(tmp) / f"out{jobs}.csv", jobs)
            rate = args.rows / seconds
            results[jobs] = rate
            print(f"--jobs {jobs}: {seconds:7.1f} s  {rate:8,.0f} rows/s  ({rate / jobs:,.0f} per core; target >= 2,000)  "
                  f"peak RSS of a process {peak:,.0f} MB  -> 1,000,000 rows in {1_000_000 / rate / 60:.1f} min (target <= 10)")
        if cores > 1:
            print(f"speed-up with {cores} processes: {results[cores] / results[1]:.2f}x")


if __name__ == "__main__":
    main()
