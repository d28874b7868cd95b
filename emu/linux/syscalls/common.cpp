#include "emu/linux/syscalls/common.h"

#include <sys/stat.h>
#include <unistd.h>

#include <climits>
#include <cstring>
#include <vector>

namespace fvemu {

std::string base_dir_for(SyscallContext& c, uint64_t dirfd) {
  if (int_arg(dirfd) == AT_FDCWD) return c.m.sandbox().cwd();
  const int fd = c.m.files().host(int_arg(dirfd));
  struct stat st;
  if (fd < 0 || ::fstat(fd, &st) < 0 || !S_ISDIR(st.st_mode)) return {};
  char buf[PATH_MAX];
  const std::string link = "/proc/self/fd/" + std::to_string(fd);
  const ssize_t n = ::readlink(link.c_str(), buf, sizeof buf - 1);
  return n > 0 ? std::string(buf, static_cast<size_t>(n)) : std::string();
}

int64_t write_words(Machine& m, uint64_t addr, std::initializer_list<uint64_t> words,
                    unsigned word_size) {
  std::vector<uint8_t> buf(words.size() * word_size);
  size_t at = 0;
  for (uint64_t w : words) {
    std::memcpy(buf.data() + at, &w, word_size);  // little-endian on every target
    at += word_size;
  }
  return m.mem().write(addr, buf.data(), buf.size()) ? 0 : -EFAULT;
}

}  // namespace fvemu
