#!/usr/bin/python3
"""tests/bench/malloc/run.py - the allocator benchmarks of `make bench`.

Runs build/host/malloc_bench for each workload under each allocator: Brink's
(build/host/libbrinkmalloc.so, first fit and best fit) and, by LD_PRELOAD in
the same run, glibc's (none preloaded), jemalloc, mimalloc and tcmalloc from
Debian's packages.  The allocators take turns, round after round, so that a
slow spell of the machine hits them all; each figure is the median of the
rounds.  Prints a table of wall time and peak RSS as ratios to glibc, and
what stays resident after everything was freed.  Figures, never pass/fail
(the exit status is 0 unless a run fails or checksums disagree).
"""
import argparse
import os
import statistics
import subprocess
import sys

LIBDIR = "/usr/lib/x86_64-linux-gnu"
WORKLOADS = ["churn", "mixed", "realloc", "frag"]


def allocators(build):
    brink = os.path.join(build, "host", "libbrinkmalloc.so")
    out = [
        ("brink-first", brink, ["--policy", "first"]),
        ("brink-best", brink, ["--policy", "best"]),
        ("glibc", None, []),
    ]
    for name, lib in (("jemalloc", "libjemalloc.so.2"), ("mimalloc", "libmimalloc.so.2"),
                      ("tcmalloc", "libtcmalloc.so.4")):
        path = os.path.join(LIBDIR, lib)
        if os.path.exists(path):
            out.append((name, path, []))
        else:
            print(f"# {name}: {path} not installed, skipped", flush=True)
    return out


def run_one(bench, workload, preload, extra):
    env = dict(os.environ)
    env.pop("LD_PRELOAD", None)
    if preload:
        env["LD_PRELOAD"] = preload
    res = subprocess.run([bench, workload] + extra, env=env, capture_output=True, text=True)
    if res.returncode != 0:
        raise RuntimeError(f"{workload} under {preload or 'glibc'}: exit {res.returncode}: {res.stderr}")
    fields = dict(kv.split("=", 1) for kv in res.stdout.split())
    return {
        "time": float(fields["time_ms"]),
        "peak": int(fields["peak_kb"]),
        "kept": int(fields["kept_kb"]),
        "flt": int(fields["minflt"]),
        "sum": fields["checksum"],
    }


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--build", default="build")
    ap.add_argument("--rounds", type=int, default=int(os.environ.get("MALLOC_BENCH_ROUNDS", "5")))
    ap.add_argument("--workloads", default=",".join(WORKLOADS))
    ap.add_argument("--markdown", action="store_true", help="print the table as markdown")
    args = ap.parse_args()
    bench = os.path.join(args.build, "host", "malloc_bench")
    allocs = allocators(args.build)
    ok = True
    tables = []
    for w in args.workloads.split(","):
        runs = {name: [] for name, _, _ in allocs}
        for _ in range(args.rounds):
            for name, lib, extra in allocs:
                runs[name].append(run_one(bench, w, lib, extra))
        sums = {r["sum"] for rs in runs.values() for r in rs}
        if len(sums) != 1:
            print(f"# {w}: checksums disagree: {sums}")
            ok = False
        med = {name: {k: statistics.median(r[k] for r in rs) for k in ("time", "peak", "kept", "flt")}
               for name, rs in runs.items()}
        tables.append((w, med))
    g = "glibc"
    print(f"# malloc benchmarks: median of {args.rounds} rounds; ratios are to glibc "
          "(lower is better)")
    if args.markdown:
        print("| workload | allocator | time ms | time/glibc | peak MiB | peak/glibc | kept MiB | page faults |")
        print("|---|---|---:|---:|---:|---:|---:|---:|")
    else:
        print(f"{'workload':<9} {'allocator':<12} {'time ms':>9} {'t/glibc':>8} {'peak MiB':>9} "
              f"{'p/glibc':>8} {'kept MiB':>9} {'faults':>9}")
    for w, med in tables:
        for name, m in med.items():
            tr = m["time"] / med[g]["time"]
            pr = m["peak"] / med[g]["peak"]
            if args.markdown:
                print(f"| {w} | {name} | {m['time']:.0f} | {tr:.2f} | {m['peak'] / 1024:.1f} | {pr:.2f} "
                      f"| {m['kept'] / 1024:.1f} | {m['flt']:.0f} |")
            else:
                print(f"{w:<9} {name:<12} {m['time']:9.0f} {tr:8.2f} {m['peak'] / 1024:9.1f} {pr:8.2f} "
                      f"{m['kept'] / 1024:9.1f} {m['flt']:9.0f}")
    print("# Brink's targets: time <= 0.8x glibc, peak RSS <= glibc, kept <= 16 MiB")
    for name in ("brink-first", "brink-best"):
        for w, med in tables:
            m = med[name]
            tr, pr = m["time"] / med[g]["time"], m["peak"] / med[g]["peak"]
            verdict = "met" if tr <= 0.8 and pr <= 1.0 and m["kept"] <= 16 * 1024 else "NOT met"
            print(f"# {name:<12} {w:<8} time {tr:.2f}  peak {pr:.2f}  kept {m['kept'] / 1024:.1f} MiB: {verdict}")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
