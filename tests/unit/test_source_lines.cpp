// SourceLines finds the file:line of code addresses in the binaries the build makes:
// Go's (compressed DWARF 4, no .debug_aranges) and gcc's static C ones (DWARF 5), and
// finds nothing, without failing, in files that have no DWARF.
#include "harness/trace/source_lines.h"

#include <fcntl.h>
#include <gelf.h>
#include <gtest/gtest.h>
#include <libelf.h>
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <functional>

namespace fvemu {
namespace {

const std::string kBuildDir = FVEMU_BUILD_DIR;
const std::string kSourceDir = FVEMU_SOURCE_DIR;

// Calls visit(elf, section header, section) for each section of the ELF at `path`.
void for_each_section(const std::string& path,
                      const std::function<void(Elf*, const GElf_Shdr&, Elf_Scn*)>& visit) {
  elf_version(EV_CURRENT);
  const int fd = open(path.c_str(), O_RDONLY | O_CLOEXEC);
  ASSERT_GE(fd, 0) << path << " is missing: build the project first";
  Elf* elf = elf_begin(fd, ELF_C_READ, nullptr);
  for (Elf_Scn* scn = nullptr; elf && (scn = elf_nextscn(elf, scn)) != nullptr;) {
    GElf_Shdr shdr;
    if (gelf_getshdr(scn, &shdr)) visit(elf, shdr, scn);
  }
  elf_end(elf);
  close(fd);
}

// The value of symbol `name` in the ELF at `path` (0 if it has none).
uint64_t symbol_address(const std::string& path, const std::string& name) {
  uint64_t addr = 0;
  for_each_section(path, [&](Elf* elf, const GElf_Shdr& shdr, Elf_Scn* scn) {
    Elf_Data* data = elf_getdata(scn, nullptr);
    if (shdr.sh_type != SHT_SYMTAB || !data) return;
    for (size_t i = 0; i < shdr.sh_size / shdr.sh_entsize; i++) {
      GElf_Sym sym;
      if (!gelf_getsym(data, i, &sym)) continue;
      const char* sym_name = elf_strptr(elf, shdr.sh_link, sym.st_name);
      if (sym_name && name == sym_name) addr = sym.st_value;
    }
  });
  return addr;
}

bool has_section(const std::string& path, const std::string& name) {
  bool found = false;
  for_each_section(path, [&](Elf* elf, const GElf_Shdr& shdr, Elf_Scn*) {
    GElf_Ehdr eh;
    const char* section_name =
        gelf_getehdr(elf, &eh) ? elf_strptr(elf, eh.e_shstrndx, shdr.sh_name) : nullptr;
    found |= section_name && name == section_name;
  });
  return found;
}

// The number of the first line at or after line `from` of the file at `path` that
// starts with `prefix` (0 if none).
int line_starting_with(const std::string& path, const std::string& prefix, int from = 1) {
  std::ifstream in(path);
  std::string text;
  for (int number = 1; std::getline(in, text); number++)
    if (number >= from && text.rfind(prefix, 0) == 0) return number;
  return 0;
}

bool ends_with(const std::string& s, const std::string& suffix) {
  return s.size() >= suffix.size() &&
         s.compare(s.size() - suffix.size(), suffix.size(), suffix) == 0;
}

// A fresh directory, removed with its contents at the end of the test.
class TempDir {
 public:
  TempDir() {
    std::string pattern =
        (std::filesystem::temp_directory_path() / "fvemu_source_lines_XXXXXX").string();
    if (mkdtemp(pattern.data())) path_ = pattern;
  }
  ~TempDir() {
    if (!path_.empty()) std::filesystem::remove_all(path_);
  }
  const std::string& path() const { return path_; }

