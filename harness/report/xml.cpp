#include "harness/report/xml.h"

#include <cerrno>
#include <cstdio>
#include <cstring>

#include <fmt/format.h>

#include "emu/guest_error.h"

namespace fvemu {

std::string xml_escaped(const std::string& s) {
  std::string out;
  for (char c : s) {
    switch (c) {
      case '&': out += "&amp;"; break;
      case '<': out += "&lt;"; break;
      case '>': out += "&gt;"; break;
      case '"': out += "&quot;"; break;
      default: out += c;
    }
  }
  return out;
}

void write_text_file(const std::string& path, const std::string& text, const std::string& option) {
  FILE* f = std::fopen(path.c_str(), "w");
  if (!f) throw RunError(kExitCannotRun, fmt::format("{} {}: {}", option, path, std::strerror(errno)));
  std::fwrite(text.data(), 1, text.size(), f);
  std::fclose(f);
}

std::string junit_xml(const std::string& suite, const std::vector<JunitCase>& cases) {
  size_t failures = 0;
  for (const JunitCase& c : cases) failures += c.failure.has_value();
  std::string xml = fmt::format(
      "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<testsuite name=\"{}\" tests=\"{}\" "
      "failures=\"{}\">\n", xml_escaped(suite), cases.size(), failures);
  for (const JunitCase& c : cases) {
    xml += fmt::format("  <testcase classname=\"{}\" name=\"{}\">\n", xml_escaped(c.classname),
                       xml_escaped(c.name));
    if (c.failure)
      xml += fmt::format("    <failure message=\"{}\">{}</failure>\n", xml_escaped(*c.failure),
                         xml_escaped(c.failure_body));
    if (!c.output.empty()) xml += fmt::format("    <system-out>{}</system-out>\n", xml_escaped(c.output));
    xml += "  </testcase>\n";
  }
  return xml + "</testsuite>\n";
}

}  // namespace fvemu
