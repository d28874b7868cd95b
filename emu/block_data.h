// What an observer keeps of a translated block in the machine's one block map
// (BlockCounter), beside the machine's own record: the harness attaches its decoding
// there. An attachment is retired, not freed, when its block's code changes, so that
// a pointer an observer still holds stays valid for the machine's lifetime.
#pragma once

namespace fvemu {

struct BlockData {
  virtual ~BlockData() = default;
};

}  // namespace fvemu
