# SPDX-License-Identifier: GPL-2.0
"""A small ELF reader for scripts/uprobe-offset and scripts/usdt-list: program headers,
sections, symbols and notes of ELF64 files (Python's standard library only; the kernel does
not parse ELF for uprobes, user space does)."""

import struct
import sys

PT_LOAD = 1
SHT_SYMTAB = 2
SHT_NOTE = 7
SHT_DYNSYM = 11
SHN_UNDEF = 0


class ElfError(Exception):
    """A file that is not an ELF file this reader handles."""


class Elf:
    """An ELF64 file, read whole: its segments, sections, symbols and notes."""

    def __init__(self, path):
        self.path = path
        with open(path, 'rb') as f:
            self.data = f.read()
        d = self.data
        if d[:4] != b'\x7fELF':
            raise ElfError(f'{path}: not an ELF file')
        if d[4] != 2:
            raise ElfError(f'{path}: not a 64-bit ELF file (only ELF64 is read)')
        self.end = '<' if d[5] == 1 else '>'
        (self.type, self.machine, _, _, phoff, shoff, _, _, phentsize, phnum, shentsize,
         shnum, shstrndx) = self.unpack('HHIQQQIHHHHHH', 16)
        self.segments = [dict(zip(('type', 'flags', 'offset', 'vaddr', 'paddr', 'filesz',
                                   'memsz', 'align'),
                                  self.unpack('IIQQQQQQ', phoff + i * phentsize)))
                         for i in range(phnum)]
        self.sections = [dict(zip(('name', 'type', 'flags', 'addr', 'offset', 'size', 'link',
                                   'info', 'addralign', 'entsize'),
                                  self.unpack('IIQQQQIIQQ', shoff + i * shentsize)))
                         for i in range(shnum)]
        if self.sections and shstrndx < len(self.sections):
            names = self.sections[shstrndx]
            for s in self.sections:
                s['name'] = self.string(names['offset'] + s['name'])

    def unpack(self, fmt, offset):
        return struct.unpack_from(self.end + fmt, self.data, offset)

    def string(self, offset):
        return self.data[offset:self.data.index(b'\0', offset)].decode(errors='replace')

    def section(self, name):
        return next((s for s in self.sections if s['name'] == name), None)

    def symbols(self, kind):
        """Yields (name, value, size, info, shndx) of the SHT_SYMTAB or SHT_DYNSYM table."""
        for s in self.sections:
            if s['type'] != kind:
                continue
            strtab = self.sections[s['link']]['offset']
            for off in range(s['offset'], s['offset'] + s['size'], 24):
                name, info, _, shndx, value, size = self.unpack('IBBHQQ', off)
                yield self.string(strtab + name), value, size, info, shndx

    def file_offset(self, vaddr):
        """The file offset of virtual address vaddr: its PT_LOAD segment's file offset plus
        vaddr less the segment's address. None when no segment maps it from the file."""
        for p in self.segments:
            if p['type'] == PT_LOAD and p['vaddr'] <= vaddr < p['vaddr'] + p['filesz']:
                return vaddr - p['vaddr'] + p['offset']
        return None

    def notes(self, section):
        """Yields (owner, type, descriptor) of the notes in a SHT_NOTE section."""
        s = self.section(section)
        if s is None or s['type'] != SHT_NOTE:
            return
        off, end = s['offset'], s['offset'] + s['size']
        while off + 12 <= end:
            namesz, descsz, ntype = self.unpack('III', off)
            off += 12
            owner = self.data[off:off + namesz].rstrip(b'\0').decode(errors='replace')
            off += (namesz + 3) & ~3
            desc = self.data[off:off + descsz]
            off += (descsz + 3) & ~3
            yield owner, ntype, desc


def open_elf(path):
    """Opens path as an Elf, or exits with the reason."""
    try:
        return Elf(path)
    except (OSError, ElfError, struct.error) as e:
        sys.exit(f'{sys.argv[0]}: {e}')
