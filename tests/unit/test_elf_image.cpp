// The ELF loader accepts the three targets' static executables and rejects each kind
// of bad file with its own one-line reason and exit status.
#include <gtest/gtest.h>

#include "emu/arch/arch.h"
#include "emu/elf/elf_image.h"
#include "emu/guest_error.h"
#include "tests/unit/elf_builder.h"

namespace fvemu {
namespace {

using test::build_elf;
using test::ElfSpec;
using test::spec_for;

// The message of the RunError that parsing `bytes` throws ("" if none).
std::string rejection(std::vector<uint8_t> bytes, int expected_status = kExitCannotRun) {
  try {
    parse_elf(std::move(bytes), "prog");
  } catch (const RunError& e) {
    EXPECT_EQ(e.exit_status(), expected_status);
    return e.what();
  }
  return "";
}

TEST(ElfImage, RecognisesEachTarget) {
  for (const char* arch : {"386", "amd64", "arm"}) {
    const ElfImage img = parse_elf(build_elf(spec_for(arch)), "prog");
    EXPECT_EQ(img.arch->name(), arch);
    ASSERT_EQ(img.segments.size(), 1u);
    EXPECT_EQ(img.entry, spec_for(arch).vaddr + test::kCodeOffset);
    EXPECT_EQ(img.phdr_vaddr, spec_for(arch).vaddr + (img.arch->word_size() == 8 ? 64 : 52));
    EXPECT_EQ(img.phnum, 1);
    EXPECT_FALSE(img.executable_stack.has_value());  // no PT_GNU_STACK: the arch decides
  }
}

TEST(ElfImage, ThumbEntryKeepsBitZero) {
  ElfSpec s = spec_for("arm");
  s.entry_delta = 1;
  EXPECT_EQ(parse_elf(build_elf(s), "prog").entry & 1, 1u);
}

TEST(ElfImage, StaticPieIsPositionIndependent) {
  ElfSpec s = spec_for("amd64");
  s.type = ET_DYN;
  s.vaddr = 0;
  EXPECT_TRUE(parse_elf(build_elf(s), "prog").position_independent);
}

TEST(ElfImage, RejectsNonElf) {
  EXPECT_EQ(rejection({'#', '!', '/', 'b', 'i', 'n'}), "prog: not an ELF file");
  EXPECT_EQ(rejection({}), "prog: not an ELF file");
}

TEST(ElfImage, RejectsTruncatedFile) {
  std::vector<uint8_t> bytes = build_elf(spec_for("amd64"));
  bytes.resize(40);  // inside the ELF header
  EXPECT_NE(rejection(bytes).find("truncated"), std::string::npos);
  bytes = build_elf(spec_for("amd64"));
  bytes.resize(test::kCodeOffset);  // the segment claims bytes past the end
  EXPECT_NE(rejection(bytes).find("beyond the end of the file"), std::string::npos);
}

TEST(ElfImage, RejectsDynamicPrograms) {
  ElfSpec s = spec_for("386");
  s.with_interp = true;
  EXPECT_EQ(rejection(build_elf(s)), "prog: dynamically linked; build with -static");
}

TEST(ElfImage, RejectsUnsupportedMachinesAndClasses) {
  ElfSpec s = spec_for("amd64");
  s.machine = EM_AARCH64;
  EXPECT_NE(rejection(build_elf(s)).find("unsupported machine aarch64"), std::string::npos);
  s.machine = EM_MIPS;
  EXPECT_NE(rejection(build_elf(s)).find("unsupported machine mips"), std::string::npos);
  s = spec_for("386");
  s.elf_class = ELFCLASS64;
  EXPECT_NE(rejection(build_elf(s)).find("ELF64 is not a valid class for i386"), std::string::npos);
  s = spec_for("arm");
  s.data = ELFDATA2MSB;
  EXPECT_NE(rejection(build_elf(s)).find("big-endian"), std::string::npos);
  s = spec_for("arm");
  s.flags = 0;  // old ABI
  EXPECT_NE(rejection(build_elf(s)).find("not EABI"), std::string::npos);
}

TEST(ElfImage, RejectsNonExecutables) {
  ElfSpec s = spec_for("amd64");
  s.type = ET_REL;
  EXPECT_NE(rejection(build_elf(s)).find("relocatable"), std::string::npos);
}

TEST(ElfImage, RejectsBadProgramHeaders) {
  std::vector<uint8_t> bytes = build_elf(spec_for("amd64"));
  auto* eh = reinterpret_cast<Elf64_Ehdr*>(bytes.data());
  eh->e_phoff = 1 << 20;
  EXPECT_NE(rejection(bytes).find("outside the file"), std::string::npos);
  bytes = build_elf(spec_for("amd64"));
  eh = reinterpret_cast<Elf64_Ehdr*>(bytes.data());
  eh->e_phentsize = 12;
  EXPECT_NE(rejection(bytes).find("program header size"), std::string::npos);
}

TEST(ElfImage, RejectsOverlappingSegments) {
  ElfSpec s = spec_for("amd64");
  s.with_overlapping_segment = true;
  EXPECT_NE(rejection(build_elf(s)).find("overlapping segments"), std::string::npos);
}

TEST(ElfImage, RejectsEntryOutsideSegments) {
  ElfSpec s = spec_for("386");
  s.entry_delta = 0x100000;
  EXPECT_NE(rejection(build_elf(s)).find("entry point"), std::string::npos);
}

TEST(ElfImage, MissingFileIs127) {
  try {
    load_elf_file("/nonexistent/prog");
    FAIL() << "no error";
  } catch (const RunError& e) {
    EXPECT_EQ(e.exit_status(), kExitNotFound);
  }
}

TEST(ElfImage, DirectoryIsRejected) {
  try {
    load_elf_file("/");
    FAIL() << "no error";
  } catch (const RunError& e) {
    EXPECT_EQ(e.exit_status(), kExitCannotRun);
    EXPECT_EQ(std::string(e.what()), "/: is a directory");
  }
}

TEST(SymbolTable, DescribesAddressesInsideSymbols) {
  SymbolTable t;
  t.add({0x1000, 0x20, "main"});
  t.add({0x1020, 0x10, "helper"});
  t.finish();
  EXPECT_EQ(t.describe(0x1000), "main");
  EXPECT_EQ(t.describe(0x1012), "main+0x12");
  EXPECT_EQ(t.describe(0x1025), "helper+0x5");
  EXPECT_EQ(t.describe(0x2000), "");
  EXPECT_EQ(t.describe(0x10), "");
}

}  // namespace
}  // namespace fvemu
