"""The first request of each page after a change, while a writer keeps changing the data (run
by benches/pages.sh).

A writer thread approves submitted reports through the API, one at a time, as a reviewer
does (a manager's token, `If-Match`, an `Idempotency-Key`), pausing WRITE_PAUSE seconds
between approvals. The reader, signed in, loads each page SAMPLES times; before each load it
waits until the writer has committed another approval since its previous load (and the
change notification has had SETTLE seconds to arrive), so every load it times is the first
request of that page after a change. Prints, per page, the median, 90th percentile and
slowest of those loads, then the writer's count and its own median time per approval.

Standard library only. Environment: BASE, COOKIE (the reader's session, a Cookie header),
TENANT_COOKIE (for /my), REVIEW_TOKEN (a manager's write token), PAGES (space-separated),
SAMPLES (10), WRITE_PAUSE (0.05), SETTLE (0.02).
"""

import http.client
import json
import os
import statistics
import sys
import threading
import time
import urllib.parse
import uuid

BASE = urllib.parse.urlsplit(os.environ["BASE"])
COOKIE = os.environ["COOKIE"]
TENANT_COOKIE = os.environ.get("TENANT_COOKIE", "")
REVIEW_TOKEN = os.environ["REVIEW_TOKEN"]
PAGES = os.environ["PAGES"].split()
SAMPLES = int(os.environ.get("SAMPLES", "10"))
WRITE_PAUSE = float(os.environ.get("WRITE_PAUSE", "0.05"))
SETTLE = float(os.environ.get("SETTLE", "0.02"))

STOP = threading.Event()
approved = 0
approved_changed = threading.Condition()
write_times = []
write_errors = []


def connection():
    return http.client.HTTPConnection(BASE.hostname, BASE.port, timeout=60)


def request(conn, method, path, headers, body=None):
    started = time.monotonic()
    conn.request(method, path, body=body, headers=headers)
    response = conn.getresponse()
    payload = response.read()
    return response.status, payload, time.monotonic() - started


def writer():
    global approved
    conn = connection()
    auth = {"Authorization": f"Bearer {REVIEW_TOKEN}"}
    while not STOP.is_set():
        status, payload, _ = request(
            conn, "GET", "/api/v1/observations?status=submitted&limit=50", auth)
        if status != 200:
            write_errors.append(f"list: {status}")
            time.sleep(0.5)
            continue
        items = json.loads(payload)["items"]
        if not items:
            write_errors.append("nothing left to approve")
            return
        for item in items:
            if STOP.is_set():
                return
            headers = dict(auth, **{
                "If-Match": f'"{item["version"]}"',
                "Idempotency-Key": str(uuid.uuid4()),
                "Content-Type": "application/json",
            })
            status, payload, took = request(
                conn, "POST", f"/api/v1/observations/{item['id']}/approve", headers,
                body=b"{}")
            if status != 200:
                write_errors.append(f"approve: {status} {payload[:200]!r}")
                continue
            write_times.append(took)
            with approved_changed:
                approved += 1
                approved_changed.notify_all()
            time.sleep(WRITE_PAUSE)


def main():
    thread = threading.Thread(target=writer, daemon=True)
    thread.start()
    conn = connection()
    results = {}
    seen = 0
    for page in PAGES:
        cookie = TENANT_COOKIE if page == "/my" else COOKIE
        times = []
        for _ in range(SAMPLES):
            with approved_changed:
                if not approved_changed.wait_for(lambda: approved > seen, timeout=30):
                    sys.exit(f"the writer stopped approving: {write_errors[-3:]}")
                seen = approved
            time.sleep(SETTLE)
            status, _, took = request(conn, "GET", page, {"Cookie": cookie})
            if status != 200:
                sys.exit(f"{page} answered {status}")
            times.append(took * 1000)
        results[page] = sorted(times)
    STOP.set()
    thread.join(timeout=30)
    print(f"\n{'page':<34} {'median':>9} {'p90':>9} {'slowest':>9}   (ms, {SAMPLES} loads each)")
    for page, times in results.items():
        p90 = times[min(len(times) - 1, int(round(0.9 * (len(times) - 1))))]
        print(f"{page:<34} {statistics.median(times):9.1f} {p90:9.1f} {times[-1]:9.1f}")
    if write_times:
        print(f"\nwriter: {len(write_times)} approvals, median "
              f"{statistics.median(write_times) * 1000:.1f} ms each, {len(write_errors)} errors")
    for error in write_errors[:5]:
        print(f"  writer error: {error}")


if __name__ == "__main__":
    main()
