#!/usr/bin/python3
"""tests/bench/malloc/run.py - the allocator benchmarks of `make bench`.

Runs build/host/malloc_bench for each workload under each allocator: Brink's
(build/host/libbrinkmalloc.so, first fit and best fit) and, by LD_PRELOAD,
glibc's (none preloaded), jemalloc, mimalloc and tcmalloc from Debian's
packages.  Each allocator runs in its own process (they must not share an
address space: they would fight over the program break).

The benchmark machine is a shared VM whose speed varies by 2-3x from one
second to the next, so running the allocators one after the other gives
ratios that are mostly noise.  Instead the allocators are interleaved in
fine time slices: for each workload one process per allocator is started
with `--sliced`, all pinned to the same CPU (CPU 1 when there are two or
more), and each waits on its stdin.  The driver then goes round-robin:
it sends a byte to one process, which runs one slice of its workload (a
fixed number of loop steps, the same for every allocator, about 10-30 ms
under glibc), stops its clock, writes the slice's nanoseconds and blocks
until the next byte; then the next process gets its turn.  Exactly one
runs at a time, and slice k of every allocator runs within a fraction of
a second of slice k of the others, so a slow spell of the machine hits
them all alike.  (The order within each cycle rotates so no allocator
always follows the same one.)  Only the time inside the workload is
counted, never the waiting.  Three things keep the processes behaving as
if each ran alone:

* each slice's timed steps come after as many untimed ones (the warm-up,
  --warm-ticks; bench's time_ms scales the timed steps' time to all of
  them): a process resumes with the caches and TLB full of the other
  five's data, and refilling them took glibc's churn ~3.5 ms a slice, a
  cost no program running alone pays and the same for every allocator,
  so it pulled every ratio towards 1.  Churn: Brink best fit 0.81 of
  glibc's time with no warm-up, 0.77 with a warm-up of half a slice,
  0.73 with a whole slice's (the default), and 0.74 run one after the
  other (--sequential); mimalloc 0.74, 0.69, 0.63 and 0.62;
* the clocks the allocators read stop while their process waits (bench
  interposes clock_gettime), or jemalloc's and mimalloc's timed purging
  would take the other allocators' slices for idle time (mimalloc on
  mixed: 3x the page faults, 1.3x the time);
* before the first round of a workload the driver faults in and frees
  about as much memory as all the processes will hold at once.  The VM
  hands guest memory left free for some seconds back to the host, and
  touching it again costs ~10 us a page: without this, frag's first
  round spent ~0.7 s more in one slice under every allocator (all the
  processes hold their memory at once, ~2.5 GiB with six).

Where a process stands in the order the processes start in still moves
its time, through all the rounds of a run: six glibc processes, the
reference third, read 0.92-1.04 of the reference's time over six runs of
churn (3 rounds each), 0.97-1.00 on average by place (0.98 in the first
two, Brink's).  So each round starts the processes in another order
(rotated by one place a round), and a second glibc process, glibc-2 (the
"control"), runs beside the reference in every round and seed: its ratio
to glibc, 1.00 on a perfect instrument, is the run's own noise, to read
the other ratios against.  (With the rotation and 6 rounds, the six
glibc processes read 0.96-1.07, their means 0.98-1.03.)

A round is one such interleaved run of each workload; --rounds (default
$MALLOC_BENCH_ROUNDS, else 3) repeats it.  Per allocator and workload:

  time ms       total workload time (sum of its slices), median of rounds
  time/glibc    median over rounds of the ratio of total times to glibc's
                in the same round (what the targets use)
  slice/glibc   median of the per-slice ratios to glibc (slice k of the
                allocator over slice k of glibc, pooled over rounds): not
                moved by a few disturbed slices, but a typical slice rather
                than the whole run (slices differ in their work, e.g. the
                phases of frag)
  peak, kept    VmHWM, and what stays resident after everything was freed
  page faults   minor faults during the workload

A single trace's peak is one sample: with other seeds (bench --seed) every
allocator's peak on mixed moves by a few percent, more than the allocators
differ.  So after the timed rounds, --seeds N (default $MALLOC_BENCH_SEEDS,
else 5; 0 skips it) runs each workload with seeds 0..N-1 under each
allocator, one process after the other (peaks do not depend on the
machine's speed), and reports each allocator's peak as a ratio to glibc's
on the same trace: the mean, the range, and seed 0's (the timed trace's).
"Above base" is the mean ratio of the peaks less the RSS before the
workload started: what the workload made the allocator take.  The whole
peak also counts what the process held before: the program's, libc's and
ld.so's pages, all made resident first (bench.c, populate_common: else
fault-around after ASLR made them 1.2-1.6 MiB from run to run), 2.2 MiB
under any allocator; and a preloaded allocator's own code and data
(Brink's: 72 KiB more than glibc's, whose malloc lives in libc), about
0.4% of churn's 16 MiB.

--sequential runs the old way (each process runs its whole workload on its
own, the allocators taking turns per round) for comparison.  Figures, never
pass/fail (the exit status is 0 unless a run fails or checksums disagree).
"""
import argparse
import mmap
import os
import statistics
import subprocess
import sys
import time

