// Runs a fuzzed program the way every fuzz target does: no --ro/--rw roots, so the
// guest may open only its own executable (read-only) and /dev/null and cannot touch
// host files; stdio on /dev/null; small instruction and wall-time limits. Every way the
// guest ends (exit, fault, signal, deadlock, limit) is a fine outcome, and so is a
// RunError (a program fvemu refuses to run) but an internal one. Anything else
// escapes: a bug.
#pragma once

#include <string>

#include "emu/elf/elf_image.h"

namespace fvemu::fuzz {

// `executable`: the path the guest is told it runs from (argv[0], its sandbox's one
// readable file); it need not exist.
void run_guest(ElfImage image, const std::string& executable);

}  // namespace fvemu::fuzz
