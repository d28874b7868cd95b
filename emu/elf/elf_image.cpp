#include "emu/elf/elf_image.h"

#include <elf.h>
#include <gelf.h>
#include <libelf.h>
#include <sys/mman.h>
#include <sys/stat.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <fstream>
#include <iterator>
#include <memory>

#include <fmt/format.h>

#include "emu/arch/arch.h"
#include "emu/elf/go_pclntab.h"
#include "emu/guest_error.h"

namespace fvemu {
namespace {

[[noreturn]] void reject(const std::string& what, const std::string& why,
                         RunError::Kind kind = RunError::Kind::kProgram) {
  throw RunError(kind, fmt::format("{}: {}", what, why));
}

std::string machine_name(uint16_t m) {
  switch (m) {
    case EM_386: return "i386";
    case EM_X86_64: return "x86-64";
    case EM_ARM: return "arm";
    case EM_AARCH64: return "aarch64";
    case EM_MIPS: return "mips";
    case EM_PPC: return "powerpc";
    case EM_PPC64: return "powerpc64";
    case EM_RISCV: return "riscv";
    case EM_S390: return "s390";
    case EM_SPARC: return "sparc";
    default: return fmt::format("machine {}", m);
  }
}

struct ElfCloser {
  void operator()(Elf* e) const { elf_end(e); }
};

int segment_prot(uint32_t flags) {
  return ((flags & PF_R) ? PROT_READ : 0) | ((flags & PF_W) ? PROT_WRITE : 0) |
         ((flags & PF_X) ? PROT_EXEC : 0);
}

const Arch* identify(const GElf_Ehdr& eh, int elf_class, const std::string& what) {
  const Arch* arch = arch_for_elf(eh.e_machine, static_cast<uint8_t>(elf_class));
  if (arch) return arch;
  for (const Arch* a : all_arches())
    if (a->elf_machine() == eh.e_machine)
      reject(what, fmt::format("ELF{} is not a valid class for {}",
                               elf_class == ELFCLASS64 ? 64 : 32, machine_name(eh.e_machine)));
  reject(what, fmt::format("unsupported machine {} (supported: i386, x86-64, arm)",
                           machine_name(eh.e_machine)), RunError::Kind::kArch);
}

void check_type(const GElf_Ehdr& eh, const std::string& what) {
  if (eh.e_type == ET_EXEC || eh.e_type == ET_DYN) return;
  const char* type = eh.e_type == ET_REL ? "a relocatable object (ET_REL)"
                     : eh.e_type == ET_CORE ? "a core dump (ET_CORE)"
                                            : "not an executable";
  reject(what, fmt::format("{}, not an executable", type));
}

void read_program_headers(Elf* elf, const GElf_Ehdr& eh, size_t file_size,
                          const std::string& what, ElfImage& img) {
  if (eh.e_phnum == 0) reject(what, "no program headers");
  const size_t entsize = gelf_fsize(elf, ELF_T_PHDR, 1, EV_CURRENT);
  if (eh.e_phentsize != entsize)
    reject(what, fmt::format("bad program header size {} (expected {})", eh.e_phentsize, entsize));
  if (eh.e_phoff > file_size || eh.e_phnum * entsize > file_size - eh.e_phoff)
    reject(what, "program headers lie outside the file");
  size_t phnum = 0;
  if (elf_getphdrnum(elf, &phnum) != 0 || phnum == 0) reject(what, "unreadable program headers");
  img.phnum = static_cast<uint16_t>(phnum);
  img.phentsize = static_cast<uint16_t>(entsize);

  bool have_phdr_segment = false;
  for (size_t i = 0; i < phnum; i++) {
    GElf_Phdr ph;
    if (!gelf_getphdr(elf, static_cast<int>(i), &ph))
      reject(what, fmt::format("unreadable program header {}", i));
    switch (ph.p_type) {
      case PT_INTERP:
        reject(what, "dynamically linked; build with -static");
      case PT_GNU_STACK:
        img.executable_stack = (ph.p_flags & PF_X) != 0;
        break;
      case PT_PHDR:
        img.phdr_vaddr = ph.p_vaddr;
        have_phdr_segment = true;
        break;
      case PT_LOAD: {
        if (ph.p_memsz == 0) break;
        if (ph.p_filesz > ph.p_memsz)
          reject(what, fmt::format("segment {}: file size exceeds memory size", i));
        if (ph.p_offset > file_size || ph.p_filesz > file_size - ph.p_offset)
          reject(what, fmt::format("segment {}: lies beyond the end of the file (truncated?)", i));
        if (ph.p_vaddr + ph.p_memsz < ph.p_vaddr ||
            (eh.e_ident[EI_CLASS] == ELFCLASS32 && ph.p_vaddr + ph.p_memsz > 0x100000000ull))
          reject(what, fmt::format("segment {}: address range overflows", i));
        if ((ph.p_vaddr - ph.p_offset) % 4096 != 0)
          reject(what, fmt::format("segment {}: address and file offset disagree modulo the page size", i));
        img.segments.push_back({ph.p_vaddr, ph.p_memsz, ph.p_filesz, ph.p_offset,
                                segment_prot(ph.p_flags)});
        break;
      }
      default:
        break;
    }
  }
  if (img.segments.empty()) reject(what, "no loadable segments");

  // Overlapping segments: Linux would silently let the later one win; a compiler never
  // emits them, so they mean a corrupt file.
  std::vector<Segment> sorted = img.segments;
  std::sort(sorted.begin(), sorted.end(),
            [](const Segment& a, const Segment& b) { return a.vaddr < b.vaddr; });
  for (size_t i = 1; i < sorted.size(); i++)
    if (sorted[i].vaddr < sorted[i - 1].vaddr + sorted[i - 1].memsz)
      reject(what, fmt::format("overlapping segments at {:#x} and {:#x}", sorted[i - 1].vaddr,
                               sorted[i].vaddr));

  if (!have_phdr_segment) {
    // As the kernel's AT_PHDR: where the headers land in the segment that maps them.
    for (const Segment& s : img.segments)
      if (eh.e_phoff >= s.offset && eh.e_phoff + phnum * entsize <= s.offset + s.filesz)
        img.phdr_vaddr = s.vaddr + (eh.e_phoff - s.offset);
  }
}

void check_entry(const ElfImage& img, const std::string& what) {
  const uint64_t entry = img.arch->elf_machine() == EM_ARM ? img.entry & ~1ull : img.entry;
  for (const Segment& s : img.segments)
    if ((s.prot & PROT_EXEC) && entry >= s.vaddr && entry < s.vaddr + s.filesz) return;
  reject(what, fmt::format("entry point {:#x} is outside every executable segment", img.entry));
}

void read_symbols(Elf* elf, SymbolTable& functions, SymbolTable& objects) {
  GElf_Ehdr eh;
  const bool is_arm = gelf_getehdr(elf, &eh) && eh.e_machine == EM_ARM;
  Elf_Scn* scn = nullptr;
  while ((scn = elf_nextscn(elf, scn)) != nullptr) {
    GElf_Shdr sh;
    if (!gelf_getshdr(scn, &sh) || sh.sh_type != SHT_SYMTAB || sh.sh_entsize == 0) continue;
    Elf_Data* data = elf_getdata(scn, nullptr);
    if (!data) continue;
    const size_t count = sh.sh_size / sh.sh_entsize;
    for (size_t i = 0; i < count; i++) {
      GElf_Sym sym;
      if (!gelf_getsym(data, static_cast<int>(i), &sym)) break;
      const int type = GELF_ST_TYPE(sym.st_info);
      if ((type != STT_FUNC && type != STT_NOTYPE && type != STT_OBJECT) ||
          sym.st_shndx == SHN_UNDEF || sym.st_value == 0)
        continue;
      const char* name = elf_strptr(elf, sh.sh_link, sym.st_name);
      // ARM mapping symbols ($a, $t, $d) mark code kinds, they are not names.
      if (!name || !*name || name[0] == '$') continue;
      uint64_t addr = sym.st_value;
      if (type == STT_FUNC && is_arm) addr &= ~1ull;  // the Thumb bit
      (type == STT_OBJECT ? objects : functions).add({addr, sym.st_size, name});
    }
  }
  // A Go binary linked with -s (go test's and go run's) still names its functions in
  // the runtime's own table.
  if (functions.size() == 0)
    if (const auto pclntab = GoPclntab::from_elf(elf))
      for (const GoPclntab::Function& f : pclntab->functions())
        functions.add({f.entry, f.end - f.entry, f.name});
  functions.finish();
  objects.finish();
}

}  // namespace

void SymbolTable::finish() {
  std::sort(symbols_.begin(), symbols_.end(), [](const Symbol& a, const Symbol& b) {
    return a.addr != b.addr ? a.addr < b.addr : a.size > b.size;
  });
}

const SymbolTable::Symbol* SymbolTable::containing(uint64_t addr) const {
  auto it = std::upper_bound(symbols_.begin(), symbols_.end(), addr,
                             [](uint64_t a, const Symbol& s) { return a < s.addr; });
  // Walk back over symbols starting at or before addr; prefer one that contains it.
  for (int tries = 0; it != symbols_.begin() && tries < 8; tries++) {
    --it;
    if (addr < it->addr + std::max<uint64_t>(it->size, 1) || (it->size == 0 && addr == it->addr))
      return &*it;
  }
  return nullptr;
}

std::string SymbolTable::describe(uint64_t addr) const {
  const Symbol* s = containing(addr);
  if (!s) return "";
  const uint64_t off = addr - s->addr;
  return off ? fmt::format("{}+{:#x}", s->name, off) : s->name;
}

std::optional<uint64_t> SymbolTable::start_of(uint64_t addr) const {
  const Symbol* s = containing(addr);
  return s ? std::optional<uint64_t>(s->addr) : std::nullopt;
}

std::optional<uint64_t> SymbolTable::find(std::string_view name) const {
  for (const Symbol& s : symbols_)
    if (s.name == name) return s.addr;
  return std::nullopt;
}

ElfImage parse_elf(std::vector<uint8_t> bytes, const std::string& what) {
  if (bytes.size() < EI_NIDENT || std::memcmp(bytes.data(), ELFMAG, SELFMAG) != 0)
    reject(what, "not an ELF file");
  if (bytes[EI_CLASS] != ELFCLASS32 && bytes[EI_CLASS] != ELFCLASS64)
    reject(what, "corrupt ELF header (bad class)");
  if (bytes[EI_DATA] == ELFDATA2MSB && bytes.size() >= 20)
    reject(what, fmt::format("big-endian {} ELF is not supported (little-endian only)",
                             machine_name(static_cast<uint16_t>(bytes[18] << 8 | bytes[19]))),
           RunError::Kind::kArch);
  if (bytes[EI_DATA] != ELFDATA2LSB) reject(what, "corrupt ELF header (bad byte order)");
  elf_version(EV_CURRENT);
  std::unique_ptr<Elf, ElfCloser> elf(
      elf_memory(reinterpret_cast<char*>(bytes.data()), bytes.size()));
  GElf_Ehdr eh;
  if (!elf || elf_kind(elf.get()) != ELF_K_ELF || !gelf_getehdr(elf.get(), &eh))
    reject(what, "corrupt or truncated ELF header");

  ElfImage img;
  img.arch = identify(eh, gelf_getclass(elf.get()), what);
  check_type(eh, what);
  if (eh.e_machine == EM_ARM && EF_ARM_EABI_VERSION(eh.e_flags) != EF_ARM_EABI_VER5)
    reject(what, "ARM binary is not EABI version 5 (old ABI is not supported)",
           RunError::Kind::kArch);
  img.position_independent = eh.e_type == ET_DYN;
  img.entry = eh.e_entry;
  read_program_headers(elf.get(), eh, bytes.size(), what, img);
  check_entry(img, what);
  read_symbols(elf.get(), img.symbols, img.data_symbols);
  elf.reset();
  img.bytes = std::move(bytes);
  return img;
}

ElfImage load_elf_file(const std::string& path) {
  struct stat st;
  if (::stat(path.c_str(), &st) != 0) {
    if (errno == ENOENT || errno == ENOTDIR)
      throw RunError(RunError::Kind::kNotFound, fmt::format("{}: no such file", path));
    reject(path, std::strerror(errno));
  }
  if (S_ISDIR(st.st_mode)) reject(path, "is a directory");
  if (!S_ISREG(st.st_mode)) reject(path, "not a regular file");
  std::ifstream in(path, std::ios::binary);
  if (!in) reject(path, fmt::format("cannot read: {}", std::strerror(errno)));
  std::vector<uint8_t> bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  return parse_elf(std::move(bytes), path);
}

}  // namespace fvemu