LIBDIR = "/usr/lib/x86_64-linux-gnu"
WORKLOADS = ["churn", "mixed", "realloc", "frag", "small", "regrow"]
REFERENCE = "glibc"
CONTROL = "glibc-2"
# Memory to warm before the first round of each workload, in MiB: about the
# sum of the allocators' peaks.
WARM_MIB = {"churn": 144, "mixed": 560, "realloc": 640, "frag": 2900, "small": 20, "regrow": 36}


def allocators(build):
    brink = os.path.join(build, "host", "libbrinkmalloc.so")
    out = [
        ("brink-first", brink, ["--policy", "first"]),
        ("brink-best", brink, ["--policy", "best"]),
        (REFERENCE, None, []),
        # the same as the reference in another process: the instrument's
        # own noise, which a perfect one would show as 1.00
        (CONTROL, None, []),
    ]
    for name, lib in (("jemalloc", "libjemalloc.so.2"), ("mimalloc", "libmimalloc.so.2"),
                      ("tcmalloc", "libtcmalloc.so.4")):
        path = os.path.join(LIBDIR, lib)
        if os.path.exists(path):
            out.append((name, path, []))
        else:
            print(f"# {name}: {path} not installed, skipped", flush=True)
    return out


def bench_env(preload):
    env = dict(os.environ)
    env.pop("LD_PRELOAD", None)
    if preload:
        env["LD_PRELOAD"] = preload
    return env


def parse_result(text):
    """The figures of bench's final line (name=value pairs)."""
    fields = dict(kv.split("=", 1) for kv in text.split() if "=" in kv)
    return {
        "time": float(fields["time_ms"]),
        "peak": int(fields["peak_kb"]),
        "kept": int(fields["kept_kb"]),
        "base": int(fields["base_kb"]),
        "flt": int(fields["minflt"]),
        "sum": fields["checksum"],
        "slices": [],
    }


def bench_cpu():
    """The CPU all the benchmark processes share: CPU 1 (the second one we
    may use) when there are two or more, leaving CPU 0 to the driver and
    the rest of the system."""
    cpus = sorted(os.sched_getaffinity(0))
    return cpus[1] if len(cpus) >= 2 else cpus[0]


def mem_available():
    with open("/proc/meminfo") as f:
        for line in f:
            if line.startswith("MemAvailable:"):
                return int(line.split()[1]) * 1024
    return 0


