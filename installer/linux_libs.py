"""Linux library selection for the PyInstaller build (used by branch-ledger.spec).

PyInstaller collects every shared library its analysis reaches, including the
build machine's own system libraries and those needed only by Qt plugins the
spec drops afterwards. ``prune_binaries``:

1. keeps only libraries reachable (ELF DT_NEEDED) from what the app loads:
   Python extension modules, libpython and the Qt plugins kept;
2. leaves out libraries that belong to a Debian package of the build machine
   (X11, xcb, fontconfig, glib, ...): the .deb depends on those packages instead,
   so the user's distribution keeps them patched and matching its drivers.
   Libraries of the Python wheels (Qt, ICU, Pillow's) stay in the bundle.
"""

from __future__ import annotations

import shutil
import struct
import subprocess
from pathlib import Path

SYSTEM_PREFIXES = ("/usr/lib/", "/lib/", "/lib64/", "/usr/lib64/")


def elf_needed(path: str | Path) -> list[str]:
    """DT_NEEDED names of a 64-bit little-endian ELF file ([] for anything else)."""
    try:
        data = Path(path).read_bytes()
    except OSError:
        return []
    if data[:4] != b"\x7fELF" or data[4] != 2 or data[5] != 1:
        return []
    phoff = struct.unpack_from("<Q", data, 0x20)[0]
    phentsize, phnum = struct.unpack_from("<HH", data, 0x36)
    loads, dynamic = [], None
    for index in range(phnum):
        p_type, _flags, p_offset, p_vaddr, _paddr, p_filesz = struct.unpack_from(
            "<IIQQQQ", data, phoff + index * phentsize
        )
        if p_type == 1:
            loads.append((p_vaddr, p_offset, p_filesz))
        elif p_type == 2:
            dynamic = (p_offset, p_filesz)
    if dynamic is None:
        return []
    entries, strtab = [], None
    for offset in range(dynamic[0], dynamic[0] + dynamic[1], 16):
        tag, value = struct.unpack_from("<qQ", data, offset)
        if tag == 0:
            break
        if tag == 1:
            entries.append(value)
        elif tag == 5:
            strtab = value
    if strtab is None:
        return []
    for vaddr, offset, size in loads:  # address -> file offset
        if vaddr <= strtab < vaddr + size:
            strtab = strtab - vaddr + offset
            break
    names = []
    for value in entries:
        end = data.index(b"\0", strtab + value)
        names.append(data[strtab + value : end].decode())
    return names


# Libraries no ELF file links: Python code loads them with ctypes (PDFium,
# loaded by pypdfium2_raw). Without this they would look unreachable.
CTYPES_LIBRARIES = ("libpdfium",)


def _is_root(dest: str) -> bool:
    name = Path(dest).name
    parts = Path(dest).parts
    return (
        not name.startswith("lib")
        or name.startswith(("libpython", *CTYPES_LIBRARIES))
        or "plugins" in parts
    )


def _debian_owned(paths: list[str]) -> set[str]:
    """The paths (as given) that a Debian package of this machine owns."""
    if not paths or shutil.which("dpkg-query") is None:
        return set()
    owned: set[str] = set()
    for path in paths:
        candidates = {path, str(Path(path).resolve())}
        if path.startswith("/lib/"):
            candidates.add("/usr" + path)
        if path.startswith("/usr/lib/"):
            candidates.add(path[len("/usr") :])
        result = subprocess.run(
            ["dpkg-query", "-S", *sorted(candidates)], capture_output=True, text=True
        )
        if result.stdout.strip():
            owned.add(path)
    return owned


def prune_binaries(binaries: list[tuple]) -> list[tuple]:
    by_name: dict[str, list[tuple]] = {}
    for entry in binaries:
        by_name.setdefault(Path(entry[0]).name, []).append(entry)
    reachable: set[str] = set()
    todo = [entry for entry in binaries if _is_root(entry[0])]
    seen_sources: set[str] = set()
    while todo:
        entry = todo.pop()
        reachable.add(Path(entry[0]).name)
        source = entry[1]
        if source in seen_sources:
            continue
        seen_sources.add(source)
        for needed in elf_needed(source):
            for dep in by_name.get(needed, []):
                if Path(dep[0]).name not in reachable or dep[1] not in seen_sources:
                    todo.append(dep)
    kept = [entry for entry in binaries if Path(entry[0]).name in reachable]
    system = [
        entry[1]
        for entry in kept
        if str(entry[1]).startswith(SYSTEM_PREFIXES) and not _is_root(entry[0])
    ]
    owned = _debian_owned(system)
    pruned = [entry for entry in kept if entry[1] not in owned]
    dropped = sorted(
        {Path(entry[0]).name for entry in binaries} - {Path(e[0]).name for e in pruned}
    )
    print(f"[spec] left out {len(dropped)} libraries: {' '.join(dropped)}")
    return pruned
