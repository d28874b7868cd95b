// The targets table (targets.json, built into fvemu): the arches with their compilers
// and qemu-user peers, the C builds and the Go builds (the matrix's columns). What the
// table says here is what CMake and the Python code read from the same file.
#pragma once

#include <string>
#include <vector>

namespace fvemu {

struct TargetArch {
  std::string name;    // an fvemu arch: 386, amd64, arm
  std::vector<std::string> dirs;  // directory names that restrict a case to this arch
  std::string cc;      // the C cross compiler
  std::string qemu;    // the qemu-user peer
  bool host_runs = false;  // this x86-64 host runs its programs itself
};

struct CTarget {
  std::string name, arch;
  std::vector<std::string> cflags;
  std::string isa;  // "" (x86), thumb or a32
};

struct GoTarget {
  std::string name, arch, goarch;
  std::string go386;  // "", softfloat or sse2
  std::string goarm;  // "", or the GOARM digit
  bool c_column = false;  // the matrix column where C and assembly cases run
  bool gosuite = false;
  bool default_column = false;  // a matrix column without --arches
};

struct Targets {
  std::vector<TargetArch> arches;
  std::vector<CTarget> c;
  std::vector<GoTarget> go;

  const TargetArch& arch(const std::string& name) const;   // throws on an unknown name
  const GoTarget& go_target(const std::string& name) const;
  const CTarget* c_target(const std::string& name) const;  // null for an unknown name
  // The C target that builds `arch` in `isa` (thumb, a32; "": the arch's first), or null.
  const CTarget* c_target_of(const std::string& arch, const std::string& isa) const;
  const TargetArch& arch_of(const GoTarget& t) const { return arch(t.arch); }
};

const Targets& targets();

}  // namespace fvemu
