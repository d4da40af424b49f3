"""brink-symbols: load a user program's or library's debug symbols at the
address where a process has it mapped.

Every program and library keeps its ELF, with debug info, beside its flat
image: build/user/bin/NAME.elf (linked at 0x08048000, where programs run)
and build/user/lib/NAME.elf (linked at 0; openLibrary places the image at
the break, so its symbols are offset by the image's base).  The kernel
records each mapped image in mm->images (kernel/exec/image.h) with its base
and delta = base - link address; delta is the offset gdb needs.

gdb has one symbol space, the guest one address space per process: every
program sits at 0x08048000.  So the symbols loaded here never overlap:
loading a file unloads the ones whose addresses it covers (another
program, a library mapped there by another process).  One program's
symbols are loaded at a time, with the libraries it has opened.

The libraries of that program are followed as they are loaded: an internal
breakpoint on the kernel's image_map() sees each library being mapped (its
path and base are arguments) and, when the process runs the program whose
symbols are loaded, loads the library's symbols there and then.  So a
breakpoint on a library function set before the library exists (pending)
is placed as soon as openLibrary maps it.  `set brink-auto-symbols off`
stops that.
"""
import os
import struct

import gdb

from . import kernel as k
from . import procs

FLAT_KIND_LIB = 2               # struct flat_image kind (kernel/exec/flat.h, a #define)

# ELF files loaded by this module: path -> (offset, low, high), where
# [low, high) is the address range the file's segments cover once loaded.
_loaded = {}


class ElfInfo:
    """The few ELF header fields needed here: entry and PT_LOAD segments."""

    def __init__(self, path):
        with open(path, "rb") as f:
            head = f.read(52)
            if len(head) < 52 or head[:4] != b"\x7fELF" or head[4] != 1:
                raise gdb.GdbError(f"{path}: not a 32-bit ELF file")
            (self.entry, phoff, _shoff, _flags, _ehsize, phentsize,
             phnum) = struct.unpack_from("<IIIIHHH", head, 24)
            self.loads = []     # (vaddr, memsz, flags)
            for i in range(phnum):
                f.seek(phoff + i * phentsize)
                ph = f.read(32)
                if len(ph) < 32:
                    raise gdb.GdbError(f"{path}: truncated program headers")
                p_type, _off, vaddr, _pa, _filesz, memsz, pflags, _al = struct.unpack("<8I", ph)
                if p_type == 1:
                    self.loads.append((vaddr, memsz, pflags))
        if not self.loads:
            raise gdb.GdbError(f"{path}: no loadable segment")
        self.text_vaddr = self.loads[0][0]


def program_elf(name):
    """build/user/bin/NAME.elf for "NAME" or "/bin/NAME"."""
    base = name[len("/bin/"):] if name.startswith("/bin/") else name
    if "/" in base or not base:
        raise gdb.GdbError(f"{name}: not a program in /bin")
    path = os.path.join(k.build_dir(), "user", "bin", base + ".elf")
    if not os.path.exists(path):
        have = sorted(f[:-4] for f in os.listdir(os.path.dirname(path)) if f.endswith(".elf")) \
            if os.path.isdir(os.path.dirname(path)) else []
        raise gdb.GdbError(f"no {path} (programs: {' '.join(have) or 'none; run make'})")
    return path


def image_elf(image_path, is_lib):
    """The ELF kept in build/ for an image path of the initrd, or None."""
    base = os.path.basename(image_path)
    if is_lib:
        stem = base[:-4] if base.endswith(".lib") else base
        path = os.path.join(k.build_dir(), "user", "lib", stem + ".elf")
    else:
        path = os.path.join(k.build_dir(), "user", "bin", base + ".elf")
    return path if os.path.exists(path) else None


def images(p):
    """The images mapped in process p: program first, then libraries."""
    img = p["mm"]["images"]
    n = 0
    while not k.is_null(img):
        i = img.dereference()
        yield {
            "path": k.char_array(i["path"]),
            "base": k.u32(i["base"]),
            "end": k.u32(i["end"]),
            "delta": k.u32(i["delta"]),
            "lib": int(i["fi"]["kind"]) == FLAT_KIND_LIB,
        }
        img = i["next"]
        n += 1
        if n > 1024:
            raise gdb.GdbError("image list does not end (corrupt?)")


