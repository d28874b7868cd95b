// Fuzz target: the ELF loader. The input is a file handed to fvemu as the program:
// parse_elf validates it (a RunError is the expected answer to a bad file), and an
// image that passes is run, so that mapping its segments and building its stack (what
// the loader's checks are there to make safe) are fuzzed too.
#include <cstddef>
#include <cstdint>
#include <vector>

#include "emu/elf/elf_image.h"
#include "emu/guest_error.h"
#include "fuzz/guest_runner.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  fvemu::ElfImage image;
  try {
    image = fvemu::parse_elf(std::vector<uint8_t>(data, data + size), "fuzz.elf");
  } catch (const fvemu::RunError&) {
    return 0;
  }
  fvemu::fuzz::run_guest(std::move(image), "/nonexistent/fuzz.elf");
  return 0;
}
