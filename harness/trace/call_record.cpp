#include "harness/trace/call_record.h"

namespace fvemu {

CallRecord resolve(const Arch& arch, const CallEvent& e, Symbolizer& names) {
  CallRecord r;
  r.tid = e.tid;
  r.seq = e.seq;
  r.kind = e.kind;
  r.site = e.site;
  r.site_symbol = names.code(e.site);
  r.target = e.target;
  r.callee_symbol = names.code(e.target);
  r.sp = e.sp;
  r.ctx = e.ctx;
  r.ctx_symbol = names.data(e.ctx);
  r.word0 = e.word0;
  if (is_indirect(e.kind)) r.source = e.from->source.text();
  r.where = names.line(e.site);
  r.through_func_value = e.word0 && is_code_word_of(arch, *e.word0, e);
  return r;
}

}  // namespace fvemu