def _objfile_loaded(path):
    return any(o.filename and os.path.abspath(o.filename) == path for o in gdb.objfiles())


def _span(info, offset):
    low = min(v for v, _, _ in info.loads) + offset
    high = max(v + m for v, m, _ in info.loads) + offset
    return low & 0xFFFFFFFF, min(high, 1 << 32)


def _unload(path):
    _offset, low, _high = _loaded.pop(path)
    if _objfile_loaded(path):
        gdb.execute("remove-symbol-file -a 0x%x" % low, to_string=True)


def loaded_program():
    """The program ELF whose symbols are loaded, or None."""
    bindir = os.path.join(k.build_dir(), "user", "bin") + os.sep
    for path in _loaded:
        if path.startswith(bindir):
            return path
    return None


def load(elf_path, offset):
    """Load elf_path's symbols offset by offset, unloading the files it
    overlaps and an earlier copy of itself elsewhere.  Returns what was
    done, for the message."""
    elf_path = os.path.abspath(elf_path)
    info = ElfInfo(elf_path)
    low, high = _span(info, offset)
    for path in [p for p in _loaded if not _objfile_loaded(p)]:
        del _loaded[path]                       # removed by hand meanwhile
    old = _loaded.get(elf_path)
    if old is not None and old[0] == offset:
        return "already loaded"
    replaced = [p for p, (_, lo, hi) in _loaded.items()
                if p != elf_path and lo < high and low < hi]
    for path in replaced:
        _unload(path)
    if old is not None:
        # Between the removal and the new load, breakpoints in this file
        # cannot be re-set and gdb disables them: enable them again after.
        enabled = [b for b in gdb.breakpoints() if b.enabled]
        _unload(elf_path)
        gdb.execute("add-symbol-file %s -o 0x%x" % (elf_path, offset), to_string=True)
        for b in enabled:
            if b.is_valid() and not b.enabled:
                b.enabled = True
        what = "moved from 0x%08x" % old[1]
    else:
        gdb.execute("add-symbol-file %s -o 0x%x" % (elf_path, offset), to_string=True)
        what = "loaded"
    _loaded[elf_path] = (offset, low, high)
    if replaced:
        what += "; unloaded " + ", ".join(os.path.basename(p) for p in replaced)
    return what


def _wanted(img, names):
    if not names:
        return True
    path = img["path"]
    base = os.path.basename(path)
    stem = base[:-4] if base.endswith(".lib") else base
    return any(n in (path, base, stem) for n in names)


def load_process(p, names=(), quiet=False):
    """Load the symbols of p's images (those named in names, or all)."""
    done = 0
    for img in images(p):
        if not _wanted(img, names):
            continue
        elf = image_elf(img["path"], img["lib"])
        if elf is None:
            gdb.write(f"{img['path']}: no ELF with symbols in build/user/; skipped\n")
            continue
        info = ElfInfo(elf)
        text = (info.text_vaddr + img["delta"]) & 0xFFFFFFFF
        if text != img["base"]:
            gdb.write(f"warning: {elf} starts at 0x{text:08x}, the image at "
                      f"0x{img['base']:08x}: is the build newer than the guest?\n")
        what = load(elf, img["delta"])
        if not quiet:
            gdb.write("%-20s 0x%08x-0x%08x  %s (%s)\n" % (
                img["path"], img["base"], img["end"], os.path.relpath(elf), what))
        done += 1
    if names and done == 0:
        have = " ".join(i["path"] for i in images(p))
        raise gdb.GdbError(f"pid {int(p['pid'])} has no image named {' or '.join(names)} "
                           f"(it has: {have}); is the library opened yet?")
    return done


def _stack_word(sp, index):
    return struct.unpack("<I", bytes(gdb.selected_inferior().read_memory(sp + 4 * index, 4)))[0]


def _quietly(fn):
    """Run fn with pagination off: a breakpoint's stop() cannot wait for
    the user to page through output."""
    was = gdb.parameter("pagination")
    gdb.execute("set pagination off", to_string=True)
    try:
        return fn()
    finally:
        gdb.execute("set pagination %s" % ("on" if was else "off"), to_string=True)


