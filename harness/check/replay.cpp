#include "harness/check/replay.h"

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <fstream>
#include <map>
#include <memory>
#include <tuple>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "emu/arch/arch.h"
#include "emu/capstone_handles.h"
#include "emu/elf/image_view.h"
#include "emu/guest_error.h"
#include "harness/decode/block_cache.h"
#include "harness/decode/isa.h"
#include "harness/hex.h"
#include "harness/profile/choice.h"

namespace fvemu {
namespace {

using Json = nlohmann::json;

// One trace file's lines, each parsed, with where it came from for messages.
class TraceReader {
 public:
  explicit TraceReader(const std::string& path) : path_(path), in_(path) {
    if (!in_) throw error(fmt::format("cannot read it: {}", std::strerror(errno)));
  }
  // The file's last line (the closing line of a complete trace), read first so that
  // a trace of another program or arch is told so before its events are judged.
  Json last_line() {
    std::ifstream in(path_, std::ios::binary | std::ios::ate);
    std::streamoff at = in.tellg();
    std::string text;
    while (at > 0) {
      in.seekg(--at);
      const char c = static_cast<char>(in.get());
      if (c == '\n' && !text.empty()) break;
      if (c != '\n') text.insert(text.begin(), c);
    }
    Json line = Json::parse(text, nullptr, false);
    if (line.is_discarded() || !line.is_object() || !line.contains("end"))
      throw error("no closing line: the trace was cut off before the run ended");
    return line;
  }
  // The next line, or false at the end of the file.
  bool next(Json& line) {
    std::string text;
    if (!std::getline(in_, text)) return false;
    line_no_++;
    line = Json::parse(text, nullptr, false);
    if (line.is_discarded() || !line.is_object()) throw error("not a JSON object");
    return true;
  }
  RunError error(const std::string& what) const {
    const std::string where = line_no_ ? fmt::format("{}:{}", path_, line_no_) : path_;
    return RunError(kExitCannotRun, fmt::format("check: --replay {}: {}", where, what));
  }

 private:
  std::string path_;
  std::ifstream in_;
  uint64_t line_no_ = 0;
};

uint64_t hex_field(const TraceReader& r, const Json& j, const char* key) {
  if (const auto it = j.find(key); it != j.end() && it->is_string())
    if (auto v = parse_hex(it->get<std::string>())) return *v;
  throw r.error(fmt::format("no address \"{}\" (not a trace `fvemu trace --out` wrote?)", key));
}

std::optional<uint64_t> optional_hex(const TraceReader& r, const Json& j, const char* key) {
  if (const auto it = j.find(key); it == j.end() || it->is_null()) return std::nullopt;
  return hex_field(r, j, key);
}

template <typename T>
T field(const TraceReader& r, const Json& j, const char* key) {
  const auto it = j.find(key);
  if (it == j.end()) throw r.error(fmt::format("no \"{}\" (a trace from an older fvemu?)", key));
  try {
    return it->get<T>();
  } catch (const Json::exception&) {
    throw r.error(fmt::format("\"{}\" has the wrong type", key));
  }
}

// The blocks events came from, decoded again as BlockCache decoded them live.
class Blocks {
 public:
  Blocks(const ImageView& image, std::string context_register)
      : image_(image),
        isa_(isa_of(image.arch())),
        context_register_(std::move(context_register)),
        capstone_(image.arch().capstone_arch(), true) {}

  const DecodedBlock& get(const TraceReader& r, const Json& event) {
    const uint64_t addr = hex_field(r, event, "block");
    const auto size = field<uint32_t>(r, event, "block_size");
    const bool thumb = field<bool>(r, event, "block_thumb");
    auto [it, fresh] = blocks_.try_emplace(std::make_tuple(addr, size, thumb));
    if (fresh) it->second = decode(r, event, addr, size, thumb);
    return *it->second;
  }

 private:
  std::unique_ptr<DecodedBlock> decode(const TraceReader& r, const Json& event, uint64_t addr,
                                       uint32_t size, bool thumb) {
    std::vector<uint8_t> code(size);
    const Json& recorded = event["block_code"];
    const bool in_image = recorded.is_null();
    if (!in_image) {
      auto bytes = parse_hex_bytes(recorded.is_string() ? recorded.get<std::string>() : "");
      if (!bytes || bytes->size() != size) throw r.error("\"block_code\" is not the block's bytes");
      code = std::move(*bytes);
    } else if (!image_.read(addr, code.data(), size)) {
      throw r.error(fmt::format("the block at {} is not in the program: is this its trace?", hex(addr)));
    }
    auto block = decode_block(isa_, capstone_.get(image_.arch().capstone_mode_for(thumb)), thumb, addr,
                              size, code, context_register_);
    block->in_image = in_image;
    return block;
  }

