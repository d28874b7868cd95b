#include "harness/trace/source_lines.h"

#include <elfutils/libdw.h>
#include <fcntl.h>
#include <unistd.h>

#include <algorithm>
#include <iterator>
#include <memory>
#include <unordered_map>

#include "emu/elf/go_pclntab.h"

namespace fvemu {
namespace {

// The descriptor libdw reads from; dwarf_end leaves it open.
class FileDescriptor {
 public:
  explicit FileDescriptor(const std::string& path)
      : fd_(::open(path.c_str(), O_RDONLY | O_CLOEXEC)) {}
  ~FileDescriptor() {
    if (fd_ >= 0) ::close(fd_);
  }
  FileDescriptor(const FileDescriptor&) = delete;
  FileDescriptor& operator=(const FileDescriptor&) = delete;
  int get() const { return fd_; }

 private:
  int fd_;
};

struct DwarfEnd {
  void operator()(Dwarf* dwarf) const { dwarf_end(dwarf); }
};

struct ElfEnd {
  void operator()(Elf* elf) const { elf_end(elf); }
};

// Index of each file name in `names`, which holds every name once. Consecutive rows
// mostly name the same file, by the same pointer into libdw's file table, so that
// case skips hashing the name.
class FileInterner {
 public:
  explicit FileInterner(std::vector<std::string>& names) : names_(names) {}
  uint32_t index(const char* name) {
    if (name != last_name_) {
      const auto [it, added] = indices_.try_emplace(name, static_cast<uint32_t>(names_.size()));
      if (added) names_.emplace_back(name);
      last_name_ = name;
      last_index_ = it->second;
    }
    return last_index_;
  }

 private:
  std::vector<std::string>& names_;
  std::unordered_map<std::string, uint32_t> indices_;
  const char* last_name_ = nullptr;
  uint32_t last_index_ = 0;
};

// Calls visit(addr, file, line, end_sequence) for every row of every CU's line table
// (file is null when the row names a file missing from its table).
template <typename Visit>
void for_each_line_row(Dwarf* dwarf, Visit visit) {
  Dwarf_CU* cu = nullptr;
  Dwarf_Die cu_die;
  while (dwarf_get_units(dwarf, cu, &cu, nullptr, nullptr, &cu_die, nullptr) == 0) {
    Dwarf_Lines* lines;
    size_t count;
    if (dwarf_getsrclines(&cu_die, &lines, &count) != 0) continue;  // a CU without line table
    for (size_t i = 0; i < count; i++) {
      Dwarf_Line* row = dwarf_onesrcline(lines, i);
      Dwarf_Addr addr = 0;
      int line = 0;
      bool end_sequence = false;
      dwarf_lineaddr(row, &addr);
      dwarf_lineno(row, &line);
      dwarf_lineendsequence(row, &end_sequence);
      visit(addr, dwarf_linesrc(row, nullptr, nullptr), line, end_sequence);
    }
  }
}

}  // namespace

SourceLines::SourceLines(const std::string& path) {
  const FileDescriptor fd(path);
  if (fd.get() < 0) return;
  read_dwarf(fd.get());
  if (rows_.empty()) read_go_pclntab(fd.get());
  // Stable: of several rows at one address the last wins, as in libdw and addr2line,
  // so their order within a CU must survive. At an address where one sequence ends
  // and another begins, the end comes first so that the beginning wins.
  std::stable_sort(rows_.begin(), rows_.end(), [](const Row& a, const Row& b) {
    return a.addr != b.addr ? a.addr < b.addr : a.end_sequence > b.end_sequence;
  });
}

void SourceLines::read_dwarf(int fd) {
  // dwarf_begin decompresses both SHF_COMPRESSED .debug_* sections (Go 1.19's linker)
  // and legacy zlib .zdebug_* ones (older Go linkers).
  const std::unique_ptr<Dwarf, DwarfEnd> dwarf(dwarf_begin(fd, DWARF_C_READ));
  if (!dwarf) return;  // not an ELF file, or one without DWARF
  FileInterner files(files_);
  for_each_line_row(dwarf.get(), [&](Dwarf_Addr addr, const char* file, int line, bool end) {
    // A row without a file still ends the range of the row before it.
    if (file == nullptr) {
      file = "";
      line = 0;
    }
    rows_.push_back({addr, files.index(file), line, end});
  });
}

// A Go binary linked with -w has no DWARF, but the runtime's pc-line table remains.
void SourceLines::read_go_pclntab(int fd) {
  elf_version(EV_CURRENT);
  const std::unique_ptr<Elf, ElfEnd> elf(elf_begin(fd, ELF_C_READ, nullptr));
  if (!elf) return;
  const auto pclntab = GoPclntab::from_elf(elf.get());
  if (!pclntab) return;
  FileInterner files(files_);
  for (const GoPclntab::Function& f : pclntab->functions()) {
    pclntab->for_each_line(f, [&](uint64_t start, uint64_t, std::string_view file, int line) {
      // File names are NUL-terminated views into the table, which outlives the loop.
      rows_.push_back({start, files.index(file.empty() ? "" : file.data()), line, false});
    });
    rows_.push_back({f.end, 0, 0, true});
  }
}

SourceLines::~SourceLines() = default;

std::optional<SourceLines::Location> SourceLines::lookup(uint64_t addr) const {
  // The row in effect at addr is the last one at or before it.
  const auto after = std::upper_bound(rows_.begin(), rows_.end(), addr,
                                      [](uint64_t a, const Row& row) { return a < row.addr; });
  if (after == rows_.begin()) return std::nullopt;
  const Row& row = *std::prev(after);
  if (row.end_sequence || row.line <= 0) return std::nullopt;
  return Location{files_[row.file], row.line};
}

bool SourceLines::available() const { return !rows_.empty(); }

}  // namespace fvemu
