"""Brink's gdb helpers: commands that read the kernel's own data structures.
Loaded by tools/gdb/brink.py (make debug does: gdb -x tools/gdb/brink.py)."""