def warm_memory(nbytes):
    """Fault in nbytes of fresh memory and free it again, just before the
    first round of a workload, so that the processes get pages the host
    still backs (see above; later rounds reuse the pages the round before
    freed, as in sequence each process reuses the previous one's).
    Returns the seconds it took: ~0.4 s a GiB, ~2.5 s a GiB when the host
    took the memory back."""
    nbytes = min(nbytes, mem_available() // 2) // mmap.PAGESIZE * mmap.PAGESIZE
    if nbytes <= 0:
        return 0.0
    t0 = time.monotonic()
    m = mmap.mmap(-1, nbytes, flags=mmap.MAP_PRIVATE | mmap.MAP_ANONYMOUS
                  | getattr(mmap, "MAP_POPULATE", 0x8000))
    m.close()
    return time.monotonic() - t0


def run_one(bench, workload, preload, extra):
    """Sequential mode: the whole workload in one go, on bench_cpu().  One
    CPU also makes VmHWM repeatable: the kernel reads a process's RSS from
    a per-CPU counter's shared total, which lags each CPU's share by up
    to 31 pages, so a process that moves between CPUs reads up to 248 KiB
    off, differently from run to run (glibc's mixed 74,176-74,400 KiB
    unpinned, 74,312-74,328 pinned)."""
    cpu = bench_cpu()
    res = subprocess.run([bench, workload] + extra, env=bench_env(preload), capture_output=True,
                         text=True, preexec_fn=lambda: os.sched_setaffinity(0, {cpu}))
    if res.returncode != 0:
        raise RuntimeError(f"{workload} under {preload or 'glibc'}: exit {res.returncode}: {res.stderr}")
    return parse_result(res.stdout)


def run_sliced(bench, workload, allocs, cpu, slice_ticks=None, warm_ticks=None):
    """One round of a workload, the allocators interleaved slice by slice.
    Returns {allocator: result}, each result with its full slices' times
    (ns) under "slices"."""
    extra_sliced = (["--sliced"] + (["--slice-ticks", str(slice_ticks)] if slice_ticks else [])
                    + (["--warm-ticks", str(warm_ticks)] if warm_ticks is not None else []))
    procs = {}

    def fail(name, what):
        p = procs[name]
        p.kill()
        _, err = p.communicate()
        raise RuntimeError(f"{workload} under {name}: {what} (exit {p.returncode}): "
                           f"{err.decode(errors='replace').strip()}")

    try:
        for name, lib, extra in allocs:
            procs[name] = subprocess.Popen(
                [bench, workload] + extra + extra_sliced, env=bench_env(lib),
                stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE, bufsize=0,
                preexec_fn=lambda: os.sched_setaffinity(0, {cpu}))
        # Wait until every process is set up and waiting, so that none is
        # still starting while another runs its first slice.
        for name in procs:
            line = procs[name].stdout.readline()
            if line.strip() != b"ready":
                fail(name, f"expected 'ready', got {line!r}")
        results = {}
        slices = {name: [] for name in procs}
        active = list(procs)
        cycle = 0
        while active:
            k = cycle % len(active)
            for name in active[k:] + active[:k]:
                p = procs[name]
                try:
                    p.stdin.write(b"g")
                except BrokenPipeError:
                    fail(name, "died")
                line = p.stdout.readline()
                if line.startswith(b"done "):
                    results[name] = parse_result(line.decode())
                elif line.strip().isdigit():
                    slices[name].append(int(line))
                else:
                    fail(name, f"unexpected output {line!r}" if line else "died")
            active = [name for name in active if name not in results]
            cycle += 1
        for name, p in procs.items():
            _, err = p.communicate()
            if p.returncode != 0:
                raise RuntimeError(f"{workload} under {name}: exit {p.returncode}: "
                                   f"{err.decode(errors='replace').strip()}")
            if err.strip():
                sys.stderr.write(f"# {workload} under {name}: {err.decode(errors='replace')}")
            results[name]["slices"] = slices[name]
        counts = {len(s) for s in slices.values()}
        if len(counts) != 1:
            raise RuntimeError(f"{workload}: slice counts differ: "
                               f"{ {n: len(s) for n, s in slices.items()} }")
        return {name: results[name] for name in procs}
    finally:
        for p in procs.values():
            if p.poll() is None:
                p.kill()
                p.wait()


def peak_sweep(bench, workloads, allocs, nseeds):
    """{workload: {allocator: [peak ratio to glibc for seed 0..nseeds-1]}},
    the same for the peak above the process's RSS before the workload
    (what the workload made the allocator take, without the fixed cost of
    the allocator's own code and data and the run-to-run noise of the
    libraries' resident pages), and whether every seed's checksum agreed
    across the allocators."""
    out, above = {}, {}
    ok = True
    for w in workloads:
        peaks = {name: [] for name, _, _ in allocs}
        grown = {name: [] for name, _, _ in allocs}
        for seed in range(nseeds):
            sums = set()
            for name, lib, extra in allocs:
                r = run_one(bench, w, lib, extra + ["--seed", str(seed)])
                peaks[name].append(r["peak"])
                grown[name].append(r["peak"] - r["base"])
                sums.add(r["sum"])
            if len(sums) != 1:
                print(f"# {w} --seed {seed}: checksums disagree: {sums}")
                ok = False
        ref, gref = peaks[REFERENCE], grown[REFERENCE]
        out[w] = {name: [p / g for p, g in zip(ps, ref)] for name, ps in peaks.items()}
        above[w] = {name: [p / g for p, g in zip(ps, gref)] for name, ps in grown.items()}
    return out, above, ok


def summarize(rounds):
    """rounds: a list of {allocator: result}.  Per allocator: medians over
    rounds, the median of per-round total-time ratios to the reference,
    and the median of the per-slice ratios pooled over rounds."""
    out = {}
    for name in rounds[0]:
        rs = [r[name] for r in rounds]
        m = {k: statistics.median(r[k] for r in rs) for k in ("time", "peak", "kept", "flt")}
        ratios = [r[name]["time"] / r[REFERENCE]["time"] for r in rounds]
        m["tr"] = statistics.median(ratios)
        m["tr_min"], m["tr_max"] = min(ratios), max(ratios)
        per_slice = [a / g for r in rounds
                     for a, g in zip(r[name]["slices"], r[REFERENCE]["slices"]) if g > 0]
        m["sr"] = statistics.median(per_slice) if per_slice else None
        out[name] = m
    for name, m in out.items():
        m["pr"] = m["peak"] / out[REFERENCE]["peak"]
    return out


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--build", default="build")
    ap.add_argument("--rounds", type=int, default=int(os.environ.get("MALLOC_BENCH_ROUNDS", "3")))
    ap.add_argument("--workloads", default=",".join(WORKLOADS))
    ap.add_argument("--markdown", action="store_true", help="print the table as markdown")
    ap.add_argument("--sequential", action="store_true",
                    help="the old way: each process runs its whole workload on its own")
    ap.add_argument("--slice-ticks", type=int, default=None,
                    help="loop steps per slice for every workload (default: bench's table)")
    ap.add_argument("--warm-ticks", type=int, default=None,
                    help="untimed loop steps before each slice (default: as many as a slice's)")
    ap.add_argument("--seeds", type=int, default=int(os.environ.get("MALLOC_BENCH_SEEDS", "5")),
                    help="peak RSS over this many seeds of each workload (0: skip)")
    ap.add_argument("--allocators", default=None,
                    help="comma-separated subset to run (glibc, the reference, and glibc-2, "
                    "the control, always run)")
    args = ap.parse_args()
    bench = os.path.join(args.build, "host", "malloc_bench")
    allocs = allocators(args.build)
    if args.allocators:
        keep = set(args.allocators.split(",")) | {REFERENCE, CONTROL}
        allocs = [a for a in allocs if a[0] in keep]
    cpu = bench_cpu()
    ok = True
    tables = []
    for w in args.workloads.split(","):
        t0 = time.monotonic()
        rounds = []
        warm_s = 0.0
        for r in range(args.rounds):
            # each round starts the processes in another order (see above)
            order = allocs[r % len(allocs):] + allocs[:r % len(allocs)]
            if args.sequential:
                rounds.append({name: run_one(bench, w, lib, extra) for name, lib, extra in order})
            else:
                if not rounds:
                    warm_s = warm_memory(WARM_MIB.get(w, 512) << 20)
                rounds.append(run_sliced(bench, w, order, cpu, args.slice_ticks, args.warm_ticks))
        sums = {r[name]["sum"] for r in rounds for name in r}
        if len(sums) != 1:
            print(f"# {w}: checksums disagree: {sums}")
            ok = False
        nslices = len(rounds[0][REFERENCE]["slices"]) + 1
        how = ("sequential" if args.sequential
               else f"{nslices} slices on CPU {cpu} (memory warm-up {warm_s:.1f} s)")
        print(f"# {w}: {args.rounds} rounds, {how}, {time.monotonic() - t0:.1f} s", flush=True)
        tables.append((w, summarize(rounds)))
    warm = ("as many untimed steps" if args.warm_ticks is None
            else f"{args.warm_ticks} untimed steps" if args.warm_ticks else "no untimed steps")
    print(f"# malloc benchmarks: {args.rounds} rounds, "
          + ("each allocator's run on its own" if args.sequential
             else f"the allocators interleaved in slices on one CPU, each after {warm}")
          + "; time ms: median of rounds; time/glibc: median of per-round total-time ratios"
          + ("" if args.sequential else "; slice/glibc: median of per-slice ratios")
          + " (lower is better)")

    def sr(m):
        return "-" if m["sr"] is None else f"{m['sr']:.2f}"

    if args.markdown:
        print("| workload | allocator | time ms | time/glibc | slice/glibc | peak MiB | peak/glibc "
              "| kept MiB | page faults |")
        print("|---|---|---:|---:|---:|---:|---:|---:|---:|")
    else:
        print(f"{'workload':<9} {'allocator':<12} {'time ms':>9} {'t/glibc':>8} {'s/glibc':>8} "
              f"{'peak MiB':>9} {'p/glibc':>8} {'kept MiB':>9} {'faults':>9}")
    for w, med in tables:
        for name, m in med.items():
            if args.markdown:
                print(f"| {w} | {name} | {m['time']:.0f} | {m['tr']:.2f} | {sr(m)} "
                      f"| {m['peak'] / 1024:.1f} | {m['pr']:.2f} | {m['kept'] / 1024:.1f} | {m['flt']:.0f} |")
            else:
                print(f"{w:<9} {name:<12} {m['time']:9.0f} {m['tr']:8.2f} {sr(m):>8} "
                      f"{m['peak'] / 1024:9.1f} {m['pr']:8.2f} {m['kept'] / 1024:9.1f} {m['flt']:9.0f}")
    sweep = {}
    if args.seeds > 0:
        t0 = time.monotonic()
        sweep, above, sums_ok = peak_sweep(bench, [w for w, _ in tables], allocs, args.seeds)
        ok = ok and sums_ok
        print(f"# peak RSS over seeds 0-{args.seeds - 1}: ratio to glibc's on the same trace, "
              f"each run on its own ({time.monotonic() - t0:.1f} s)")
        print("# above base: the mean ratio of the peaks above the RSS before the workload")
        if args.markdown:
            print("| workload | allocator | mean | min | max | seed 0 | above base |")
            print("|---|---|---:|---:|---:|---:|---:|")
        else:
            print(f"{'workload':<9} {'allocator':<12} {'mean':>7} {'min':>7} {'max':>7} {'seed 0':>7} "
                  f"{'above base':>10}")
        for w, per in sweep.items():
            for name, rs in per.items():
                cells = (statistics.mean(rs), min(rs), max(rs), rs[0], statistics.mean(above[w][name]))
                if args.markdown:
                    print(f"| {w} | {name} | " + " | ".join(f"{x:.3f}" for x in cells) + " |")
                else:
                    print(f"{w:<9} {name:<12} " + " ".join(f"{x:7.3f}" for x in cells[:4])
                          + f" {cells[4]:10.3f}")
    ctl = [f"{w} {med[CONTROL]['tr']:.2f}/{med[CONTROL]['pr']:.3f}"
           for w, med in tables if CONTROL in med]
    if ctl:
        print("# the control, glibc-2 (glibc in another process): time/peak ratios "
              + ", ".join(ctl))
    print("# Brink's targets: time <= 0.8x glibc, peak RSS <= glibc, kept <= 16 MiB")
    for name in ("brink-first", "brink-best"):
        for w, med in tables:
            if name not in med:
                continue
            m = med[name]
            missed = [what for what, ok in (("time", m["tr"] <= 0.8), ("peak", m["pr"] <= 1.0),
                                            ("kept", m["kept"] <= 16 * 1024)) if not ok]
            verdict = "met" if not missed else "NOT met (" + ", ".join(missed) + ")"
            spread = f" ({m['tr_min']:.2f}-{m['tr_max']:.2f})" if args.rounds > 1 else ""
            seeds = ""
            if w in sweep and name in sweep[w]:
                rs = sweep[w][name]
                seeds = f" (over {len(rs)} seeds: mean {statistics.mean(rs):.3f}, max {max(rs):.3f})"
            print(f"# {name:<12} {w:<8} time {m['tr']:.2f}{spread}  peak {m['pr']:.3f} ({m['peak'] / 1024:.1f} MiB)"
                  f"{seeds}  kept {m['kept'] / 1024:.1f} MiB: {verdict}")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
