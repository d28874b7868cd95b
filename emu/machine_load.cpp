// Machine: mapping the program's image as the kernel's ELF loader does (fs/binfmt_elf.c) (the rest of the machine is in machine.cpp).
#include "emu/machine.h"

#include <algorithm>
#include <set>
#include <vector>

#include <fmt/format.h>

#include "emu/arch/arch.h"
#include "emu/guest_error.h"

namespace fvemu {

void Machine::load_image() {
  load_bias_ = load_bias_of(image_);
  // Segments may share a page (text end / data start): map page runs with the union
  // of the protections of every segment touching them, as the kernel ends up doing.
  // The runs are cut at the segments' page edges, not page by page: a corrupt 64-bit
  // file's segment may span terabytes (found by fuzz_elf_loader).
  const uint64_t task = arch_.task_size();
  auto first_page = [&](const Segment& s) { return AddressSpace::page_down(s.vaddr + load_bias_); };
  auto page_end = [&](const Segment& s) { return AddressSpace::page_up(s.vaddr + load_bias_ + s.memsz); };
  std::set<uint64_t> edges;
  uint64_t end = 0;
  for (const Segment& s : image_.segments) {
    // Each term is below 2^48, so the sum cannot wrap.
    if (s.vaddr >= task || s.memsz > task || s.vaddr + s.memsz + load_bias_ > task)
      throw RunError(RunError::Kind::kProgram,
                     fmt::format("{}: segment at {:#x} lies outside the {} user address space",
                                 config_.argv[0], s.vaddr + load_bias_, arch_.name()));
    edges.insert(first_page(s));
    edges.insert(page_end(s));
    end = std::max(end, s.vaddr + load_bias_ + s.memsz);
  }
  struct Run {
    uint64_t start, stop;
    int prot;
  };
  std::vector<Run> runs;
  for (auto e = edges.begin(); std::next(e) != edges.end(); ++e) {
    const uint64_t start = *e, stop = *std::next(e);
    int prot = -1;  // no segment: a gap between them
    for (const Segment& s : image_.segments)
      if (first_page(s) <= start && start < page_end(s)) prot = std::max(prot, 0) | s.prot;
    if (prot < 0) continue;
    if (!runs.empty() && runs.back().stop == start && runs.back().prot == prot)
      runs.back().stop = stop;
    else
      runs.push_back({start, stop, prot});
  }
  for (const Run& r : runs)
    if (!mem_->map_fixed(r.start, r.stop - r.start, r.prot, "[image]")) throw_too_little_memory();
  for (const Segment& s : image_.segments)
    mem_->write(s.vaddr + load_bias_, image_.bytes.data() + s.offset, s.filesz);
  process_.brk_start = process_.brk = AddressSpace::page_up(end);
}

}  // namespace fvemu
