"""Measures fleet_job.py's throughput and its scaling from 1 to 2 Dask workers; prints Markdown tables.

Generates the fleet once (--rows over --partitions files under --data, kept for the
next run unless --fresh), then runs the job on a LocalCluster with 1 worker, 2 workers
(1 thread each) and 1 worker of 2 threads, each --repeats times, and reports per run:
rows/s (rows evaluated / time from submitting the tasks to the last result), elapsed,
the cluster's start-up and compile time, the split of the tasks' time between reading,
evaluating and aggregating/writing, the tasks' CPU time per row (their threads'
CPU time: what a core spends, whatever the load), and each worker's peak RSS (getrusage
in the worker process). A second, smaller fleet (--reader-rows) compares the two readers on 1 worker.
The load average is printed around every run: the machine may be shared.

    bazel build //python:python3
    PYTHONPATH=$(bazel info bazel-bin)/python/python3.runfiles/interdict/python \\
        /usr/bin/python3 -P examples/dask/measure_scaling.py --data=/tmp/interdict-fleet

Delete --data afterwards (10 M rows are about 1.6 GB).
"""

import argparse
import datetime
import json
import os
import pathlib
import shutil
import subprocess
import sys
import time

HERE = pathlib.Path(__file__).absolute().parent
AT = "2025-06-01T00:00:00Z"


def generate(directory, rows, partitions, fresh):
    if fresh and directory.exists():
        shutil.rmtree(directory)
    manifest = directory / "manifest.json"
    if manifest.exists():
        existing = json.loads(manifest.read_text(encoding="utf-8"))
        if (existing["rows"], existing["partitions"]) == (rows, partitions):
            print(f"reusing {directory}: {rows:,} rows in {partitions} partitions", flush=True)
            return
        sys.exit(f"{directory} holds another fleet ({existing['rows']:,} rows, {existing['partitions']} "
                 f"partitions): give --fresh or another --data")
    started = time.perf_counter()
    subprocess.run([sys.executable, "-P", str(HERE / "generate_inventory.py"), f"--out={directory}",
                    f"--rows={rows}", f"--partitions={partitions}"], check=True)
    print(f"generated in {time.perf_counter() - started:.0f} s", flush=True)


def run(data, output, workers, threads, reader):
    if output.exists():
        shutil.rmtree(output)
    load_before = os.getloadavg()[0]
    started = time.perf_counter()
    subprocess.run([sys.executable, "-P", str(HERE / "fleet_job.py"), f"--input={data}", f"--output={output}",
                    f"--workers={workers}", f"--threads-per-worker={threads}", f"--reader={reader}", f"--at={AT}"],
                   check=True, stderr=subprocess.DEVNULL)
    wall = time.perf_counter() - started
    summary = json.loads((output / "summary.json").read_text(encoding="utf-8"))
    shutil.rmtree(output)
    compiles = sorted(w["compiles"] for w in summary["workers"].values())
    if compiles != [1] * workers:
        sys.exit(f"compiles per worker {compiles}, expected one each")
    return {
        "workers": workers, "threads": threads, "reader": reader, "rows": summary["rows"],
        "rows_per_second": summary["rows_per_second"], "elapsed": summary["elapsed_seconds"],
        "setup": summary["setup_seconds"], "wall": wall, "split": summary["task_seconds"],
        "cpu": summary["task_cpu_seconds"],
        "rss_mib": sorted(w["peak_rss_kib"] / 1024 for w in summary["workers"].values()),
        "rss_after_compile_mib": sorted(w["rss_after_compile_kib"] / 1024 for w in summary["workers"].values()),
        "load": (load_before, os.getloadavg()[0]),
    }


def table(results, baseline):
    print("| workers x threads | reader | rows | rows/s | vs first | elapsed | start-up + compile | "
          "task time: read / evaluate / aggregate+write | task CPU per row | peak RSS per worker (after compile) | "
          "load avg before/after |")
    print("| --- | --- | ---: | ---: | ---: | ---: | ---: | --- | ---: | --- | --- |")
    for r in results:
        split = r["split"]
        total = sum(split.values())
        share = " / ".join(f"{split[k]:.0f} s ({100 * split[k] / total:.0f}%)"
                           for k in ("read", "evaluate", "aggregate_write"))
        rss = ", ".join(f"{m:.0f}" for m in r["rss_mib"])
        after = ", ".join(f"{m:.0f}" for m in r["rss_after_compile_mib"])
        print(f"| {r['workers']} x {r['threads']} | {r['reader']} | {r['rows']:,} | {r['rows_per_second']:,.0f} | "
              f"{r['rows_per_second'] / baseline:.2f}x | {r['elapsed']:.1f} s | {r['setup']:.1f} s | {share} | "
              f"{r['cpu'] / r['rows'] * 1e6:.1f} µs | {rss} MiB ({after}) | {r['load'][0]:.2f} / {r['load'][1]:.2f} |")


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--data", type=pathlib.Path, default=pathlib.Path("/tmp/interdict-fleet"))
    parser.add_argument("--rows", type=int, default=10_000_000)
    parser.add_argument("--partitions", type=int, default=200)
    parser.add_argument("--reader-rows", type=int, default=1_000_000, help="rows of the reader comparison")
    parser.add_argument("--repeats", type=int, default=2)
    parser.add_argument("--fresh", action="store_true", help="generate again even if --data holds the fleet")
    args = parser.parse_args()

    print(f"{datetime.datetime.now(datetime.timezone.utc):%Y-%m-%d %H:%M} UTC, {os.cpu_count()} CPUs, "
          f"load average {os.getloadavg()[0]:.2f}", flush=True)
    fleet, small = args.data / "fleet", args.data / "readers"
    generate(fleet, args.rows, args.partitions, args.fresh)
    generate(small, args.reader_rows, 20, args.fresh)

    results = []
    for _ in range(args.repeats):
        for workers, threads in [(1, 1), (2, 1), (1, 2)]:
            results.append(run(fleet, args.data / "out", workers, threads, "json"))
            print(json.dumps(results[-1]), flush=True)
    readers = [run(small, args.data / "out", 1, 1, reader) for reader in ("json", "library")]
    for r in readers:
        print(json.dumps(r), flush=True)

    print()
    best_one = max(r["rows_per_second"] for r in results if (r["workers"], r["threads"]) == (1, 1))
    table(results, best_one)
    print()
    table(readers, readers[0]["rows_per_second"])
    best_two = max(r["rows_per_second"] for r in results if (r["workers"], r["threads"]) == (2, 1))
    print(f"\nscaling 1 -> 2 workers (best runs): {best_two / best_one:.2f}x")


if __name__ == "__main__":
    main()
