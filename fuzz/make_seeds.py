#!/usr/bin/python3
"""Writes the fuzzers' seeds into OUT/<target>/ from what the project already has:

  elf_loader  each ELF given (the seed cases), and the first of each machine broken in
              each way the loader checks for (truncated, another type, class or machine,
              program headers outside the file, a segment it must refuse, ...).
  decoder     the code of each function in those ELFs (its first MAX_CODE bytes, and
              its last too if longer), as fuzz_decoder reads it:
              [mode][context register][address, 4 bytes][code].
  syscalls    programs as fuzz_syscalls reads them: on each instruction set one per
              topic (PROGRAMS), and on 386, amd64 and ARM one per syscall fvemu
              implements (the handler tables in emu/linux/syscalls/*.cpp and
              emu/arch/arch_<arch>.cpp, numbered by emu/linux/abi/), calling it after
              open("/dev/null") with good arguments, then bad ones, chosen by the
              handler's --strace letters.

The same inputs give the same files, named for where they came from. The build runs it
(target fuzz_seeds, cmake/Fuzz.cmake) on the seed cases; by hand:

    fuzz/make_seeds.py OUT ELF...
"""

import re
import shutil
import struct
import sys
from pathlib import Path

SOURCE = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(SOURCE / "scripts"))
import target_table  # noqa: E402  (targets.json)
EM_386, EM_ARM, EM_X86_64 = 3, 40, 62
SHT_SYMTAB, SHF_EXECINSTR = 2, 4
PT_LOAD, PT_INTERP, PT_GNU_STACK = 1, 3, 0x6474E551
MAX_CODE = 256


class Elf:
    """The little-endian ELF32/ELF64 fields the seeds need."""

    def __init__(self, data):
        self.data = bytearray(data)
        self.wide = data[4] == 2
        self.ehdr = "<HHIQQQIHHHHHH" if self.wide else "<HHIIIIIHHHHHH"
        (_, self.machine, _, _, self.phoff, self.shoff, _, _, self.phentsize, self.phnum,
         self.shentsize, self.shnum, _) = struct.unpack_from(self.ehdr, data, 16)

    HEADER = ["type", "machine", "version", "entry", "phoff", "shoff", "flags", "ehsize",
              "phentsize", "phnum", "shentsize", "shnum", "shstrndx"]
    PHDR64 = "<IIQQQQQQ", ["type", "flags", "offset", "vaddr", "paddr", "filesz", "memsz", "align"]
    PHDR32 = "<IIIIIIII", ["type", "offset", "vaddr", "paddr", "filesz", "memsz", "flags", "align"]

    def phdrs(self):
        """{file offset: fields} of each program header."""
        fmt, names = self.PHDR64 if self.wide else self.PHDR32
        end = self.phoff + self.phnum * self.phentsize
        return {at: dict(zip(names, struct.unpack_from(fmt, self.data, at)))
                for at in range(self.phoff, end, self.phentsize)}

    def edited(self, size=None, ident={}, header={}, phdrs={}):
        """A copy of the file cut to `size`, with some fields of its headers changed."""
        data = bytearray(self.data)
        for i, value in ident.items():
            data[i] = value
        values = dict(zip(self.HEADER, struct.unpack_from(self.ehdr, data, 16)), **header)
        struct.pack_into(self.ehdr, data, 16, *values.values())
        fmt, _ = self.PHDR64 if self.wide else self.PHDR32
        for at, fields in phdrs.items():
            struct.pack_into(fmt, data, at, *dict(self.phdrs()[at], **fields).values())
        return bytes(data[:size])

    def sections(self):
        """The fields of each section header."""
        fmt = "<IIQQQQIIQQ" if self.wide else "<IIIIIIIIII"
        out = []
        for i in range(self.shnum):
            _, t, flags, addr, off, size, link, _, _, entsize = struct.unpack_from(
                fmt, self.data, self.shoff + i * self.shentsize)
            out.append(dict(type=t, flags=flags, addr=addr, offset=off, size=size, link=link,
                            entsize=entsize))
        return out

    def symbols(self):
        """(name, value, section index) of every symbol in .symtab."""
        secs = self.sections()
        for s in secs:
            if s["type"] != SHT_SYMTAB:
                continue
            strtab = secs[s["link"]]
            for at in range(s["offset"] + s["entsize"], s["offset"] + s["size"], s["entsize"]):
                if self.wide:
                    name, _, _, shndx, value, _ = struct.unpack_from("<IBBHQQ", self.data, at)
                else:
                    name, value, _, _, _, shndx = struct.unpack_from("<IIIBBH", self.data, at)
                start = strtab["offset"] + name
                text = bytes(self.data[start:self.data.index(0, start)]).decode()
                yield text, value, shndx


