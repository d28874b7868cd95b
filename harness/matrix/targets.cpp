#include "harness/matrix/targets.h"

#include <algorithm>
#include <stdexcept>

#include <nlohmann/json.hpp>

#include "harness/matrix/built_in.h"

namespace fvemu {
namespace {

template <typename Row>
const Row& find_row(const std::vector<Row>& rows, const std::string& name, const char* what) {
  auto it = std::find_if(rows.begin(), rows.end(), [&](const Row& r) { return r.name == name; });
  if (it == rows.end()) throw std::out_of_range(std::string("targets.json: no ") + what + " " + name);
  return *it;
}

Targets parse_table(std::string_view text) {
  const nlohmann::json table = nlohmann::json::parse(text);
  Targets t;
  for (const auto& a : table.at("arches"))
    t.arches.push_back({a.at("name"), a.at("dirs"), a.at("cc"), a.at("qemu"), a.at("host_runs")});
  for (const auto& c : table.at("c_targets"))
    t.c.push_back({c.at("name"), c.at("arch"), c.at("cflags"), c.at("isa")});
  for (const auto& g : table.at("go_targets"))
    t.go.push_back({g.at("name"), g.at("arch"), g.at("goarch"), g.at("go386"), g.at("goarm"),
                    g.at("c_column"), g.at("gosuite"), g.at("default_column")});
  return t;
}

}  // namespace

const TargetArch& Targets::arch(const std::string& name) const { return find_row(arches, name, "arch"); }

const GoTarget& Targets::go_target(const std::string& name) const { return find_row(go, name, "Go target"); }

const CTarget* Targets::c_target(const std::string& name) const {
  auto it = std::find_if(c.begin(), c.end(), [&](const CTarget& t) { return t.name == name; });
  return it == c.end() ? nullptr : &*it;
}

const CTarget* Targets::c_target_of(const std::string& arch, const std::string& isa) const {
  auto it = std::find_if(c.begin(), c.end(),
                         [&](const CTarget& t) { return t.arch == arch && (isa.empty() || t.isa == isa); });
  return it == c.end() ? nullptr : &*it;
}

const Targets& targets() {
  static const Targets table = parse_table(kBuiltInTargetsJson);
  return table;
}

}  // namespace fvemu
