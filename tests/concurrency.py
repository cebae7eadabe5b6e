"""Running work in parallel threads, each with its own database connection."""

import threading

from django.db import connection


def run_together(count, work):
    """Run `work(index)` in `count` threads started at once; return each outcome
    (a result or the exception raised)."""
    barrier = threading.Barrier(count)
    results = [None] * count

    def runner(index):
        try:
            barrier.wait()
            results[index] = work(index)
        except Exception as error:  # the test inspects every outcome
            results[index] = error
        finally:
            connection.close()

    threads = [threading.Thread(target=runner, args=(i,)) for i in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return results