 private:
  std::string path_;
};

// Copies `in` to `out` through objcopy with `options` (binutils' objcopy reads x86 ELF).
bool objcopy(const std::string& options, const std::string& in, const std::string& out) {
  return std::system(("objcopy " + options + " '" + in + "' '" + out + "'").c_str()) == 0;
}

// main.main of a Go binary starts on the line of `func main()` in cases/go/closures.go.
void expect_go_main_found(const std::string& binary) {
  SCOPED_TRACE(binary);
  const std::string source = kSourceDir + "/cases/go/closures.go";
  const int func_main = line_starting_with(source, "func main()");
  ASSERT_GT(func_main, 0);
  const uint64_t main_main = symbol_address(binary, "main.main");
  ASSERT_NE(main_main, 0u);

  const SourceLines lines(binary);
  EXPECT_TRUE(lines.available());
  const auto where = lines.lookup(main_main);
  ASSERT_TRUE(where.has_value());
  EXPECT_TRUE(ends_with(where->file, "cases/go/closures.go")) << where->file;
  EXPECT_EQ(where->line, func_main);
}

TEST(SourceLines, FindsGoMainMain) {
  for (const char* target : {"amd64", "arm7"})
    expect_go_main_found(kBuildDir + "/go/" + target + "/closures");
}

// Older Go linkers wrote legacy GNU .zdebug_* sections; Go 1.19 writes SHF_COMPRESSED
// .debug_* ones, so objcopy converts a build output to the old format.
TEST(SourceLines, ReadsLegacyZdebugSections) {
  const TempDir dir;
  ASSERT_FALSE(dir.path().empty());
  const std::string copy = dir.path() + "/closures";
  ASSERT_TRUE(
      objcopy("--compress-debug-sections=zlib-gnu", kBuildDir + "/go/amd64/closures", copy));
  ASSERT_TRUE(has_section(copy, ".zdebug_line"));
  expect_go_main_found(copy);
}

// gcc -O2 gives main's first address several rows, and the last one decides (as in
// addr2line): the line of `{` on x86 but of the first statement on ARM. Either is in main.
TEST(SourceLines, FindsCMain) {
  const std::string source = kSourceDir + "/cases/native/hello.c";
  const int first = line_starting_with(source, "int main(void)");
  const int last = line_starting_with(source, "}", first);
  ASSERT_GT(first, 0);
  ASSERT_GT(last, first);
  for (const char* target : {"386", "arm", "amd64"}) {
    const std::string binary = kBuildDir + "/cases/" + target + "/hello";
    SCOPED_TRACE(binary);
    const uint64_t main = symbol_address(binary, "main");  // odd on ARM: a Thumb function
    ASSERT_NE(main, 0u);

    const SourceLines lines(binary);
    EXPECT_TRUE(lines.available());
    const auto where = lines.lookup(main);
    ASSERT_TRUE(where.has_value());
    EXPECT_TRUE(ends_with(where->file, "cases/native/hello.c")) << where->file;
    EXPECT_GE(where->line, first);
    EXPECT_LE(where->line, last);
    // The static glibc has no DWARF: its code lies outside the line tables' sequences.
    const uint64_t glibc_exit = symbol_address(binary, "exit");
    ASSERT_NE(glibc_exit, 0u);
    EXPECT_FALSE(lines.lookup(glibc_exit).has_value());
  }
}

TEST(SourceLines, FileWithoutDwarfHasNoLines) {
  const TempDir dir;
  ASSERT_FALSE(dir.path().empty());
  const std::string original = kBuildDir + "/cases/amd64/hello";
  const std::string stripped = dir.path() + "/hello";
  ASSERT_TRUE(objcopy("--strip-debug", original, stripped));

  const SourceLines lines(stripped);
  EXPECT_FALSE(lines.available());
  EXPECT_FALSE(lines.lookup(symbol_address(original, "main")).has_value());
}

TEST(SourceLines, UnreadableFilesHaveNoLines) {
  for (const std::string& path : {kBuildDir + "/no/such/file", kSourceDir + "/cases/native/hello.c",
                                  kSourceDir + "/cases"}) {
    SCOPED_TRACE(path);
    const SourceLines lines(path);
    EXPECT_FALSE(lines.available());
    EXPECT_FALSE(lines.lookup(0x401000).has_value());
  }
}

}  // namespace
}  // namespace fvemu
