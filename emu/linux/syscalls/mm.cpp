// Memory: brk, mmap/mmap2, munmap, mprotect, mremap, madvise (mm/mmap.c, mm/mremap.c,
// mm/madvise.c). The areas themselves live in AddressSpace.
#include <sys/mman.h>
#include <unistd.h>

#include <algorithm>
#include <vector>

#include "emu/linux/syscalls/common.h"

namespace fvemu {
namespace {

using AS = AddressSpace;

int64_t sys_brk(SyscallContext& c) {
  uint64_t& cur = c.m.process().brk;
  const uint64_t want = c.arg[0];
  if (want < c.m.process().brk_start) return static_cast<int64_t>(cur);
  const uint64_t old_top = AS::page_up(cur), new_top = AS::page_up(want);
  AddressSpace& mem = c.m.mem();
  if (new_top > old_top) {
    // The kernel answers a brk it cannot grant with the old break (mm/mmap.c).
    if (!mem.is_free(old_top, new_top - old_top) ||
        !mem.map_fixed(old_top, new_top - old_top, PROT_READ | PROT_WRITE, "[heap]"))
      return static_cast<int64_t>(cur);
  } else if (new_top < old_top) {
    mem.unmap(new_top, old_top - new_top);
  }
  cur = want;
  return static_cast<int64_t>(cur);
}

// Copies file bytes [offset, offset+len) into freshly mapped guest memory (a private
// mapping: later writes by either side are not shared).
int64_t fill_from_file(SyscallContext& c, int fd, uint64_t addr, uint64_t len, uint64_t offset) {
  std::vector<uint8_t> buf(std::min<uint64_t>(len, 1 << 20));
  for (uint64_t done = 0; done < len;) {
    const ssize_t n = ::pread(fd, buf.data(), std::min<uint64_t>(buf.size(), len - done),
                              static_cast<off_t>(offset + done));
    if (n < 0) return -errno;
    if (n == 0) break;  // past the end of the file: the rest stays zero
    c.m.mem().write(addr + done, buf.data(), static_cast<size_t>(n));
    done += static_cast<uint64_t>(n);
  }
  return 0;
}

int64_t do_mmap(SyscallContext& c, uint64_t addr, uint64_t len, int prot, int flags, int guest_fd,
                uint64_t offset) {
  if (len == 0 || (flags & (MAP_SHARED | MAP_PRIVATE)) == 0) return -EINVAL;
  const uint64_t size = AS::page_up(len);
  if (size < len) return -ENOMEM;
  const bool anonymous = flags & MAP_ANONYMOUS;
  const int fd = anonymous ? -1 : host_fd(c, static_cast<uint64_t>(guest_fd));
  if (!anonymous && fd < 0) return -EBADF;
  if (!anonymous && (flags & MAP_SHARED) && (prot & PROT_WRITE))
    return -ENODEV;  // shared writable file mappings need write-back: not supported
  AddressSpace& mem = c.m.mem();
  uint64_t at;
  if (flags & (MAP_FIXED | MAP_FIXED_NOREPLACE)) {
    if (addr % AS::kPageSize) return -EINVAL;
    if ((flags & MAP_FIXED_NOREPLACE) && !mem.is_free(addr, size)) return -EEXIST;
    at = addr;
  } else {
    auto found = mem.find_free(size, AS::page_down(addr));
    if (!found) return -ENOMEM;
    at = *found;
  }
  const bool replaces_code = mem.may_hold_code(at, size);
  if (!mem.map_fixed(at, size, prot & (PROT_READ | PROT_WRITE | PROT_EXEC),
                     anonymous ? "[anon]" : "[file]"))
    return -ENOMEM;
  if (replaces_code) c.m.invalidate_code(at, at + size);
  if (!anonymous) {
    if (const int64_t r = fill_from_file(c, fd, at, len, offset); r < 0) {
      mem.unmap(at, size);
      return r;
    }
  }
  return static_cast<int64_t>(at);
}

int64_t sys_mmap(SyscallContext& c) {
  if (c.arg[5] % AS::kPageSize) return -EINVAL;
  return do_mmap(c, c.arg[0], c.arg[1], int_arg(c.arg[2]), int_arg(c.arg[3]), int_arg(c.arg[4]),
                 c.arg[5]);
}

// mmap2: the offset is in 4096-byte units (32-bit targets).
int64_t sys_mmap2(SyscallContext& c) {
  return do_mmap(c, c.arg[0], c.arg[1], int_arg(c.arg[2]), int_arg(c.arg[3]), int_arg(c.arg[4]),
                 c.arg[5] * 4096);
}

int64_t sys_munmap(SyscallContext& c) {
  if (c.arg[0] % AS::kPageSize || c.arg[1] == 0) return -EINVAL;
  const uint64_t size = AS::page_up(c.arg[1]);
  if (!c.m.mem().can_unmap(c.arg[0], size)) return -ENOMEM;  // a hole past the mapping limit
  const bool had_code = c.m.mem().may_hold_code(c.arg[0], size);
  c.m.mem().unmap(c.arg[0], size);
  if (had_code) c.m.invalidate_code(c.arg[0], c.arg[0] + size);
  return 0;
}

int64_t sys_mprotect(SyscallContext& c) {
  if (c.arg[0] % AS::kPageSize) return -EINVAL;
  const uint64_t size = AS::page_up(c.arg[1]);
  if (size == 0) return 0;
  const int prot = int_arg(c.arg[2]) & (PROT_READ | PROT_WRITE | PROT_EXEC);
  const bool had_code = c.m.mem().may_hold_code(c.arg[0], size);
  if (!c.m.mem().protect(c.arg[0], size, prot)) return -ENOMEM;
  // Code made writable must from now on be checked against memory (BlockCounter).
  if (had_code) c.m.invalidate_code(c.arg[0], c.arg[0] + size);
  return 0;
}

// mremap(old, old_size, new_size, flags, new_addr).
int64_t sys_mremap(SyscallContext& c) {
  const uint64_t old_addr = c.arg[0], old_size = AS::page_up(c.arg[1]),
                 new_size = AS::page_up(c.arg[2]), flags = c.arg[3];
  if (old_addr % AS::kPageSize || new_size == 0 || (flags & ~uint64_t{MREMAP_MAYMOVE}))
    return -EINVAL;  // MREMAP_FIXED and MREMAP_DONTUNMAP are not needed by our guests
  AddressSpace& mem = c.m.mem();
  const MemoryArea* area = mem.find(old_addr);
  if (!area || !mem.is_mapped(old_addr, old_size)) return -EFAULT;
  const int prot = area->prot;
  const std::string name = area->name;  // `area` dies with the next map change
  if (new_size <= old_size) {
    if (new_size < old_size) {
      if (!mem.can_unmap(old_addr + new_size, old_size - new_size)) return -ENOMEM;
      mem.unmap(old_addr + new_size, old_size - new_size);
    }
    return static_cast<int64_t>(old_addr);
  }
  if (mem.is_free(old_addr + old_size, new_size - old_size)) {
    if (!mem.map_fixed(old_addr + old_size, new_size - old_size, prot, name)) return -ENOMEM;
    return static_cast<int64_t>(old_addr);
  }
  if (!(flags & MREMAP_MAYMOVE)) return -ENOMEM;
  auto to = mem.find_free(new_size);
  if (!to) return -ENOMEM;
  std::vector<uint8_t> data(old_size);
  mem.read(old_addr, data.data(), data.size());
  if (!mem.map_fixed(*to, new_size, prot, name)) return -ENOMEM;
  mem.write(*to, data.data(), data.size());
  const bool had_code = mem.may_hold_code(old_addr, old_size);
  mem.unmap(old_addr, old_size);
  if (had_code) c.m.invalidate_code(old_addr, old_addr + old_size);
  return static_cast<int64_t>(*to);
}

// MADV_DONTNEED: private anonymous pages read back as zeros afterwards; callers (glibc's
// heap trimming, Go's scavenger) may rely on it. Other advice is only advice.
int64_t sys_madvise(SyscallContext& c) {
  if (c.arg[0] % AS::kPageSize) return -EINVAL;
  if (int_arg(c.arg[2]) != MADV_DONTNEED) return 0;
  const uint64_t len = AS::page_up(c.arg[1]);
  if (!c.m.mem().is_mapped(c.arg[0], len)) return -ENOMEM;
  c.m.mem().discard(c.arg[0], len);
  if (c.m.mem().may_hold_code(c.arg[0], len)) c.m.invalidate_code(c.arg[0], c.arg[0] + len);
  return 0;
}

// mincore(addr, len, vec): every mapped page counts as resident (nothing is swapped).
int64_t sys_mincore(SyscallContext& c) {
  if (c.arg[0] % AS::kPageSize) return -EINVAL;
  const uint64_t pages = AS::page_up(c.arg[1]) / AS::kPageSize;
  if (!c.m.mem().is_mapped(c.arg[0], pages * AS::kPageSize)) return -ENOMEM;
  const std::vector<uint8_t> resident(pages, 1);
  return copy_out(c, c.arg[2], resident.data(), resident.size());
}

const SyscallHandlerDef kHandlers[] = {
    {"mincore", sys_mincore, "pup"},
    {"brk", sys_brk, "p"},
    {"mmap", sys_mmap, "puxxfx"},
    {"mmap2", sys_mmap2, "puxxfx"},
    {"munmap", sys_munmap, "pu"},
    {"mprotect", sys_mprotect, "pux"},
    {"mremap", sys_mremap, "puuxp"},
    {"madvise", sys_madvise, "pud"},
};

}  // namespace

std::span<const SyscallHandlerDef> mm_syscalls() { return kHandlers; }

}  // namespace fvemu
