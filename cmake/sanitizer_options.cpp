// The sanitizer options of every executable in the FVEMU_SANITIZE build (see
// cmake/Sanitizers.cmake); ASAN_OPTIONS, UBSAN_OPTIONS and LSAN_OPTIONS in the
// environment add to them. Status 86 on a finding, so that no test mistakes it for a
// guest's `exit(1)`.
extern "C" {
const char* __asan_default_options() {
  return "exitcode=86:detect_leaks=1:check_initialization_order=1";
}
const char* __ubsan_default_options() {
  return "exitcode=86:halt_on_error=1:print_stacktrace=1";
}
// Third-party leaks only (the file says which and why); quietly, since tests compare
// fvemu's stderr.
const char* __lsan_default_options() {
  return "suppressions=" FVEMU_LSAN_SUPPRESSIONS ":print_suppressions=0";
}
}
