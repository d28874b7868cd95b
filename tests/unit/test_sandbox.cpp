// The sandbox lets the guest read under --ro, write under --rw, read its own
// executable, and nothing else, whatever "..", symlinks or relative paths it uses.
#include <gtest/gtest.h>

#include <fcntl.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>

#include "emu/guest_error.h"
#include "emu/linux/sandbox.h"

namespace fvemu {
namespace {

namespace fs = std::filesystem;

class SandboxTest : public ::testing::Test {
 protected:
  void SetUp() override {
    root_ = fs::temp_directory_path() / ("fvemu-sandbox-" + std::to_string(::getpid()));
    fs::remove_all(root_);
    fs::create_directories(root_ / "ro" / "sub");
    fs::create_directories(root_ / "rw");
    fs::create_directories(root_ / "outside");
    write(root_ / "ro" / "file.txt", "readable");
    write(root_ / "ro" / "sub" / "deep.txt", "deep");
    write(root_ / "outside" / "secret.txt", "secret");
    write(root_ / "prog", "\x7f" "ELF");
    fs::create_symlink(root_ / "outside" / "secret.txt", root_ / "ro" / "escape");
    fs::create_symlink("sub/deep.txt", root_ / "ro" / "inner");
    box_ = std::make_unique<Sandbox>(std::vector<std::string>{(root_ / "ro").string()},
                                     std::vector<std::string>{(root_ / "rw").string()},
                                     (root_ / "prog").string());
  }
  void TearDown() override { fs::remove_all(root_); }
  static void write(const fs::path& p, const std::string& s) { std::ofstream(p) << s; }

  // open() result: >= 0 becomes 0 (and the fd is closed), else -errno.
  int open(const std::string& path, int flags, const std::string& base = "/") {
    const int fd = box_->open(path, base, flags, 0644);
    if (fd >= 0) ::close(fd);
    return fd >= 0 ? 0 : fd;
  }
  std::string p(const std::string& rel) const { return (root_ / rel).string(); }

