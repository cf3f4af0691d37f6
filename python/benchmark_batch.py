"""Throughput of Policy.evaluate_batch from Python against the bundled catalog.

A seeded inventory of real and synthetic software names (about 5% hit a catalog rule,
as the C++ benchmarks' "mixed" inventory) goes through evaluate_batch: on one thread,
then split over two threads (the GIL is released while the library evaluates), then
the per-call path (Policy.evaluate) on a sample for comparison. Prints a Markdown table
(python/README.md, "Throughput").

    bazel run //python:python3 -- python/benchmark_batch.py --rows=1000000

or with an installed module, `python -P python/benchmark_batch.py` (-P: python/'s own
source-only package must not shadow the installed one).
"""

import argparse
import datetime
import random
import statistics
import threading
import time

import interdict

# Catalog hits: (name, vendor, purl).
HITS = [
    ("Kaspersky Internet Security", "AO Kaspersky Lab", ""),
    ("Kaspersky Endpoint Security for Windows", "Kaspersky", ""),
    ("Kaspersky Security Cloud", "Kaspersky Lab UK Limited", ""),
    ("TikTok", "TikTok Pte. Ltd.", ""),
    ("TikTok", "ByteDance Ltd.", ""),
    ("DeepSeek", "Hangzhou DeepSeek Artificial Intelligence Co., Ltd.", ""),
    ("kesl", "", "pkg:deb/kaspersky/kesl@12.0.0"),
    ("Hikvision iVMS-4200", "Hikvision", ""),
]
# Misses: common software, then synthetic products of synthetic vendors.
MISSES = [
    ("Mozilla Firefox (x64 en-US)", "Mozilla", ""),
    ("Google Chrome", "Google LLC", ""),
    ("7-Zip 23.01 (x64)", "Igor Pavlov", ""),
    ("Microsoft Edge", "Microsoft Corporation", ""),
    ("Visual Studio Code", "Microsoft Corporation", ""),
    ("Zoom Workplace", "Zoom Video Communications, Inc.", ""),
    ("curl", "", "pkg:deb/debian/curl@7.88.1-10"),
    ("openssl", "", "pkg:deb/debian/openssl@3.0.11-1"),
]
CONTEXT = dict(
    at=datetime.datetime(2025, 6, 1, tzinfo=datetime.timezone.utc),
    action="run",
    jurisdictions=["US"],
    organization_kinds=["federal-executive-agency"],
)


def inventory(rows, hit_rate, seed=1):
    """Columns name, vendor, version, purl: `rows` rows, `hit_rate` of them catalog hits."""
    rng = random.Random(seed)
    synthetic = [(f"Product {i} Suite", f"Vendor {i % 997} Inc.", "") for i in range(5000)]
    names, vendors, versions, purls = [], [], [], []
    for _ in range(rows):
        if rng.random() < hit_rate:
            name, vendor, purl = rng.choice(HITS)
        elif rng.random() < 0.3:
            name, vendor, purl = rng.choice(MISSES)
        else:
            name, vendor, purl = rng.choice(synthetic)
        names.append(name)
        vendors.append(vendor)
        versions.append(f"{rng.randint(1, 30)}.{rng.randint(0, 9)}.{rng.randint(0, 999)}")
        purls.append(purl)
    return {"name": names, "vendor": vendors, "version": versions, "purl": purls}


def timed(function):
    started = time.perf_counter()
    result = function()
    return time.perf_counter() - started, result


def timed_cpu(function):
    """CPU seconds of this process (one thread busy: comparable to Google Benchmark's
    items_per_second, which counts CPU time; wall time on a shared machine is not)."""
    started = time.process_time()
    function()
    return time.process_time() - started


def batch_on_threads(policy, columns, threads):
    """Splits the rows into `threads` slices, evaluated at once on as many threads."""
    rows = len(columns["name"])
    bounds = [rows * i // threads for i in range(threads + 1)]
    slices = [{k: v[bounds[i]:bounds[i + 1]] for k, v in columns.items()} for i in range(threads)]
    results = [None] * threads
    barrier = threading.Barrier(threads + 1)

    def work(i):
        barrier.wait()
        results[i] = policy.evaluate_batch(**slices[i], **CONTEXT)

    workers = [threading.Thread(target=work, args=(i,)) for i in range(threads)]
    for worker in workers:
        worker.start()
    started = time.perf_counter()
    barrier.wait()
    for worker in workers:
        worker.join()
    seconds = time.perf_counter() - started
    for result in results:
        if result is None:
            raise RuntimeError("a benchmark thread failed")
    return seconds, results


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--hit_rate", type=float, default=0.05)
    parser.add_argument("--repeats", type=int, default=5)
    parser.add_argument("--per_call_rows", type=int, default=50_000)
    args = parser.parse_args()

    policy = interdict.catalog()
    columns = inventory(args.rows, args.hit_rate)
    policy.evaluate_batch(**{k: v[:10000] for k, v in columns.items()}, **CONTEXT)  # Warm RE2's DFAs.

    one = [timed(lambda: policy.evaluate_batch(**columns, **CONTEXT))[0] for _ in range(args.repeats)]
    one_cpu = [timed_cpu(lambda: policy.evaluate_batch(**columns, **CONTEXT)) for _ in range(args.repeats)]
    two = [batch_on_threads(policy, columns, 2)[0] for _ in range(args.repeats)]
    # Empty names: the conversion in and out and the cheapest evaluation there is, to tell
    # the binding's share from the library's.
    empty = {"name": [""] * args.rows}
    floor = [timed(lambda: policy.evaluate_batch(**empty, **CONTEXT))[0] for _ in range(args.repeats)]
    sample = {k: v[: args.per_call_rows] for k, v in columns.items()}

    def per_call():
        for name, vendor, version, purl in zip(sample["name"], sample["vendor"], sample["version"], sample["purl"]):
            policy.evaluate(name=name, vendor=vendor, version=version, purl=purl, **CONTEXT)

    calls = [timed(per_call)[0] for _ in range(max(1, args.repeats // 2))]
    result = policy.evaluate_batch(**columns, **CONTEXT)
    denied = sum(1 for v in result["verdict"] if v == interdict.Verdict.DENY)

    def rate(rows, seconds):
        return f"{rows / statistics.median(seconds) / 1e6:.2f} M rows/s ({statistics.median(seconds) * 1e3:.0f} ms)"

    print(f"{args.rows:,} rows, {denied:,} DENY, catalog {policy.catalog_version}: "
          f"{policy.policy_count} policies, {policy.rule_count} rules; median of {args.repeats}")
    print()
    print("| path | throughput |")
    print("| --- | ---: |")
    print(f"| evaluate_batch, 1 thread | {rate(args.rows, one)} |")
    print(f"| evaluate_batch, 1 thread, CPU time | {rate(args.rows, one_cpu)} |")
    print(f"| evaluate_batch, 2 threads (half each) | {rate(args.rows, two)} |")
    print(f"| evaluate_batch of empty names (conversion and the cheapest evaluation), 1 thread | {rate(args.rows, floor)} |")
    print(f"| evaluate per row, 1 thread | {rate(args.per_call_rows, calls)} |")
    try:
        import pandas
    except ImportError:
        print("\n(pandas not installed: DataFrame conversion not measured)")
        return
    seconds, _ = timed(lambda: pandas.DataFrame(result))
    print(f"| pandas.DataFrame(result) | {args.rows / seconds / 1e6:.2f} M rows/s ({seconds * 1e3:.0f} ms) |")


if __name__ == "__main__":
    main()
