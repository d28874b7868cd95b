// The regression replay: a fuzz target without libFuzzer (the normal GCC build). Runs
// LLVMFuzzerTestOneInput once on every file of the directories (or files) it is given,
// naming each as it goes, so that a crash says which input brought it back.
#include <algorithm>
#include <cstdint>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <vector>

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size);

namespace {

void replay(const std::filesystem::path& file) {
  std::printf("%s\n", file.c_str());
  std::fflush(stdout);
  std::ifstream in(file, std::ios::binary);
  const std::vector<uint8_t> bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  LLVMFuzzerTestOneInput(bytes.data(), bytes.size());
}

}  // namespace

int main(int argc, char** argv) {
  size_t inputs = 0;
  for (int i = 1; i < argc; i++) {
    const std::filesystem::path arg = argv[i];
    if (!std::filesystem::exists(arg)) {
      std::printf("%s: none\n", arg.c_str());  // a target with no regression inputs yet
      continue;
    }
    if (!std::filesystem::is_directory(arg)) {
      replay(arg);
      inputs++;
      continue;
    }
    std::vector<std::filesystem::path> files;
    for (const auto& entry : std::filesystem::directory_iterator(arg))
      if (entry.is_regular_file()) files.push_back(entry.path());
    std::sort(files.begin(), files.end());
    for (const auto& f : files) replay(f);
    inputs += files.size();
  }
  std::printf("replayed %zu inputs\n", inputs);
  return 0;
}
