// File and line of guest code addresses, from the ELF's DWARF line tables (elfutils
// libdw), or for a Go binary without DWARF from its runtime pc-line table (.gopclntab).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace fvemu {

// Every CU's line table is read into one sorted table at construction, and the
// file is closed: Go binaries have no .debug_aranges, and without it libdw 0.188
// cannot find the CU of an address (dwarf_addrdie fails), so a per-lookup
// dwarf_getsrc_die would need its own CU index anyway.
class SourceLines {
 public:
  // Reads the DWARF of the ELF file at `path`, else its Go pc-line table. A file with
  // neither (or unreadable) gives an object whose lookups all return nullopt; never
  // throws for bad input.
  explicit SourceLines(const std::string& path);
  ~SourceLines();
  SourceLines(const SourceLines&) = delete;
  SourceLines& operator=(const SourceLines&) = delete;

  struct Location {
    std::string file;  // as recorded: Go and gcc record absolute paths
    int line;          // > 0
  };
  // `addr` is a link-time address (as in the ELF's symbol table).
  std::optional<Location> lookup(uint64_t addr) const;
  bool available() const;  // the file had usable line tables

 private:
  // A line-table row: its location holds from `addr` up to the next row's address.
  struct Row {
    uint64_t addr;
    uint32_t file;      // index in files_
    int line;           // 0: code the compiler attributes to no line
    bool end_sequence;  // first address past a run of code: no location from here
  };

  // Each appends rows in its source's order; the constructor sorts them.
  void read_dwarf(int fd);
  void read_go_pclntab(int fd);

  std::vector<std::string> files_;  // each file name once: rows share a few files
  std::vector<Row> rows_;           // sorted by address after construction
};

}  // namespace fvemu
