"""The mixed soak's load (run by benches/soak.sh): signed-in page views, API reads, batch
writes with idempotency keys (and their replays) and reviews, from several threads, for a
duration; prints the request and error counts and the server's memory (RSS) over time.

Standard library only. Arguments come from the environment: BASE, WRITE_TOKEN,
REVIEW_TOKEN, SERVER_PID, DURATION_SECONDS, READERS.
"""

import http.cookiejar
import json
import os
import re
import sys
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
import uuid

BASE = os.environ["BASE"]
WRITE_TOKEN = os.environ["WRITE_TOKEN"]
REVIEW_TOKEN = os.environ["REVIEW_TOKEN"]
SERVER_PID = int(os.environ["SERVER_PID"])
DURATION = float(os.environ["DURATION_SECONDS"])
READERS = int(os.environ.get("READERS", "3"))

PAGES = ["/", "/pillars/CE", "/pillars/SK", "/indicators/CE-01", "/indicators/CE-02",
         "/stakeholders", "/stakeholders/DEMO-RKEF-A", "/reporting", "/timeline", "/review"]
API_READS = ["/api/v1/me", "/api/v1/program", "/api/v1/indicators", "/api/v1/assignments",
             "/api/v1/observations?limit=50", "/api/v1/observations?indicator=CE-02&limit=20",
             "/api/v1/indicators/CE-01/series", "/api/v1/organisations", "/api/v1/milestones"]

# Three draft reports of DEMO-RKEF-A in periods the demo data leaves empty (as tests/heal.rs).
ITEMS = [
    {"indicator": "CE-02", "period_start": "2026-04-01", "value": 1.25, "unit": "Mt CO2e",
     "data_quality": "measured"},
    {"indicator": "CE-07", "period_start": "2026-11-01", "numerator": 12, "denominator": 40,
     "unit": "%", "data_quality": "calculated"},
    {"indicator": "SK-07", "period_start": "2026-11-01", "period_end": "2026-11-30",
     "numerator": 1, "denominator": 3.5, "unit": "per 10\u2076 h", "data_quality": "estimated"},
]


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


class Tally:
    def __init__(self):
        self.lock = threading.Lock()
        self.requests = {}
        self.errors = {}
        self.latencies = []

    def record(self, kind, ok, took, what=""):
        with self.lock:
            self.requests[kind] = self.requests.get(kind, 0) + 1
            self.latencies.append(took)
            if not ok:
                key = f"{kind}: {what}"
                self.errors[key] = self.errors.get(key, 0) + 1


TALLY = Tally()
STOP = threading.Event()


def call(opener, method, path, kind, expect, body=None, headers=None, form=None):
    """One request; returns (status, headers, body bytes). Records it in the tally."""
    data = None
    headers = dict(headers or {})
    if body is not None:
        data = json.dumps(body).encode()
        headers["Content-Type"] = "application/json"
    if form is not None:
        data = urllib.parse.urlencode(form).encode()
        headers["Content-Type"] = "application/x-www-form-urlencoded"
    request = urllib.request.Request(BASE + path, data=data, method=method, headers=headers)
    started = time.monotonic()
    try:
        with opener.open(request, timeout=30) as response:
            status, got_headers, payload = response.status, response.headers, response.read()
    except urllib.error.HTTPError as e:
        status, got_headers, payload = e.code, e.headers, e.read()
    except Exception as e:  # connection refused, reset, timeout
        TALLY.record(kind, False, time.monotonic() - started, type(e).__name__)
        return None, {}, b""
    took = time.monotonic() - started
    ok = status in expect
    TALLY.record(kind, ok, took, f"{method} {path.split('?')[0]} -> {status}")
    return status, got_headers, payload


def signed_in_browser(email, password):
    jar = http.cookiejar.CookieJar()
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar), NoRedirect)
    _, _, page = call(opener, "GET", "/login", "page", {200})
    csrf = re.search(rb'name="csrf_token" value="([^"]+)"', page).group(1).decode()
    status, _, _ = call(opener, "POST", "/login", "sign-in", {303},
                        form={"email": email, "password": password, "csrf_token": csrf})
    if status != 303:
        sys.exit(f"cannot sign in as {email}: {status}")
    return opener


def reader(number):
    browser = signed_in_browser("manager@demo.pilar", "demo-manager-pass")
    api = urllib.request.build_opener(NoRedirect)
    auth = {"Authorization": f"Bearer {WRITE_TOKEN}"}
    i = number
    while not STOP.is_set():
        i += 1
        if i % 2:
            call(browser, "GET", PAGES[i % len(PAGES)], "page", {200})
        else:
            call(api, "GET", API_READS[i % len(API_READS)], "api read", {200}, headers=auth)


