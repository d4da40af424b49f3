import os
import sys

import pytest

sys.path.insert(0, os.path.dirname(__file__))
from brink import Brink  # noqa: E402


@pytest.fixture(scope="module")
def brink():
    """One booted guest (128 MiB, ISO) shared by the tests of a module."""
    b = Brink().start()
    yield b
    b.kill()
