"""Sharing one Policy across threads; evaluate_batch releases the GIL while it evaluates."""

import concurrent.futures
import sys
import threading

import interdict
from conftest import AFTER_BAN, BEFORE_BAN
from test_batch import CONTEXTS, ROWS, columns


def test_one_policy_shared_by_threads(catalog):
    rows = ROWS * 200
    expected = [catalog.evaluate_batch(**columns(rows), **context) for context in CONTEXTS]
    expected_one = [catalog.evaluate(ROWS[0], **context).to_json() for context in CONTEXTS]

    def work(i):
        k = i % len(CONTEXTS)
        batch = catalog.evaluate_batch(**columns(rows), **CONTEXTS[k])
        one = catalog.evaluate(ROWS[0], **CONTEXTS[k]).to_json()
        return k, batch, one

    with concurrent.futures.ThreadPoolExecutor(max_workers=4) as pool:
        for k, batch, one in pool.map(work, range(16)):
            assert batch == expected[k]
            assert one == expected_one[k]


def test_evaluate_batch_releases_the_gil(catalog):
    """With a switch interval far longer than the test, a thread that holds the GIL keeps
    it until it releases it itself: the main thread can then run while the batch thread
    is inside evaluate_batch only if evaluate_batch released the GIL."""
    rows = columns(ROWS * 20000)
    started = threading.Event()  # Set just before the call.
    inside = [False]  # True during the call.
    seen_inside = []
    results = []

    def batch():
        inside[0] = True
        started.set()
        results.append(catalog.evaluate_batch(**rows, **CONTEXTS[0]))
        inside[0] = False

    interval = sys.getswitchinterval()
    sys.setswitchinterval(1000.0)
    try:
        thread = threading.Thread(target=batch)
        thread.start()  # Returns once the batch thread releases the GIL (or ends).
        started.wait()
        seen_inside.append(inside[0])
        thread.join()
    finally:
        sys.setswitchinterval(interval)
    assert seen_inside == [True]
    assert results[0] == catalog.evaluate_batch(**rows, **CONTEXTS[0])


def test_two_batches_run_concurrently(catalog):
    """Two threads in evaluate_batch at once, both correct (they overlap only if the GIL
    is released; correctness, not timing, is asserted)."""
    rows = columns(ROWS * 5000)
    barrier = threading.Barrier(2)
    results = {}

    def batch(name, context):
        barrier.wait()
        results[name] = catalog.evaluate_batch(**rows, **context)

    threads = [threading.Thread(target=batch, args=("after", CONTEXTS[0])),
               threading.Thread(target=batch, args=("before", CONTEXTS[1]))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert results["after"] == catalog.evaluate_batch(**rows, **CONTEXTS[0])
    assert results["before"] == catalog.evaluate_batch(**rows, **CONTEXTS[1])
    assert results["after"]["verdict"][0] == interdict.Verdict.DENY
    assert results["before"]["verdict"][0] == interdict.Verdict.ALLOW
    assert AFTER_BAN > BEFORE_BAN
