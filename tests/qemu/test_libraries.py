"""Issue 5: openLibrary, librarySymbol, heaps with owners, the seed's figure D.

The programs (user/bin/mathsdemo.c, reloccheck/, libstress.c, libcheck.c)
do the checking from inside the guest and end with a PASS line; these tests
run them, and check from the kernel's side (vmas, map, mem) what only the
shell can see.
"""
import os
import re
import time

import pytest
from brink import BUILD

PASS_TIMEOUT = 180


def free_frames(b):
    return int(re.search(r"^free\s+(\d+)", b.run("mem"), re.M).group(1))


def background_pid(out):
    return int(re.search(r"\[(\d+)\] /bin/", out).group(1))


def wait_done(b, pid, seen=""):
    """Wait for the shell's '[pid] done' line (printed before a prompt)."""
    for _ in range(100):
        if re.search(rf"\[{pid}\] done, status \d+", seen):
            return seen
        seen += b.run("echo")
        time.sleep(0.1)
    raise AssertionError(f"pid {pid} never finished: {seen!r}")


def test_mathsdemo_results(brink):
    out = brink.run("mathsdemo", timeout=PASS_TIMEOUT)
    assert "maths: 50! = 30414093201713378043612608166064768844377641568960512000000000000" in out
    assert "maths: F(100) = 354224848179261915075" in out
    assert "maths: 2^200 = 16069380442589902755419620923411626025222029937827928353" in out
    assert "maths: 25 primes below 100: 2 3 5 7 11" in out
    assert "the seed's figure D" in out and "mathsdemo: PASS" in out, out
    assert "FAIL" not in out, out
    assert brink.status() == 0


VMA = re.compile(r"^([0-9a-f]{8})-([0-9a-f]{8}) ([r-][w-][x-]) ([0-9a-f]{8}) (.*)$")


def parse_vmas(out):
    rows = []
    for line in out.splitlines():
        m = VMA.match(line.strip())
        if m:
            rows.append((int(m.group(1), 16), int(m.group(2), 16), m.group(3),
                         int(m.group(4), 16), m.group(5)))
    return rows


def collapse(names):
    out = []
    for n in names:
        if not out or out[-1] != n:
            out.append(n)
    return out


def own_picture(text):
    """mathsdemo's own account of what it built: the address on the line
    that mentions each of these."""
    tags = {"handle": "handle, the page-aligned break", "lib_end": "break after openLibrary",
            "first": "first block (B)", "second": "its second piece (E)"}
    pic = {}
    for key, tag in tags.items():
        m = re.search(rf"^\s+(0x[0-9a-f]+)\s.*{re.escape(tag)}", text, re.M)
        assert m, (tag, text)
        pic[key] = int(m.group(1), 16)
    return pic


def test_vmas_and_map_show_figure_d(brink):
    out = brink.run("mathsdemo --wait 60 &")
    pid = background_pid(out)
    pattern = rf"mathsdemo: pid {pid} waiting"
    if not re.search(pattern, out):
        brink.expect(pattern, timeout=PASS_TIMEOUT)
        out += brink.child.before
    assert "mathsdemo: PASS" in out, out

    vmas = parse_vmas(brink.run(f"vmas {pid}"))
    assert vmas, "vmas printed nothing"
    # Address order, no overlaps.
    for (s0, e0, *_), (s1, e1, *_) in zip(vmas, vmas[1:]):
        assert s0 < e0 <= s1 < e1, vmas
    # The program image first, then the seed's figure D, then (after any
    # mmap areas) the guard page and the stack.
    assert vmas[0][4] == "/bin/mathsdemo" and vmas[0][2] == "r-x" and vmas[0][0] == 0x08048000
    middle = [v for v in vmas if v[4] not in ("/bin/mathsdemo", "[anon]", "[guard]", "[stack]")]
    assert collapse([v[4] for v in middle]) == [
        "[heap] /bin/mathsdemo", "/lib/maths.lib", "[heap] /lib/maths.lib", "[heap] /bin/mathsdemo",
    ], vmas
    lib = [v for v in middle if v[4] == "/lib/maths.lib"]
    assert lib[0][2] == "r-x" and lib[0][3] == 0 and all(v[2] == "rw-" for v in lib[1:]), lib
    for a, b in zip(middle, middle[1:]):          # one piece of the picture after the other
        assert a[1] == b[0], middle

    # The kernel's picture agrees with what the program saw happen.
    pic = own_picture(out)
    handle, lib_end, first, second = pic["handle"], pic["lib_end"], pic["first"], pic["second"]
    assert lib[0][0] == handle and lib[-1][1] == lib_end, (pic, lib)
    lib_heap = [v for v in middle if v[4] == "[heap] /lib/maths.lib"]
    assert lib_heap[0][0] == lib_end
    heaps = [v for v in middle if v[4] == "[heap] /bin/mathsdemo"]
    assert heaps[0][0] <= first < heaps[0][1]
    assert heaps[-1][0] >= lib_heap[-1][1]
    # The second block may begin in the library heap's last page when the
    # library's break was not page aligned; it is above the library's heap start.
    assert lib_heap[0][0] <= second < heaps[-1][1]

    drawing = brink.run(f"map {pid}")
    rows = re.findall(r"^\s+\| (.{13}) (\S.*?)\s+\| ([r-][w-][x-])", drawing, re.M)
    labels = [(role.strip(), name) for role, name, _ in rows]
    want = [("heap", "[heap] /bin/mathsdemo"), ("heap", "[heap] /lib/maths.lib"),
            ("library data+bss", "/lib/maths.lib"), ("library text", "/lib/maths.lib"),
            ("heap", "[heap] /bin/mathsdemo")]
    # Above the text, a library has a data area, a bss area or both,
    # depending on what its objects (and its libc) hold.
    rw = {"library data": "library data+bss", "library bss": "library data+bss"}
    got = [(rw.get(r, r), n) for r, n in labels if "heap" in r or "library" in r]
    assert collapse(got) == want, drawing
    assert re.search(r"<- break 0x[0-9a-f]{8}", drawing), drawing
    # High addresses on top: the addresses down the left side fall.
    addrs = [int(a, 16) for a in re.findall(r"^\s+0x([0-9a-f]{8}) \+", drawing, re.M)]
    assert addrs == sorted(addrs, reverse=True), drawing

    wait_done(brink, pid, brink.run(f"kill {pid}"))