def writer():
    """Batch writes of three drafts with fresh idempotency keys (every tenth replayed with the
    same key, which must give the same answer); every fifth submits the first report, which
    the reviewer returns for correction."""
    api = urllib.request.build_opener(NoRedirect)
    auth = {"Authorization": f"Bearer {WRITE_TOKEN}"}
    review = {"Authorization": f"Bearer {REVIEW_TOKEN}"}
    versions = None
    ids = None
    n = 0
    while not STOP.is_set():
        n += 1
        items = []
        for k, item in enumerate(ITEMS):
            item = dict(item, status="draft", comment=f"soak {n}")
            if versions is not None:
                item["version"] = versions[k]
                item["reason"] = f"soak {n}"
            items.append(item)
        submit = versions is not None and n % 5 == 0
        if submit:
            items[0]["status"] = "submitted"
        key = str(uuid.uuid4())
        headers = dict(auth, **{"Idempotency-Key": key})
        status, _, payload = call(api, "POST", "/api/v1/observations/batch", "batch write",
                                  {200, 201}, body={"items": items}, headers=headers)
        if status in (200, 201):
            answer = json.loads(payload)
            ids = [i["id"] for i in answer["items"]]
            versions = [i["version"] for i in answer["items"]]
            if n % 10 == 0:
                again, _, replayed = call(api, "POST", "/api/v1/observations/batch",
                                          "batch replay", {status},
                                          body={"items": items}, headers=headers)
                if again == status and json.loads(replayed) != answer:
                    TALLY.record("batch replay", False, 0, "replay differs")
        else:
            versions = None
            if ids is not None:
                versions = []
                for id in ids:
                    _, _, body = call(api, "GET", f"/api/v1/observations/{id}", "api read",
                                      {200}, headers=auth)
                    versions.append(json.loads(body)["version"] if body else 1)
            continue
        if submit:
            status, _, payload = call(
                api, "POST", f"/api/v1/observations/{ids[0]}/return", "review", {200},
                body={"note": f"soak {n}: check the figure"},
                headers=dict(review, **{"If-Match": f'"{versions[0]}"',
                                        "Idempotency-Key": str(uuid.uuid4())}))
            if status == 200:
                versions[0] = json.loads(payload)["version"]


def rss_kib():
    with open(f"/proc/{SERVER_PID}/status") as status:
        for line in status:
            if line.startswith("VmRSS:"):
                return int(line.split()[1])
    return 0


def main():
    threads = [threading.Thread(target=reader, args=(k,), daemon=True) for k in range(READERS)]
    threads.append(threading.Thread(target=writer, daemon=True))
    start_rss = rss_kib()
    peak = start_rss
    started = time.monotonic()
    for t in threads:
        t.start()
    next_report = started + 30
    while time.monotonic() - started < DURATION:
        time.sleep(1)
        rss = rss_kib()
        peak = max(peak, rss)
        if time.monotonic() >= next_report:
            next_report += 30
            with TALLY.lock:
                done = sum(TALLY.requests.values())
                failed = sum(TALLY.errors.values())
            print(f"  {time.monotonic() - started:5.0f} s: {done} requests, {failed} errors, "
                  f"RSS {rss / 1024:.1f} MiB", flush=True)
    STOP.set()
    for t in threads:
        t.join(timeout=35)
    end_rss = rss_kib()
    elapsed = time.monotonic() - started
    with TALLY.lock:
        total = sum(TALLY.requests.values())
        failed = sum(TALLY.errors.values())
        latencies = sorted(TALLY.latencies)
        p50 = latencies[len(latencies) // 2] if latencies else 0
        p99 = latencies[int(len(latencies) * 0.99)] if latencies else 0
        print(f"== soak: {elapsed:.0f} s, {total} requests ({total / elapsed:.0f}/s), "
              f"{failed} errors; p50 {p50 * 1000:.1f} ms, p99 {p99 * 1000:.1f} ms")
        for kind, count in sorted(TALLY.requests.items()):
            print(f"   {kind}: {count}")
        for what, count in sorted(TALLY.errors.items()):
            print(f"   error: {what}: {count}")
    print(f"== server RSS: start {start_rss / 1024:.1f} MiB, end {end_rss / 1024:.1f} MiB, "
          f"peak {peak / 1024:.1f} MiB")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