class LibraryMapBreakpoint(gdb.Breakpoint):
    """At the first instruction of image_map(mm, path, kind, base, ...): the
    library's path and base are on the stack (cdecl), its symbols can be
    loaded before any of its code runs."""

    def __init__(self):
        super().__init__("*image_map", internal=True)
        self.silent = True

    def stop(self):
        try:
            sp = k.u32(gdb.parse_and_eval("$esp"))
            path_ptr, kind, base = (_stack_word(sp, i) for i in (2, 3, 4))
            if kind != FLAT_KIND_LIB:
                return False
            cur = procs.current()
            program = loaded_program()
            if cur is None or program is None or \
                    image_elf(procs.name(cur), False) != program:
                return False    # not the program being debugged
            path = k.read_cstring(path_ptr, 64)
            elf = image_elf(path, True)
            if elf is None:
                return False
            offset = (base - ElfInfo(elf).text_vaddr) & 0xFFFFFFFF
            what = _quietly(lambda: load(elf, offset))
            if what != "already loaded":
                gdb.write("[brink: %s mapped at 0x%08x by pid %d %s: symbols %s]\n"
                          % (path, base, int(cur["pid"]), procs.name(cur), what))
        except (gdb.error, OSError) as e:
            gdb.write(f"[brink: auto-symbols: {e}]\n")
        return False            # never stop here: the guest goes on


_auto = None


def set_auto(on):
    """Follow library loads (the default) or not."""
    global _auto
    if on and _auto is None:
        try:
            _auto = LibraryMapBreakpoint()
        except (gdb.error, RuntimeError):
            pass                # no kernel symbols yet: see _on_new_objfile
    elif on:
        _auto.enabled = True
    elif _auto is not None:
        _auto.enabled = False


class BrinkAutoSymbols(gdb.Parameter):
    """Whether Brink loads a library's symbols as a process maps it.
When on (the default), an internal breakpoint on the kernel's image_map
loads build/user/lib/NAME.elf at the library's base each time openLibrary
maps a library in a process running the program whose symbols are loaded
(brink-break-program, brink-symbols), so pending breakpoints in library
code get placed."""

    set_doc = "Set whether Brink loads a library's symbols as it is mapped."
    show_doc = "Show whether Brink loads a library's symbols as it is mapped."

    def __init__(self):
        super().__init__("brink-auto-symbols", gdb.COMMAND_SUPPORT, gdb.PARAM_BOOLEAN)
        self.value = True

    def get_set_string(self):
        set_auto(self.value)
        return ""

    def get_show_string(self, svalue):
        return "Loading a library's symbols as it is mapped is %s." % svalue


class BrinkSymbols(gdb.Command):
    """Load the symbols of a process's program and libraries where they are mapped.
Usage: brink-symbols [PID [IMAGE...]]
For each image mapped in process PID (the program, then each library that
openLibrary loaded), load build/user/bin/NAME.elf or build/user/lib/NAME.elf
offset by the image's load address, so that `break`, `bt`, `list` and `print`
work in its code.  IMAGE limits it to some images: "mathsdemo", "maths",
"/lib/maths.lib".  Without PID: the process on the CPU.
Symbols loaded earlier that the new ones overlap (another program: all
are at 0x08048000) are unloaded.  A library's address is known once
openLibrary has mapped it; while brink-auto-symbols is on, the libraries
of the program whose symbols are loaded are loaded as they are mapped."""

    def __init__(self):
        super().__init__("brink-symbols", gdb.COMMAND_USER)

    def invoke(self, arg, from_tty):
        argv = arg.split()              # not string_to_argv: PID may be $brink_pidof("x")
        if argv:
            p = procs.find_user(k.parse_int(argv[0], "pid"))
        else:
            p = procs.current()
            if p is None or k.is_null(p["mm"]):
                raise gdb.GdbError("usage: brink-symbols PID [IMAGE...] "
                                   "(no user process is on the CPU)")
        load_process(p, argv[1:])


def _on_new_objfile(event):
    """The helpers may be loaded before the kernel's symbols (an editor's
    gdb): set the library breakpoint once they arrive."""
    if _auto is None and _auto_param.value and \
            os.path.basename(event.new_objfile.filename or "") == k.KERNEL_ELF:
        set_auto(True)


BrinkSymbols()
_auto_param = BrinkAutoSymbols()
set_auto(True)
gdb.events.new_objfile.connect(_on_new_objfile)
