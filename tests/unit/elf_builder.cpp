#include "tests/unit/elf_builder.h"

#include <cstring>
#include <string>

namespace fvemu::test {
namespace {

template <typename Ehdr, typename Phdr>
std::vector<uint8_t> build(const ElfSpec& spec) {
  std::vector<Phdr> phdrs;
  const uint64_t code_end = kCodeOffset + spec.code.size();
  Phdr load{};
  load.p_type = PT_LOAD;
  load.p_flags = PF_R | PF_X;
  load.p_offset = 0;
  load.p_vaddr = load.p_paddr = spec.vaddr;
  load.p_filesz = load.p_memsz = code_end;
  load.p_align = 0x1000;
  phdrs.push_back(load);
  if (!spec.writable_data.empty()) {
    Phdr data = load;
    data.p_flags = PF_R | PF_W;
    data.p_offset = data_offset(spec);
    data.p_vaddr = data.p_paddr = data_address(spec);
    data.p_filesz = data.p_memsz = spec.writable_data.size();
    phdrs.push_back(data);
  }
  if (spec.with_overlapping_segment) {
    Phdr data = load;
    data.p_flags = PF_R | PF_W;
    data.p_vaddr = data.p_paddr = spec.vaddr + 0x100;
    data.p_offset = 0x100;
    data.p_filesz = data.p_memsz = code_end - 0x100;
    phdrs.push_back(data);
  }
  if (spec.with_interp) {
    Phdr interp{};
    interp.p_type = PT_INTERP;
    interp.p_offset = kCodeOffset;
    interp.p_filesz = 1;
    phdrs.push_back(interp);
  }
  Ehdr eh{};
  std::memcpy(eh.e_ident, ELFMAG, SELFMAG);
  eh.e_ident[EI_CLASS] = spec.elf_class;
  eh.e_ident[EI_DATA] = spec.data;
  eh.e_ident[EI_VERSION] = EV_CURRENT;
  eh.e_type = spec.type;
  eh.e_machine = spec.machine;
  eh.e_version = EV_CURRENT;
  eh.e_entry = static_cast<decltype(eh.e_entry)>(spec.vaddr + kCodeOffset + spec.entry_delta);
  eh.e_phoff = sizeof(Ehdr);
  eh.e_flags = spec.flags;
  eh.e_ehsize = sizeof(Ehdr);
  eh.e_phentsize = sizeof(Phdr);
  eh.e_phnum = static_cast<uint16_t>(phdrs.size());

  const std::vector<uint8_t>& rw = spec.writable_data;
  std::vector<uint8_t> out(rw.empty() ? code_end : data_offset(spec) + rw.size(), 0);
  std::memcpy(out.data(), &eh, sizeof eh);
  std::memcpy(out.data() + sizeof eh, phdrs.data(), phdrs.size() * sizeof(Phdr));
  std::memcpy(out.data() + kCodeOffset, spec.code.data(), spec.code.size());
  if (!rw.empty()) std::memcpy(out.data() + data_offset(spec), rw.data(), rw.size());
  return out;
}

}  // namespace

uint64_t data_offset(const ElfSpec& spec) {
  constexpr uint64_t kPage = 0x1000;
  return (kCodeOffset + spec.code.size() + kPage - 1) / kPage * kPage;
}

std::vector<uint8_t> build_elf(const ElfSpec& spec) {
  return spec.elf_class == ELFCLASS64 ? build<Elf64_Ehdr, Elf64_Phdr>(spec)
                                      : build<Elf32_Ehdr, Elf32_Phdr>(spec);
}

ElfSpec spec_for(const char* arch) {
  ElfSpec s;
  const std::string a = arch;
  if (a == "386") {
    s.elf_class = ELFCLASS32;
    s.machine = EM_386;
    s.vaddr = 0x08048000;
  } else if (a == "arm") {
    s.elf_class = ELFCLASS32;
    s.machine = EM_ARM;
    s.flags = EF_ARM_EABI_VER5;
    s.vaddr = 0x10000;
    s.code = {0xfe, 0xff, 0xff, 0xea};  // b .
  }
  return s;
}

}  // namespace fvemu::test
