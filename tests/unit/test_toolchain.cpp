// A toolchain's Go release (the VERSION file, or for a development tree the newest
// api/go1.N.txt), the --toolchain values matrix refuses, and which cells a toolchain
// cannot build.
#include "harness/matrix/toolchain.h"

#include <gtest/gtest.h>
#include <stdlib.h>

#include <filesystem>
#include <fstream>

#include "emu/guest_error.h"

namespace fs = std::filesystem;

namespace fvemu {
namespace {

class ToolchainTest : public ::testing::Test {
 protected:
  void SetUp() override {
    std::string tmpl = (fs::temp_directory_path() / "fvemu_toolchain_XXXXXX").string();
    ASSERT_NE(mkdtemp(tmpl.data()), nullptr);
    dir_ = tmpl;
  }
  void TearDown() override { fs::remove_all(dir_); }

  // A GOROOT with the given files (empty ones but VERSION) and directories.
  fs::path goroot(const std::string& name, const std::string& version,
                  std::initializer_list<std::string> files) {
    const fs::path root = dir_ / name;
    fs::create_directories(root);
    if (!version.empty()) std::ofstream(root / "VERSION") << version;
    for (const std::string& f : files) {
      fs::create_directories((root / f).parent_path());
      if (f.back() == '/') fs::create_directories(root / f);
      else std::ofstream(root / f) << "";
    }
    return root;
  }

  fs::path dir_;
};

TEST_F(ToolchainTest, ReleaseFromVersionFile) {
  EXPECT_EQ(go_release(goroot("a", "go1.19.8", {})), 19);
  EXPECT_EQ(go_release(goroot("b", "go1.4.3\n", {})), 4);
  EXPECT_EQ(go_release(goroot("c", "go1.21.13\ntime 2024-08-01T15:46:37Z\n", {})), 21);
  EXPECT_EQ(go_release(goroot("d", "go1.22rc1", {})), 22);
  EXPECT_EQ(go_release(goroot("e", "go1", {})), 0);
  EXPECT_EQ(go_release(goroot("f", "go1.2.2", {"api/go1.txt", "api/go1.1.txt", "api/go1.2.txt"})), 2);
}

TEST_F(ToolchainTest, DevelopmentTreeIsTheLastReleaseItDescendsFrom) {
  EXPECT_EQ(go_release(goroot("a", "devel +1903ad7", {"api/go1.txt", "api/next.txt", "api/except.txt"})), 0);
  EXPECT_EQ(go_release(goroot("b", "devel +abc Tue Jun 4", {"api/go1.txt", "api/go1.1.txt", "api/next.txt"})), 1);
  // No VERSION at all (a git checkout): the api files too; 10 sorts after 9 as a number.
  EXPECT_EQ(go_release(goroot("c", "", {"api/go1.txt", "api/go1.9.txt", "api/go1.10.txt", "api/go1.10x.txt"})), 10);
  EXPECT_EQ(go_release(goroot("d", "devel +1", {})), std::nullopt);
}

TEST_F(ToolchainTest, ParsesNameEqualsGoroot) {
  const fs::path old_tree = goroot("old", "go1.3.3", {"bin/go", "src/pkg/runtime/"});
  const fs::path new_tree = goroot("new", "go1.23.5", {"bin/go", "src/runtime/"});
  const auto ts = parse_toolchains({"old=" + old_tree.string(), "go1.23=" + new_tree.string()});
  ASSERT_EQ(ts.size(), 2u);
  EXPECT_EQ(ts[0].name, "old");
  EXPECT_EQ(ts[0].goroot, old_tree);
  EXPECT_EQ(ts[0].release, 3);
  EXPECT_EQ(ts[0].go(), old_tree / "bin" / "go");
  EXPECT_EQ(ts[1].release, 23);
  EXPECT_TRUE(ts[0].knows_go386 && ts[1].knows_go386);
  EXPECT_TRUE(parse_toolchains({}).empty());
}

TEST_F(ToolchainTest, Go386CameDuringGo1Point1sDevelopment) {
  const fs::path go1 = goroot("go1", "go1.0.3", {"bin/go", "src/pkg/runtime/", "src/lib9/goos.c"});
  const fs::path devel = goroot("devel", "devel +9f64728", {"bin/go", "src/pkg/runtime/", "api/go1.txt", "src/lib9/goos.c"});
  std::ofstream(devel / "src/lib9/goos.c") << "char* getgo386(void) { return defgetenv(\"GO386\", GO386); }\n";
  const auto ts = parse_toolchains({"go1=" + go1.string(), "devel=" + devel.string()});
  EXPECT_EQ(ts[0].release, 0);
  EXPECT_FALSE(ts[0].knows_go386);
  EXPECT_EQ(ts[1].release, 0);
  EXPECT_TRUE(ts[1].knows_go386);
}

TEST_F(ToolchainTest, RefusesWhatIsNotAToolchain) {
  const fs::path ok = goroot("ok", "go1.19", {"bin/go", "src/runtime/"});
  const fs::path no_go = goroot("nogo", "go1.19", {"src/runtime/"});
  const fs::path no_runtime = goroot("nort", "go1.19", {"bin/go", "src/"});
  auto message = [](const std::vector<std::string>& specs) {
    try {
      parse_toolchains(specs);
    } catch (const RunError& e) {
      EXPECT_EQ(e.exit_status(), kExitCannotRun);
      return std::string(e.what());
    }
    return std::string("accepted");
  };
  EXPECT_NE(message({"a=" + no_go.string()}).find("is not a GOROOT"), std::string::npos);
  EXPECT_NE(message({"a=" + no_runtime.string()}).find("is not a GOROOT"), std::string::npos);
  EXPECT_NE(message({"a=" + ok.string(), "a=" + ok.string()}).find("NAME 'a' given twice"), std::string::npos);
  for (const std::string& bad : std::vector<std::string>{ok.string(), "=" + ok.string(), "a=", "a/b=" + ok.string(), "386=" + ok.string(),
                                 "runs=" + ok.string()})
    EXPECT_NE(message({bad}), "accepted") << bad;
  EXPECT_EQ(message({"go1.19=" + ok.string()}), "accepted");
}

TEST_F(ToolchainTest, CellsATooOldToolchainCannotBuild) {
  CaseFile generic, plain;
  generic.go_minimum = 18;
  EXPECT_EQ(not_applicable(Toolchain{"go1.19", "/g", 19}, generic, "386"), "");
  EXPECT_EQ(not_applicable(Toolchain{"old", "/g", 4}, generic, "386"), "needs Go 1.18; old is Go 1.4");
  EXPECT_EQ(not_applicable(Toolchain{}, generic, "386"), "");  // unknown release: it may
  Toolchain go1_0{"go1", "/g", 0};
  go1_0.knows_go386 = false;
  EXPECT_EQ(not_applicable(go1_0, plain, "386"), "");
  EXPECT_NE(not_applicable(go1_0, plain, "386-sse2"), "");
}

}  // namespace
}  // namespace fvemu