  fs::path root_;
  std::unique_ptr<Sandbox> box_;
};

TEST_F(SandboxTest, ReadsUnderReadOnlyRoot) {
  EXPECT_EQ(open(p("ro/file.txt"), O_RDONLY), 0);
  EXPECT_EQ(open(p("ro/sub/deep.txt"), O_RDONLY), 0);
  EXPECT_EQ(open(p("ro/inner"), O_RDONLY), 0);  // symlink that stays inside
  EXPECT_EQ(open("file.txt", O_RDONLY, p("ro")), 0);  // relative to a base directory
  EXPECT_EQ(open(p("ro"), O_RDONLY | O_DIRECTORY), 0);
}

TEST_F(SandboxTest, RefusesEverythingElse) {
  EXPECT_EQ(open(p("outside/secret.txt"), O_RDONLY), -EACCES);
  EXPECT_EQ(open("/etc/passwd", O_RDONLY), -EACCES);
  EXPECT_EQ(open(p("ro/../outside/secret.txt"), O_RDONLY), -EACCES);
  EXPECT_EQ(open("../outside/secret.txt", O_RDONLY, p("ro")), -EACCES);
  EXPECT_EQ(open(p("ro/escape"), O_RDONLY), -EACCES);  // symlink leaving the root
  EXPECT_EQ(open(p("ro/sub/../../outside/secret.txt"), O_RDONLY), -EACCES);
}

TEST_F(SandboxTest, WritesOnlyUnderReadWriteRoot) {
  EXPECT_EQ(open(p("ro/file.txt"), O_WRONLY), -EROFS);
  EXPECT_EQ(open(p("ro/new.txt"), O_WRONLY | O_CREAT), -EROFS);
  EXPECT_EQ(open(p("ro/file.txt"), O_RDONLY | O_TRUNC), -EROFS);
  EXPECT_EQ(open(p("ro"), O_TMPFILE | O_RDWR), -EROFS);
  EXPECT_EQ(open(p("rw/new.txt"), O_WRONLY | O_CREAT), 0);
  EXPECT_TRUE(fs::exists(root_ / "rw" / "new.txt"));
  EXPECT_EQ(open(p("outside/new.txt"), O_WRONLY | O_CREAT), -EACCES);
  EXPECT_FALSE(fs::exists(root_ / "outside" / "new.txt"));
}

TEST_F(SandboxTest, OwnExecutableIsReadableOnly) {
  EXPECT_EQ(open(p("prog"), O_RDONLY), 0);
  EXPECT_EQ(open(p("prog"), O_RDWR), -EACCES);
  EXPECT_EQ(open("/proc/self/exe", O_RDONLY), 0);
  EXPECT_EQ(open("/proc/self/maps", O_RDONLY), -EACCES);
  EXPECT_EQ(box_->executable(), p("prog"));
}

// os/exec and daemons open /dev/null for stdio; nothing else under /dev is reachable.
TEST_F(SandboxTest, DevNullOnly) {
  EXPECT_EQ(open("/dev/null", O_RDONLY), 0);
  EXPECT_EQ(open("/dev/null", O_WRONLY | O_CREAT | O_TRUNC), 0);
  EXPECT_EQ(open("/dev/../dev/null", O_RDWR), 0);
  EXPECT_EQ(open("null", O_RDONLY, "/dev"), 0);
  EXPECT_EQ(open("/dev/zero", O_RDONLY), -EACCES);
  EXPECT_EQ(open("/dev", O_RDONLY | O_DIRECTORY), -EACCES);
  EXPECT_EQ(open("/dev/null/x", O_RDONLY), -EACCES);
}

TEST_F(SandboxTest, RootNamedThroughASymlinkAnswersToBothNames) {
  fs::create_directory_symlink(root_ / "ro", root_ / "alias");
  Sandbox box({p("alias")}, {}, p("prog"));
  const int via_alias = box.open(p("alias/file.txt"), "/", O_RDONLY, 0);
  const int via_real = box.open(p("ro/file.txt"), "/", O_RDONLY, 0);
  EXPECT_GE(via_alias, 0);
  EXPECT_GE(via_real, 0);
  ::close(via_alias);
  ::close(via_real);
  EXPECT_EQ(box.open(p("alias/../outside/secret.txt"), "/", O_RDONLY, 0), -EACCES);
  EXPECT_EQ(box.open(p("alias/escape"), "/", O_RDONLY, 0), -EACCES);
}

TEST_F(SandboxTest, PathDescriptorsKnowTheirRoot) {
  bool writable = true;
  int fd = box_->open_path(p("ro/file.txt"), "/", true, &writable);
  ASSERT_GE(fd, 0);
  ::close(fd);
  EXPECT_FALSE(writable);
  fd = box_->open_path(p("rw"), "/", true, &writable);
  ASSERT_GE(fd, 0);
  ::close(fd);
  EXPECT_TRUE(writable);
  EXPECT_EQ(box_->open_path(p("ro/escape"), "/", true, &writable), -EACCES);
  fd = box_->open_path(p("ro/escape"), "/", false, &writable);  // the link itself is inside
  EXPECT_GE(fd, 0);
  ::close(fd);
}

TEST_F(SandboxTest, SymlinkLoopsAndAbsoluteSymlinksGoNowhere) {
  fs::create_symlink("loop_b", root_ / "ro" / "loop_a");
  fs::create_symlink("loop_a", root_ / "ro" / "loop_b");
  fs::create_symlink("/", root_ / "ro" / "slash");
  fs::create_symlink("sub/../../outside/secret.txt", root_ / "ro" / "through_sub");
  EXPECT_EQ(open(p("ro/loop_a"), O_RDONLY), -ELOOP);
  EXPECT_EQ(open(p("ro/slash/etc/passwd"), O_RDONLY), -EACCES);
  EXPECT_EQ(open(p("ro/slash") + p("outside/secret.txt"), O_RDONLY), -EACCES);
  EXPECT_EQ(open(p("ro/through_sub"), O_RDONLY), -EACCES);
}

TEST_F(SandboxTest, SymlinkInReadWriteRootCannotWriteOutside) {
  fs::create_directory_symlink(root_ / "outside", root_ / "rw" / "out");
  fs::create_symlink("../outside/created.txt", root_ / "rw" / "dangling");
  EXPECT_EQ(open(p("rw/out/secret.txt"), O_WRONLY | O_TRUNC), -EACCES);
  EXPECT_EQ(open(p("rw/out/new.txt"), O_WRONLY | O_CREAT), -EACCES);
  EXPECT_EQ(open(p("rw/dangling"), O_WRONLY | O_CREAT), -EACCES);
  EXPECT_FALSE(fs::exists(root_ / "outside" / "created.txt"));
  EXPECT_FALSE(fs::exists(root_ / "outside" / "new.txt"));
  EXPECT_EQ(fs::file_size(root_ / "outside" / "secret.txt"), 6u);
}

// *at() calls whose dirfd is bad or no directory have no base: Machine passes "".
TEST_F(SandboxTest, RelativePathWithoutBaseIsRefused) {
  EXPECT_EQ(open("file.txt", O_RDONLY, ""), -EBADF);
  EXPECT_EQ(open(p("ro/file.txt"), O_RDONLY, ""), 0);
}

TEST_F(SandboxTest, ReadOnlyRootNestedInReadWriteRootStaysReadOnly) {
  fs::create_directories(root_ / "rw" / "inputs");
  write(root_ / "rw" / "inputs" / "in.txt", "input");
  fs::create_symlink("inputs/in.txt", root_ / "rw" / "to_in");
  fs::create_directory_symlink("inputs", root_ / "rw" / "to_inputs");
  fs::create_symlink("inputs/new.txt", root_ / "rw" / "dangling");
  Sandbox box({p("rw/inputs")}, {p("rw")}, p("prog"));
  auto open_in = [&](const std::string& path, int flags) {
    const int fd = box.open(path, "/", flags, 0644);
    if (fd >= 0) ::close(fd);
    return fd >= 0 ? 0 : fd;
  };
  EXPECT_EQ(open_in(p("rw/inputs/in.txt"), O_WRONLY), -EROFS);
  EXPECT_EQ(open_in(p("rw/to_in"), O_WRONLY | O_TRUNC), -EROFS);
  EXPECT_EQ(open_in(p("rw/to_inputs/new.txt"), O_WRONLY | O_CREAT), -EROFS);
  EXPECT_EQ(open_in(p("rw/dangling"), O_WRONLY | O_CREAT), -EACCES);
  EXPECT_EQ(fs::file_size(root_ / "rw" / "inputs" / "in.txt"), 5u);
  EXPECT_FALSE(fs::exists(root_ / "rw" / "inputs" / "new.txt"));
  EXPECT_EQ(open_in(p("rw/to_in"), O_RDONLY), 0);
  EXPECT_EQ(open_in(p("rw/fresh.txt"), O_WRONLY | O_CREAT), 0);
  bool writable = true;
  const int fd = box.open_path(p("rw/to_inputs"), "/", true, &writable);  // for unlinkat
  ASSERT_GE(fd, 0);
  ::close(fd);
  EXPECT_FALSE(writable);
}

// Even when the whole host is a root: /proc/self/mem would read and write fvemu's own
// memory, /proc/self/environ its environment, /sys configures the host.
TEST_F(SandboxTest, KernelInterfacesAreRefusedUnderSlash) {
  Sandbox box({"/"}, {p("rw")}, p("prog"));
  auto open_in = [&](const std::string& path, int flags) {
    const int fd = box.open(path, "/", flags, 0);
    if (fd >= 0) ::close(fd);
    return fd >= 0 ? 0 : fd;
  };
  EXPECT_EQ(open_in("/proc/self/mem", O_RDONLY), -EACCES);
  EXPECT_EQ(open_in("/proc/self/environ", O_RDONLY), -EACCES);
  EXPECT_EQ(open_in("/proc/self/fd/0", O_RDONLY), -EACCES);
  EXPECT_EQ(open_in("/proc", O_RDONLY | O_DIRECTORY), -EACCES);
  EXPECT_EQ(open_in("/proc/self/../1/environ", O_RDONLY), -EACCES);
  EXPECT_EQ(open_in("/sys/kernel/mm/transparent_hugepage/enabled", O_RDONLY), -EACCES);
  EXPECT_EQ(open_in("/dev/zero", O_RDONLY), -EACCES);
  EXPECT_EQ(open_in("/dev/fd/0", O_RDONLY), -EACCES);
  EXPECT_EQ(open_in("/dev/zero", O_PATH), 0);  // stat is no I/O
  EXPECT_EQ(open_in("/proc/self/exe", O_RDONLY), 0);  // the executable, not fvemu
  EXPECT_EQ(open_in("/etc/passwd", O_RDONLY), 0);
  // A relative symlink that reaches /proc beneath "/" is refused by its file system.
  fs::create_symlink(fs::path("/proc/self/mem").lexically_relative(root_ / "ro"),
                     root_ / "ro" / "mem");
  EXPECT_EQ(open_in(p("ro/mem"), O_RDONLY), -EACCES);
  EXPECT_EQ(open_in(p("ro/mem"), O_PATH), -EACCES);
}

TEST(Sandbox, MissingDirectoryIsAUsageError) {
  try {
    Sandbox box({"/nonexistent-fvemu-dir"}, {}, "/bin/true");
    FAIL() << "no error";
  } catch (const RunError& e) {
    EXPECT_EQ(e.exit_status(), kExitCannotRun);
    EXPECT_NE(std::string(e.what()).find("--ro directory /nonexistent-fvemu-dir"),
              std::string::npos);
  }
}

TEST(Sandbox, AbsoluteNormalisesLexically) {
  EXPECT_EQ(Sandbox::absolute("a/./b/../c", "/base"), "/base/a/c");
  EXPECT_EQ(Sandbox::absolute("/x//y/", "/base"), "/x/y");
  EXPECT_EQ(Sandbox::absolute("../..", "/base"), "/");
}

}  // namespace
}  // namespace fvemu
