"""brink-symbols: load a user program's or library's debug symbols at the
address where a process has it mapped.

Every program and library keeps its ELF, with debug info, beside its flat
image: build/user/bin/NAME.elf (linked at 0x08048000, where programs run)
and build/user/lib/NAME.elf (linked at 0; openLibrary places the image at
the break, so its symbols are offset by the image's base).  The kernel
records each mapped image in mm->images (kernel/exec/image.h) with its base
and delta = base - link address; delta is the offset gdb needs.
"""
import os
import struct

import gdb

from . import kernel as k
from . import procs

FLAT_KIND_LIB = 2               # struct flat_image kind (kernel/exec/flat.h, a #define)

# ELF files loaded by this module: path -> offset.  gdb keeps one objfile
# per add-symbol-file; a second process with the library elsewhere replaces
# the first one's (two copies would make every breakpoint land twice).
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


def load(elf_path, offset):
    """Load elf_path's symbols offset by offset; replace an earlier copy at
    another offset.  Returns what was done, for the message."""
    elf_path = os.path.abspath(elf_path)
    info = ElfInfo(elf_path)
    old = _loaded.get(elf_path)
    if old is not None and _objfile_loaded(elf_path):
        if old == offset:
            return "already loaded"
        gdb.execute("remove-symbol-file -a 0x%x" % ((info.text_vaddr + old) & 0xFFFFFFFF),
                    to_string=True)
    _loaded.pop(elf_path, None)
    gdb.execute("add-symbol-file %s -o 0x%x" % (elf_path, offset), to_string=True)
    _loaded[elf_path] = offset
    return "loaded" if old is None else "moved from 0x%08x" % ((info.text_vaddr + old) & 0xFFFFFFFF)


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


class BrinkSymbols(gdb.Command):
    """Load the symbols of a process's program and libraries where they are mapped.
Usage: brink-symbols [PID [IMAGE...]]
For each image mapped in process PID (the program, then each library that
openLibrary loaded), load build/user/bin/NAME.elf or build/user/lib/NAME.elf
offset by the image's load address, so that `break`, `bt`, `list` and `print`
work in its code.  IMAGE limits it to some images: "mathsdemo", "maths",
"/lib/maths.lib".  Without PID: the process on the CPU.
A library's address is known only once openLibrary has returned; run this
again after that.  Loading a library already loaded at another address (by
another process) moves its symbols."""

    def __init__(self):
        super().__init__("brink-symbols", gdb.COMMAND_USER)

    def invoke(self, arg, from_tty):
        argv = gdb.string_to_argv(arg)
        if argv:
            p = procs.find_user(k.parse_int(argv[0], "pid"))
        else:
            p = procs.current()
            if p is None or k.is_null(p["mm"]):
                raise gdb.GdbError("usage: brink-symbols PID [IMAGE...] "
                                   "(no user process is on the CPU)")
        load_process(p, argv[1:])


BrinkSymbols()