def broken(elf):
    """(name, file) of elf broken in each way the loader checks for."""
    loads = [at for at, ph in elf.phdrs().items() if ph["type"] == PT_LOAD]
    first = elf.phdrs()[loads[0]]
    stacks = [at for at, ph in elf.phdrs().items() if ph["type"] == PT_GNU_STACK]
    yield "headers-only", elf.edited(size=elf.phoff + elf.phnum * elf.phentsize)
    yield "half", elf.edited(size=len(elf.data) // 2)
    yield "other-class", elf.edited(ident={4: 3 - elf.data[4]})
    yield "big-endian", elf.edited(ident={5: 2})
    yield "relocatable", elf.edited(header={"type": 1})
    yield "dyn", elf.edited(header={"type": 3})
    yield "aarch64", elf.edited(header={"machine": 183})
    yield "no-phdrs", elf.edited(header={"phnum": 0})
    yield "phentsize", elf.edited(header={"phentsize": elf.phentsize + 1})
    yield "phoff-past-end", elf.edited(header={"phoff": len(elf.data)})
    yield "entry-outside", elf.edited(header={"entry": 0})
    yield "no-sections", elf.edited(header={"shoff": 0, "shnum": 0})
    yield "interp", elf.edited(phdrs={loads[0]: {"type": PT_INTERP}})
    yield "exec-stack", elf.edited(phdrs={at: {"flags": 7} for at in stacks})
    yield "filesz-over-memsz", elf.edited(phdrs={loads[0]: {"filesz": first["memsz"] + 1}})
    yield "segment-past-end", elf.edited(phdrs={loads[0]: {"offset": len(elf.data)}})
    top = 1 << (64 if elf.wide else 32)
    yield "segment-wraps", elf.edited(phdrs={loads[0]: {"vaddr": top - 4096}})
    yield "misaligned", elf.edited(phdrs={loads[0]: {"vaddr": first["vaddr"] + 1}})
    yield "overlapping", elf.edited(phdrs={at: {"vaddr": first["vaddr"]} for at in loads[1:2]})


def elf_loader_seeds(elfs):
    """Every ELF, and the first of each machine broken in every way."""
    seeds = {name: bytes(elf.data) for name, elf in elfs.items()}
    firsts = {}
    for name, elf in elfs.items():
        firsts.setdefault(elf.machine, name)
    for name in firsts.values():
        seeds.update((f"{name}.{how}", data) for how, data in broken(elfs[name]))
    return seeds


def functions(elf):
    """(name, mode, address, code) of each symbol in code, its code up to the next symbol;
    mode as fuzz_decoder numbers it (ARM's from its mapping symbols or the Thumb bit)."""
    secs = elf.sections()
    syms = sorted((i, v & ~1 if elf.machine == EM_ARM else v, v, n) for n, v, i in elf.symbols()
                  if i < len(secs) and secs[i]["flags"] & SHF_EXECINSTR)
    mode = {EM_386: 0, EM_X86_64: 1, EM_ARM: 2}[elf.machine]
    for k, (index, addr, value, name) in enumerate(syms):
        if elf.machine == EM_ARM and name[:2] in ("$a", "$t", "$d"):
            mode = {"$a": 2, "$t": 3, "$d": None}[name[:2]]
            continue
        sec = secs[index]
        end = next((s[1] for s in syms[k + 1:] if s[0] == index and s[1] > addr),
                   sec["addr"] + sec["size"])
        start = sec["offset"] + addr - sec["addr"]
        if name and mode is not None and end > addr:
            yield name, 3 if value & 1 else mode, addr, bytes(elf.data[start:start + end - addr])


def decoder_seeds(elfs):
    """Each function's code as a block, with the go profile's context register (DX, R7):
    its first MAX_CODE bytes, and its last (where a block ends) if it is longer."""
    seeds, seen = {}, set()
    for name, elf in elfs.items():
        for function, mode, addr, code in functions(elf):
            parts = {"": 0, ".end": len(code) - MAX_CODE} if len(code) > MAX_CODE else {"": 0}
            for part, at in parts.items():
                seed = (bytes([mode, 0 if mode < 2 else 3]) +
                        struct.pack("<I", (addr + at) % (1 << 32)) + code[at:at + MAX_CODE])
                if seed not in seen:
                    seen.add(seed)
                    seeds[f"{name}.{function}{part}"] = seed
    return seeds


def syscall_tables():
    """{arch: (numbers by name, --strace letters of each syscall fvemu implements)}, read
    from the generated number tables and the handler tables, as SyscallTable builds them."""
    entry = re.compile(r'\{"(\w+)", [\w:]+, "([a-z]*)"\}')
    shared = {}
    for f in sorted((SOURCE / "emu/linux/syscalls").glob("*.cpp")):
        shared.update(entry.findall(f.read_text()))
    tables = {}
    for arch in target_table.ARCHES:
        numbers = {n: int(v) for v, n in re.findall(
            r'\{(\d+), "(\w+)"\}', (SOURCE / f"emu/linux/abi/syscalls_{arch}.inc").read_text())}
        own = entry.findall((SOURCE / f"emu/arch/arch_{arch}.cpp").read_text())
        letters = dict(shared, **dict(own))
        tables[arch] = numbers, {n: letters[n] for n in numbers if n in letters}
    return tables


class At(int):
    """An argument pointing into the scratch area, at this offset."""


class Code(int):
    """An argument pointing into the program's first page (its headers and code)."""


def argument(value):
    """(kind, payload) as fuzz_syscalls' argument() reads it: 0 u8, 1 -(u8 % 16) - 1,
    4 scratch + u16, 5 u64, 7 zero."""
    if isinstance(value, At):
        return b"\4" + struct.pack("<H", value)
    if not value:
        return b"\7"
    if 0 < value < 256:
        return b"\0" + bytes([value])
    if -16 <= value < 0:
        return b"\1" + bytes([-value - 1])
    return b"\5" + struct.pack("<Q", value % (1 << 64))


def call(number, *args):
    """One call record: selector 0xf0 (the raw number follows) and six arguments."""
    args += (0,) * (6 - len(args))
    return b"\xf0" + struct.pack("<I", number) + b"".join(map(argument, args))


# Where fuzz_syscalls' program is: elf_builder's spec_for vaddr, the code at kCodeOffset,
# the scratch area at data_address (the page after the code, padded to 64 calls).
# (vaddr, word size) by arch.
LAYOUT = {"386": (0x08048000, 4), "amd64": (0x400000, 8), "arm": (0x10000, 4)}
ENTRY_OFFSET, SCRATCH_OFFSET = 0x200, 0x2000
# What the scratch area starts with, by offset; the rest is zeros (BUF: output buffers).
PATH, HELLO, EXE, ROOT, IOV, ACT, SS, TS, ITV, EV, FDSET, MASK, WORD, FDS, BUF = map(At, (
    0, 16, 32, 48, 64, 96, 128, 160, 176, 208, 224, 232, 240, 248, 256))
STACK_TOP, CODE = At(8192), Code(0)
MAP = 0x20000000  # where the memory program maps with MAP_FIXED
PID = 1000  # the guest's pid and tid (MachineIdentity)


def scratch(arch, thumb):
    def w(*words):
        return b"".join(struct.pack("<Q" if word == 8 else "<I", v) for v in words)

    vaddr, word = LAYOUT[arch]
    base, entry = vaddr + SCRATCH_OFFSET, vaddr + ENTRY_OFFSET + thumb
    parts = {
        PATH: b"/dev/null", HELLO: b"hello\n", EXE: b"/proc/self/exe", ROOT: b"/",
        IOV: w(base + HELLO, 6, base + BUF, 64),
        # SA_SIGINFO|ONSTACK|RESTORER|RESTART; the handler is the program again (which
        # ends in exit_group), on the alternate stack.
        ACT: w(entry, 0x1C000004, entry, 0), SS: w(base + 4096, 0, 4096),
        TS: w(0, 1000000), ITV: w(0, 0, 0, 1000), EV: struct.pack("<IQ", 5, 0),  # EPOLLIN|OUT
        FDSET: b"\x7f", MASK: struct.pack("<Q", 1 << 9),  # SIGUSR1
    }
    out = bytearray(BUF)
    for at, data in parts.items():
        out[at:at + len(data)] = data
    return bytes(out)


# Programs of several calls: (syscall name or alternatives or a raw number, arguments...).
# Each runs on every instruction set with the first alternative that arch has; a call
# the arch does not have is left out.
O_RDWR, O_NONBLOCK, O_CLOEXEC, AT_FDCWD = 2, 0x800, 0x80000, -100
MMAP, FCNTL, FSTAT = ("mmap2", "mmap"), ("fcntl64", "fcntl"), ("fstat64", "fstat")
FSTATAT, SELECT = ("fstatat64", "newfstatat"), ("_newselect", "select")
PROGRAMS = {
    "files": [
        ("open", PATH, O_RDWR), ("write", 3, HELLO, 6), ("read", 3, BUF, 64),
        ("pread64", 3, BUF, 64, 0), ("pwrite64", 3, HELLO, 6, 0), ("lseek", 3, 0, 2),
        ("writev", 1, IOV, 2), ("readv", 3, IOV, 2), ("dup", 3), ("dup2", 3, 10),
        ("dup3", 3, 11, O_CLOEXEC), (FCNTL, 3, 0, 20), (FCNTL, 3, 1030, 30), (FCNTL, 3, 1),
        (FCNTL, 3, 2, 1), (FCNTL, 3, 3), (FCNTL, 3, 4, O_NONBLOCK), (FSTAT, 3, BUF),
        ("ioctl", 1, 0x5401, BUF), ("close", 10), ("close", 3), ("close", 3)],
    "paths": [
        (("stat64", "stat"), PATH, BUF), (("lstat64", "lstat"), EXE, BUF), ("access", PATH, 4),
        ("faccessat", AT_FDCWD, EXE, 1), ("openat", AT_FDCWD, EXE, 0), (FSTAT, 3, BUF),
        (MMAP, 0, 4096, 1, 2, 3, 0), ("readlink", EXE, BUF, 64),
        ("readlinkat", AT_FDCWD, EXE, BUF, 64), ("getcwd", BUF, 256),
        ("statx", AT_FDCWD, PATH, 0, 0xFFF, BUF), (FSTATAT, AT_FDCWD, EXE, BUF, 0),
        ("open", ROOT, 0), ("getdents64", 4, BUF, 1024), ("unlink", PATH),
        ("unlinkat", AT_FDCWD, PATH, 0)],
    "memory": [
        ("open", EXE, 0), ("mprotect", CODE, 4096, 7), ("read", 3, CODE, 4096),
        (MMAP, MAP, 8192, 3, 0x32, -1, 0), ("mprotect", MAP, 4096, 1), ("madvise", MAP, 4096, 4),
        ("mincore", MAP, 8192, BUF), ("mremap", MAP, 8192, 16384, 1, 0), ("munmap", MAP, 16384),
        (MMAP, MAP, 4096, 3, 0x100022, -1, 0), (MMAP, MAP, 4096, 3, 0x100022, -1, 0),
        (MMAP, 0, 4096, 3, 0x21, -1, 0), (MMAP, 0, 1 << 40, 3, 0x22, -1, 0), ("brk", 0),
        ("brk", MAP + (1 << 20))],
    "signals": [
        ("rt_sigaction", 10, ACT, BUF, 8), ("sigaltstack", SS, BUF),
        ("rt_sigprocmask", 0, MASK, BUF, 8), ("kill", PID, 10), ("tgkill", PID, PID, 10),
        ("rt_sigpending", BUF, 8), ("rt_sigprocmask", 1, MASK, 0, 8)],
    "timers": [
        ("rt_sigaction", 14, ACT, 0, 8), ("setitimer", 0, ITV, BUF), ("getitimer", 0, BUF),
        ("setitimer", 1, ITV, 0), ("setitimer", 2, ITV, 0), ("nanosleep", TS, BUF),
        ("clock_nanosleep", 1, 0, TS, 0), ("alarm", 1), ("pause",)],
    "time": [("clock_gettime", clock, BUF) for clock in range(8)] + [
        ("clock_getres", 1, BUF), ("gettimeofday", BUF, At(BUF + 16)), ("time", BUF), ("time", 0)],
    "epoll": [
        ("epoll_create1", O_CLOEXEC), ("eventfd2", 1, 0), ("epoll_ctl", 3, 1, 4, EV),
        ("pipe2", FDS, 0), ("write", 6, HELLO, 6), ("epoll_ctl", 3, 1, 5, EV),
        ("epoll_ctl", 3, 1, 6, EV), ("epoll_wait", 3, BUF, 8, 0), ("epoll_ctl", 3, 3, 5, EV),
        ("epoll_ctl", 3, 2, 4, 0), ("epoll_pwait", 3, BUF, 8, 10, 0, 8), ("read", 4, BUF, 8),
        ("write", 4, HELLO, 8), (SELECT, 8, FDSET, FDSET, 0, TS),
        ("pselect6", 8, FDSET, 0, 0, TS, 0)],
    "threads": [
        ("set_tid_address", WORD), ("set_robust_list", BUF, 12), ("futex", WORD, 129, 1),
        ("futex", WORD, 128, 1), ("futex", WORD, 128, 0, TS), ("futex", WORD, 137, 0, TS, 0, -1),
        ("clone", 0x50F00, STACK_TOP), ("sched_yield",), ("gettid",), ("futex", WORD, 129, 1),
        ("exit", 0)],
    "process": [
        ("uname", BUF), ("prlimit64", 0, 7, 0, BUF), ("prlimit64", 0, 7, BUF, 0),
        (("ugetrlimit", "getrlimit"), 3, BUF), ("setrlimit", 7, BUF),
        ("sched_getaffinity", 0, 128, BUF), ("sched_setaffinity", 0, 128, BUF),
        ("getcpu", BUF, At(BUF + 8), 0), ("getrandom", BUF, 64, 0), ("getrandom", BUF, 64, 1),
        ("rseq", BUF, 32, 0, 0x53053053), ("getppid",), ("geteuid",),
        ("arch_prctl", 0x1002, MAP), ("arch_prctl", 0x1003, BUF), ("set_thread_area", BUF),
        ("modify_ldt", 1, BUF, 16), ("modify_ldt", 0, BUF, 64), ("set_tls", MAP), ("get_tls",),
        ("cacheflush", MAP, MAP + 4096, 0)],
    "sockets": [
        ("socket", 1, 1, 0), ("socketpair", 1, 1, 0, FDS), ("sendto", 4, HELLO, 6, 0, 0, 0),
        ("recvfrom", 5, BUF, 64, 0x40, 0, 0), ("getsockname", 3, BUF, WORD),
        ("setsockopt", 4, 1, 2, HELLO, 4), ("getsockopt", 4, 1, 3, BUF, WORD), ("shutdown", 4, 2),
        ("bind", 3, BUF, 16), ("listen", 3, 1), ("accept4", 3, 0, 0, O_NONBLOCK)],
    "unimplemented": [("ptrace", 0), (0xFFFF,)],
}
# One call's arguments from its handler's --strace letters: good values (the fd of the
# open("/dev/null") before it, a path, a buffer and its length), then bad ones.
GOOD = {"f": 3, "d": 0, "u": 4096, "x": 0, "o": 0o644, "s": PATH, "p": BUF, "b": HELLO}
BAD = {"f": -1, "d": -1, "u": -1, "x": 0xFFFFFFFF, "o": -1, "s": 0, "p": 0, "b": 0}


def syscall_seeds():
    seeds = {}
    tables = syscall_tables()
    # fuzz_syscalls' target selector: its targets[] in order, each with its arch.
    for isa, (name, arch) in enumerate((("386", "386"), ("amd64", "amd64"), ("arm", "arm"), ("thumb", "arm"))):
        numbers, letters = tables[arch]
        start = bytes([isa, BUF // 16]) + scratch(arch, name == "thumb")
        for program, steps in PROGRAMS.items():
            calls = b""
            for names, *args in steps:
                names = names if isinstance(names, tuple) else (names,)
                number = next((numbers.get(n, n) for n in names
                               if n in numbers or isinstance(n, int)), None)
                args = (LAYOUT[arch][0] + a if isinstance(a, Code) else a for a in args)
                if number is not None:
                    calls += call(number, *args)
            seeds[f"{name}.{program}"] = start + calls
        if name == "thumb":
            continue  # the same handlers as on ARM: its programs above cover its encoding
        opened = call(numbers["open"], PATH, O_RDWR)
        for syscall, spec in sorted(letters.items()):
            good = [GOOD[c] for c in spec]
            if "b" in spec:
                good[spec.index("b") + 1] = 6  # len("hello\n")
            seeds[f"{name}.{syscall}"] = (start + opened + call(numbers[syscall], *good) +
                                          call(numbers[syscall], *(BAD[c] for c in spec)))
    return seeds


def main():
    out = Path(sys.argv[1])
    elfs = {"-".join(Path(p).parts[-3:]): Elf(Path(p).read_bytes()) for p in sorted(sys.argv[2:])}
    for target, seeds in (("elf_loader", elf_loader_seeds(elfs)), ("decoder", decoder_seeds(elfs)),
                          ("syscalls", syscall_seeds())):
        shutil.rmtree(out / target, ignore_errors=True)
        (out / target).mkdir(parents=True)
        for name, data in seeds.items():
            (out / target / name).write_bytes(data)


if __name__ == "__main__":
    main()
