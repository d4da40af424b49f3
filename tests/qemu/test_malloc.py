"""Issue 6 in the guest: the allocator's randomized test and its misuse
checks, built for i686 and run on Brink (the host tests are x86-64)."""
import re

import pytest


def test_malloctest(brink):
    out = brink.run("malloctest", timeout=300)
    m = re.search(r"malloctest: (\d+) passed, (\d+) failed", out)
    assert m and int(m.group(1)) > 0 and m.group(2) == "0", out
    assert brink.status() == 0


def misuse_cases(brink):
    out = brink.run("mallocmisuse")
    return re.search(r"cases:(.*)", out).group(1).split()


def test_misuse_is_caught_with_abort(brink):
    cases = misuse_cases(brink)
    assert len(cases) >= 3
    for case in cases:
        out = brink.run(f"mallocmisuse {case}", timeout=60)
        assert re.search(r"malloc: .*0x[0-9a-f]+", out), (case, out)
        assert "not caught" not in out, (case, out)
        assert brink.status() == 134, case
