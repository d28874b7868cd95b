#include "emu/elf/go_pclntab.h"

#include <gelf.h>

#include <cstring>

namespace fvemu {
namespace {

constexpr uint32_t kMagicGo118 = 0xfffffff0;  // Go 1.18 and 1.19
constexpr uint32_t kMagicGo120 = 0xfffffff1;  // Go 1.20: the same header and _func

// Offsets in runtime._func (runtime/runtime2.go, Go 1.18-1.20): uint32 fields.
constexpr unsigned kFuncNameOff = 4, kFuncPcfile = 20, kFuncPcln = 24,
                   kFuncCuOffset = 32, kFuncSize = 40;

std::optional<std::vector<uint8_t>> section_bytes(Elf* elf, const char* name) {
  size_t shstrndx;
  if (elf_getshdrstrndx(elf, &shstrndx) != 0) return std::nullopt;
  Elf_Scn* scn = nullptr;
  while ((scn = elf_nextscn(elf, scn)) != nullptr) {
    GElf_Shdr sh;
    if (!gelf_getshdr(scn, &sh) || sh.sh_type != SHT_PROGBITS) continue;
    const char* n = elf_strptr(elf, shstrndx, sh.sh_name);
    if (!n || std::strcmp(n, name) != 0) continue;
    Elf_Data* data = elf_getdata(scn, nullptr);
    if (!data || !data->d_buf) return std::nullopt;
    const auto* p = static_cast<const uint8_t*>(data->d_buf);
    return std::vector<uint8_t>(p, p + data->d_size);
  }
  return std::nullopt;
}

}  // namespace

std::optional<GoPclntab> GoPclntab::from_elf(Elf* elf) {
  auto bytes = section_bytes(elf, ".gopclntab");
  if (!bytes) return std::nullopt;
  return parse(std::move(*bytes));
}

std::optional<GoPclntab> GoPclntab::parse(std::vector<uint8_t> table) {
  GoPclntab t(std::move(table));
  if (!t.read_header() || !t.read_functions()) return std::nullopt;
  return t;
}

std::optional<uint64_t> GoPclntab::word(uint64_t off, unsigned size) const {
  if (off > table_.size() || table_.size() - off < size) return std::nullopt;
  uint64_t v = 0;
  for (unsigned i = 0; i < size; i++) v |= uint64_t{table_[off + i]} << (8 * i);  // little-endian
  return v;
}

std::optional<std::string_view> GoPclntab::cstring(uint64_t off) const {
  if (off >= table_.size()) return std::nullopt;
  const auto* start = reinterpret_cast<const char*>(table_.data() + off);
  const void* nul = std::memchr(start, 0, table_.size() - off);
  if (!nul) return std::nullopt;
  return std::string_view(start, static_cast<const char*>(nul) - start);
}

bool GoPclntab::read_header() {
  const auto magic = word(0, 4);
  if (!magic || (*magic != kMagicGo118 && *magic != kMagicGo120)) return false;
  min_lc_ = table_[6];
  ptr_size_ = table_[7];
  if ((ptr_size_ != 4 && ptr_size_ != 8) || min_lc_ == 0) return false;
  uint64_t* fields[] = {&nfunc_, nullptr, &text_start_, &funcname_off_, &cu_off_,
                        &filetab_off_, &pctab_off_, &pcln_off_};
  for (unsigned i = 0; i < std::size(fields); i++) {
    const auto v = word(8 + i * ptr_size_, ptr_size_);
    if (!v) return false;
    if (fields[i]) *fields[i] = *v;
  }
  return true;
}

bool GoPclntab::read_functions() {
  // functab: nfunc (entryoff, funcoff) pairs and a last entryoff, the end of the text.
  const uint64_t functab = pcln_off_;
  if (nfunc_ == 0 || nfunc_ > table_.size() / 8) return false;
  functions_.reserve(nfunc_);
  for (uint64_t i = 0; i < nfunc_; i++) {
    const auto entry = word(functab + 8 * i, 4), funcoff = word(functab + 8 * i + 4, 4);
    const auto next = word(functab + 8 * (i + 1), 4);
    if (!entry || !funcoff || !next || *next < *entry) return false;
    const uint64_t record = pcln_off_ + *funcoff;
    const auto nameoff = word(record + kFuncNameOff, 4);
    // The whole _func record must lie in the table: a bounds check, not a word() of
    // kFuncSize bytes (a uint64_t holds 8; shifting past 64 bits is undefined).
    if (!nameoff || record > table_.size() || table_.size() - record < kFuncSize) return false;
    const auto name = cstring(funcname_off_ + static_cast<int32_t>(*nameoff));
    if (!name) return false;
    functions_.push_back({text_start_ + *entry, text_start_ + *next, std::string(*name),
                          static_cast<uint32_t>(record)});
  }
  return true;
}

std::vector<GoPclntab::Run> GoPclntab::pc_values(uint32_t off, uint64_t entry, uint64_t end) const {
  std::vector<Run> runs;
  uint64_t p = pctab_off_ + off;
  auto varint = [&](uint32_t& v) {
    v = 0;
    for (unsigned shift = 0; shift < 35 && p < table_.size(); shift += 7) {
      const uint8_t b = table_[p++];
      v |= uint32_t{b & 0x7fu} << shift;
      if (!(b & 0x80)) return true;
    }
    return false;
  };
  // runtime.step: each entry is a zig-zag value delta, then a pc delta in units of
  // minLC; the value holds from the old pc up to the new one. A zero value delta
  // after the first entry ends the table.
  int32_t value = -1;
  uint64_t pc = entry;
  for (bool first = true; pc < end; first = false) {
    uint32_t uvdelta, pcdelta;
    if (!varint(uvdelta) || (uvdelta == 0 && !first) || !varint(pcdelta)) break;
    const int32_t vdelta = (uvdelta & 1) ? ~static_cast<int32_t>(uvdelta >> 1)
                                         : static_cast<int32_t>(uvdelta >> 1);
    value += vdelta;
    const uint64_t next = std::min(end, pc + uint64_t{pcdelta} * min_lc_);
    runs.push_back({pc, next, value});
    pc = next;
  }
  return runs;
}

std::string_view GoPclntab::file_name(uint32_t cu_offset, int32_t file_index) const {
  if (file_index < 0) return {};
  const auto off = word(cu_off_ + 4 * (uint64_t{cu_offset} + file_index), 4);
  if (!off || *off == 0xffffffff) return {};
  return cstring(filetab_off_ + *off).value_or(std::string_view{});
}

void GoPclntab::for_each_line(const Function& f, const LineVisitor& visit) const {
  const auto pcfile = word(f.offset + kFuncPcfile, 4), pcln = word(f.offset + kFuncPcln, 4);
  const auto cu = word(f.offset + kFuncCuOffset, 4);
  if (!pcfile || !pcln || !cu) return;
  const std::vector<Run> files = pc_values(*pcfile, f.entry, f.end);
  const std::vector<Run> lines = pc_values(*pcln, f.entry, f.end);
  // Both tables cover the function from its entry: walk them together.
  size_t fi = 0, li = 0;
  for (uint64_t pc = f.entry; fi < files.size() && li < lines.size();) {
    const uint64_t end = std::min(files[fi].end, lines[li].end);
    if (end > pc)
      visit(pc, end, file_name(static_cast<uint32_t>(*cu), files[fi].value), lines[li].value);
    pc = end;
    if (files[fi].end == end) fi++;
    if (lines[li].end == end) li++;
  }
}

}  // namespace fvemu
