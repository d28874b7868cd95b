// Mutation operators: the ways a func-value call can break the ABI, each written as one
// instruction of a real call site's block patched in place (same length), so that the
// program around it is the compiler's own. The per-arch encodings are in encoder_*.cpp;
// which instruction each operator patches is found by decoding the block, the way the
// tracer does (harness/decode), with the profile's context register.
#pragma once

#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "harness/mutate/encoder.h"

namespace fvemu {

class Arch;
class ImageView;
struct Profile;

struct MutationOperator {
  std::string_view name;
  std::string_view what;  // one line, for --help and README
};
// In the order of the report's columns.
std::span<const MutationOperator> mutation_operators();
// "ctx-not-loaded, ctx-other-source, ...": for messages.
std::string mutation_operator_names();

// A func-value call site's block as the program's file holds it: from the block's first
// instruction through the call.
struct SiteCode {
  uint64_t block = 0;
  bool thumb = false;
  Bytes bytes;
  bool callee_consumes_ctx = false;  // the function it called reads the context register
  // The straight-line code that falls into the block, right before it (lead_in_of):
  // where the context register's write is when the block holds none.
  Bytes lead_in;
};

// The code from the last control transfer before `code.block` (decoded from
// `function`, the entry of the function holding it) up to the block. Unicorn, as
// QEMU, ends a block at a target page boundary (1 KiB on ARM) or a size limit and
// goes on in the next, so a site's block may start in mid-sequence (Go 1.21's
// runtime.mcall on arm7: `mov r7, r0` before 0x7e000, the code-word load at it).
// Empty when the block starts right after a transfer or decoding from the entry does
// not meet it.
Bytes lead_in_of(const Arch& arch, const ImageView& view, uint64_t function, const SiteCode& code);

struct Mutation {
  std::string op;
  uint64_t addr = 0;  // the patched bytes
  Bytes bytes;        // empty: the operator does not apply here
  // "0x483b1c: mov rdx, rax -> mov rdx, rbx", or why the operator does not apply.
  std::string change;
  bool applies() const { return !bytes.empty(); }
};

// One mutation per operator of `ops` (every operator when empty), in column order,
// for a program built for `profile`.
std::vector<Mutation> mutations_at(const Arch& arch, const Profile& profile, const SiteCode& code,
                                   const std::vector<std::string>& ops);

}  // namespace fvemu