def test_reloccheck(brink):
    out = brink.run("reloccheck", timeout=PASS_TIMEOUT)
    assert re.search(r"reloccheck: \d+ checks, PASS", out), out
    assert "64 KiB" in out and "digest" in out, out
    assert brink.status() == 0


def test_libstress(brink):
    out = brink.run("libstress 10000", timeout=PASS_TIMEOUT)
    assert "libstress: PASS" in out and "FAIL" not in out, out
    assert "10000 rounds" in out, out
    for piece in ("program freed its top block under counter.lib's",
                  "counter.lib freed its top block under a raw sbrk region",
                  "maths.lib freed its top block under the program's"):
        assert piece in out, out
    assert brink.status() == 0


def test_libstress_other_seeds(brink):
    for seed in (1, 99, 31337):
        out = brink.run(f"libstress 3000 {seed}", timeout=PASS_TIMEOUT)
        assert "libstress: PASS" in out and "FAIL" not in out, (seed, out)


@pytest.mark.parametrize("mode", ["errors", "big", "full"])
def test_libcheck(brink, mode):
    out = brink.run(f"libcheck {mode}", timeout=PASS_TIMEOUT)
    assert re.search(rf"libcheck {mode}: \d+ checks, PASS", out), out
    assert "FAIL" not in out, out
    assert brink.status() == 0


def test_same_library_under_another_path_is_the_same_handle(brink):
    out = brink.run("libcheck aliases", timeout=PASS_TIMEOUT)
    assert re.search(r"libcheck aliases: \d+ checks, PASS", out), out


def bad_libraries():
    rows = []
    for line in open(os.path.join(BUILD, "initrd", "bad", "MANIFEST")):
        if line.strip() and not line.startswith("#"):
            path, kind, expected = line.rstrip("\n").split(" ", 2)
            if kind == "lib":
                rows.append((path, expected))
    return rows


def test_bad_libraries_refused_with_their_message(brink):
    libs = bad_libraries()
    assert len(libs) >= 15
    brink.run("libcheck bad", timeout=PASS_TIMEOUT)         # warm the caches
    before = free_frames(brink)
    out = brink.run("libcheck bad", timeout=PASS_TIMEOUT)
    assert re.search(r"libcheck bad: \d+ checks, PASS", out), out
    assert f"libcheck bad: {len(libs)} bad libraries refused with ENOEXEC" in out, out
    for path, expected in libs:
        assert re.search(rf"openLibrary: {re.escape(path)}: .*{re.escape(expected)}.* \(ENOEXEC\)",
                         out), (path, expected, out)
        assert f"libcheck bad: {path} refused" in out
    assert free_frames(brink) == before


def test_cost_figures(brink):
    out = brink.run("libcheck cost", timeout=PASS_TIMEOUT)
    assert re.search(r"libcheck cost: \d+ checks, PASS", out), out
    first = int(re.search(r"openLibrary, first time\s+(\d+) cycles", out).group(1))
    again = int(re.search(r"openLibrary, again \(open\)\s+(\d+) cycles", out).group(1))
    assert first > 0 and again > 0
    assert "64 KiB image" in out
    # Opening costs no frame of the library's own: pages come on first touch.
    m = re.search(r"frames to open it\s+(-?\d+) \(kernel ([-+]\d+)\), (\d+) pages resident", out)
    assert m and int(m.group(3)) == 0, out
    print(out)


SET = ["mathsdemo", "reloccheck", "libstress", "libcheck"]


def test_the_set_returns_every_frame(brink):
    for cmd in SET:                                     # warm the kernel's caches
        brink.run(cmd, timeout=PASS_TIMEOUT)
    before = free_frames(brink)
    for cmd in SET:
        out = brink.run(cmd, timeout=PASS_TIMEOUT)
        assert "PASS" in out and "FAIL" not in out, (cmd, out)
    assert free_frames(brink) == before
