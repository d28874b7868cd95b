// Report files every front writes: JUnit XML (`fvemu check --junit`, `fvemu matrix
// --junit`), text escaped for XML and HTML (the matrix's HTML table), and writing a
// report file with the option that named it in the error.
#pragma once

#include <optional>
#include <string>
#include <vector>

namespace fvemu {

// JUnit XML: one testsuite named `suite`, one testcase each.
struct JunitCase {
  std::string classname, name;
  std::optional<std::string> failure;  // its message; the body follows
  std::string failure_body, output;
};
std::string junit_xml(const std::string& suite, const std::vector<JunitCase>& cases);
// Text escaped for XML and HTML (&, <, >, ").
std::string xml_escaped(const std::string& s);
// Writes `text` to `path`, or throws RunError naming `option`.
void write_text_file(const std::string& path, const std::string& text, const std::string& option);

}  // namespace fvemu