  ImageView image_;
  const Isa& isa_;
  std::string context_register_;
  CapstoneHandles capstone_;
  std::map<std::tuple<uint64_t, uint32_t, bool>, std::unique_ptr<DecodedBlock>> blocks_;
};

CallEvent event_of(const TraceReader& r, const Json& j, const DecodedBlock& from) {
  CallEvent e;
  e.tid = field<int>(r, j, "tid");
  e.seq = field<uint64_t>(r, j, "seq");
  const auto kind = parse_call_kind(field<std::string>(r, j, "kind"));
  if (!kind) throw r.error("unknown \"kind\"");
  e.kind = *kind;
  e.site = hex_field(r, j, "site");
  e.target = hex_field(r, j, "target");
  e.thumb = field<bool>(r, j, "thumb");
  e.sp = hex_field(r, j, "sp");
  e.ctx = hex_field(r, j, "ctx");
  e.word0 = optional_hex(r, j, "word0");
  e.target_is_func_value = field<bool>(r, j, "target_is_func_value");
  e.target_not_code = field<bool>(r, j, "target_not_code");
  e.load_fault = optional_hex(r, j, "load_fault");
  e.load_base = optional_hex(r, j, "load_base");
  e.load_base_word0 = optional_hex(r, j, "load_base_word0");
  e.from = &from;
  // The program's code must end that block with that transfer, or the trace is
  // of another build of it.
  if (from.kind != e.kind || from.site != e.site)
    throw r.error(fmt::format("the program's block at {} does not end in this {} at {}: is this "
                              "its trace?", hex(from.addr), call_kind_name(e.kind), hex(e.site)));
  return e;
}

// What the closing line says was traced, checked against what checking needs.
void check_closing_line(const TraceReader& r, const Json& end, const ImageView& image,
                        const Profile& profile) {
  const auto arch = field<std::string>(r, end, "arch");
  if (arch != image.arch().name())
    throw r.error(fmt::format("traced on {}, but the program is for {}", arch, image.arch().name()));
  const auto traced = field<std::string>(r, end, "profile");
  if (traced != profile.name)
    throw r.error(fmt::format("traced with profile {}, but the program is checked with {} (trace "
                              "it with --profile {})", traced, profile.name, profile.name));
  if (field<bool>(r, end, "filtered"))
    throw r.error("the trace was filtered (--filter, --thread): checking needs every call");
  const auto kinds = field<std::vector<std::string>>(r, end, "kinds");
  for (CallKind k : {CallKind::kIndirectCall, CallKind::kIndirectJump})
    if (std::find(kinds.begin(), kinds.end(), call_kind_name(k)) == kinds.end())
      throw r.error(fmt::format("the trace has no {} events (--kinds): checking needs icall and ijmp",
                                call_kind_name(k)));
  if (field<std::string>(r, end, "end") == "error")
    throw RunError(RunError::Kind::kInternal, field<std::string>(r, end, "detail"));
}

ExitStatus status_of(const TraceReader& r, const Json& end) {
  const auto status = field<int>(r, end, "status");
  const Json& detail = end["detail"];
  ExitStatus s = field<std::string>(r, end, "end") == "killed"
                     ? ExitStatus::killed(status - kExitSignalBase, 0)
                     : ExitStatus::exited(status);
  if (detail.is_string()) s.detail = detail.get<std::string>();
  return s;
}

}  // namespace

ReplayResult replay_check(const std::string& trace, const std::string& program,
                          const std::string& profile_name, const std::vector<EventSink*>& sinks) {
  const ElfImage elf = load_elf_file(program);
  const ImageView image(elf, load_bias_of(elf));
  const ProfileChoice choice = choose_profile(image, profile_name, program, "check");
  const Profile& profile = *choice.profile;
  Symbolizer names(image, program);
  Checker checker(image, profile);
  Blocks blocks(image, std::string(profile.context_register(image.arch())));
  TraceReader reader(trace);
  const Json end = reader.last_line();
  check_closing_line(reader, end, image, profile);
  uint64_t events = 0;
  for (Json line; reader.next(line);) {
    if (line.contains("end")) {
      if (reader.next(line)) throw reader.error("a line after the closing line");
      break;
    }
    const CallEvent e = event_of(reader, line, blocks.get(reader, line));
    events++;
    checker.on_event(e, names);
    for (EventSink* s : sinks)
      if (!e.load_fault || s->wants_load_faults()) s->on_event(e, names);
  }
  if (events != field<uint64_t>(reader, end, "events"))
    throw reader.error(fmt::format("{} events, but the closing line counts {}", events,
                                   field<uint64_t>(reader, end, "events")));
  ReplayResult out;
  out.report = CheckReport{program, std::string(image.arch().name()), std::string(profile.name),
                           choice.reason, status_of(reader, end), checker.violations(),
                           checker.counts(), {}};
  out.instructions = field<uint64_t>(reader, end, "instructions");
  if (const Json& report = end["report"]; report.is_string()) out.kill_report = report.get<std::string>();
  out.summary_line = checker.summary_line();
  return out;
}

}  // namespace fvemu
