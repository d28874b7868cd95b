// Function names and line tables from a Go binary's .gopclntab section. The Go runtime
// needs this table for stack traces, so it survives `-ldflags=-s -w`, which is how
// `go test` and `go run` link (no ELF symbol table, no DWARF): for those binaries it is
// the only source of names and lines. Layout: Go 1.18 to 1.20 (runtime/symtab.go's
// pcHeader, magic 0xfffffff0 or 0xfffffff1); older tables are not read.
#pragma once

#include <libelf.h>

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace fvemu {

class GoPclntab {
 public:
  struct Function {
    uint64_t entry;  // link-time address
    uint64_t end;    // the next function's entry
    std::string name;
    uint32_t offset;  // of its _func record in the table
  };

  // The table in `elf`'s .gopclntab section, if it has one in a layout we read; a
  // malformed table gives nullopt, never a crash.
  static std::optional<GoPclntab> from_elf(Elf* elf);
  static std::optional<GoPclntab> parse(std::vector<uint8_t> table);

  const std::vector<Function>& functions() const { return functions_; }

  // Calls visit(start, end, file, line) for each run of addresses of `f` that have one
  // file and line (runtime/symtab.go's pcfile and pcln tables, merged). `file` views
  // a NUL-terminated name in the table (empty when unknown).
  using LineVisitor = std::function<void(uint64_t, uint64_t, std::string_view, int)>;
  void for_each_line(const Function& f, const LineVisitor& visit) const;

 private:
  struct Run {
    uint64_t start, end;
    int32_t value;
  };
  explicit GoPclntab(std::vector<uint8_t> table) : table_(std::move(table)) {}
  bool read_header();
  bool read_functions();
  std::optional<uint64_t> word(uint64_t off, unsigned size) const;
  std::optional<std::string_view> cstring(uint64_t off) const;
  // The runs of a pc-value table at `pctab_off` for a function entered at `entry`.
  std::vector<Run> pc_values(uint32_t pctab_off, uint64_t entry, uint64_t end) const;
  std::string_view file_name(uint32_t cu_offset, int32_t file_index) const;

  std::vector<uint8_t> table_;
  unsigned ptr_size_ = 0, min_lc_ = 1;
  uint64_t nfunc_ = 0, text_start_ = 0;
  uint64_t funcname_off_ = 0, cu_off_ = 0, filetab_off_ = 0, pctab_off_ = 0, pcln_off_ = 0;
  std::vector<Function> functions_;
};

}  // namespace fvemu
