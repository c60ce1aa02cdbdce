"""One table of benches/pages.sh's runs at several sizes (SIZES="2000 20000").

Reads each size's output (RESULTS/<n>.log) and prints, per page, the requests/s and p99 of the
steady state, the share of the fortunes reference of the same run, one request without the
page cache, and the median first request after a change, side by side for each size.
"""
import re
import sys


def parse(path):
    text = open(path, encoding="utf-8").read()
    steady, shares, single, after = {}, {}, {}, {}
    section = None
    for line in text.splitlines():
        if line.startswith("== steady state"):
            section = "steady"
        elif line.startswith("== every request computes"):
            section = "uncached"
        elif line.startswith("== the first request"):
            section = "after"
        elif line.startswith("share of the reference"):
            section = "shares"
        cells = line.split()
        if not cells or not cells[0].startswith("/"):
            continue
        page = cells[0]
        if section == "steady" and len(cells) == 6:
            steady[page] = (cells[1], cells[3])
        elif section == "shares" and len(cells) == 3:
            shares[page] = cells[2]
        elif section == "uncached" and len(cells) == 3 and cells[2] == "ms":
            single[page] = cells[1]
        elif section == "after" and len(cells) == 4:
            after[page] = cells[1]
    loaded = re.search(r"synthetic data loaded in ([0-9.]+) s: .*observations: (\d+)", text)
    memory = re.findall(r"peak memory \(VmHWM\) in this phase: (\d+ MB)", text)
    return steady, shares, single, after, loaded, memory


def main():
    results, sizes = sys.argv[1], sys.argv[2:]
    runs = {n: parse(f"{results}/{n}.log") for n in sizes}
    pages = list(runs[sizes[0]][0].keys())
    print()
    print("== pages at each size (requests/s · p99 · share of fortunes | one uncached request | first request after a change, median)")
    header = f"{'page':34}" + "".join(f"{n + ' tenants':>46}" for n in sizes)
    print(header)
    for page in pages:
        row = f"{page:34}"
        for n in sizes:
            steady, shares, single, after, _, _ = runs[n]
            rps, p99 = steady.get(page, ("-", "-"))
            cell = f"{rps:>9} {p99:>8} {shares.get(page, '-'):>6} | {single.get(page, '-'):>6} | {after.get(page, '-'):>6}"
            row += f"{cell:>46}"
        print(row)
    for n in sizes:
        _, _, _, _, loaded, memory = runs[n]
        load = f"loaded {loaded.group(2)} observations in {loaded.group(1)} s" if loaded else "served as it was"
        print(f"{n} tenants: {load}; Pilar's peak memory per phase: {', '.join(memory) or 'unknown'}")


main()
