# FVEMU_SANITIZE (the preset `asan`, in build-asan/): everything (emu, harness, the
# fvemu CLI, unit_tests, the Python module) compiled and linked with AddressSanitizer
# + UndefinedBehaviorSanitizer, and the whole ctest suite run on it. A finding fails
# its test: ASan stops at the first error, -fno-sanitize-recover makes UBSan do the
# same, and both exit with status 86 (not 1, which tests expect of guests and of
# `fvemu check`), the report on stderr. The options are built into the executables
# (cmake/sanitizer_options.cpp), so ./build-asan/fvemu has them wherever it runs.
#
# The pytest tests (py.*, e2e.*) run in /usr/bin/python3, which is not instrumented but
# loads the instrumented module (py.*, and gosuite/testdir.py under e2e.*): they get the
# ASan runtime preloaded (it must come first in the library list) and leak detection
# off, since CPython leaves memory behind at exit. FVEMU_SANITIZED_PYTHON tells their
# conftest.py to keep both from the other programs the tests start (qemu-user and gcc
# must not run under ASan; fvemu has its own options, leak detection on) and give them
# only to Python children (python_env()).
if(NOT FVEMU_SANITIZE)
  return()
endif()
if(NOT CMAKE_CXX_COMPILER_ID STREQUAL "GNU")
  message(FATAL_ERROR "FVEMU_SANITIZE is set up for GCC (it preloads GCC's libasan.so)")
endif()

set(FVEMU_SANITIZER_FLAGS -fsanitize=address,undefined -fno-sanitize-recover=undefined
                          -fno-omit-frame-pointer)
add_compile_options(${FVEMU_SANITIZER_FLAGS})
add_link_options(${FVEMU_SANITIZER_FLAGS})

# Tests run slower under the sanitizers: every test's TIMEOUT is scaled by this.
set(FVEMU_SANITIZER_TIMEOUT_FACTOR 3)

# What Python preloads: the ASan runtime, and libstdc++ with it. ASan finds the real
# __cxa_throw it intercepts when it starts; in a Python without libstdc++ loaded yet it
# finds none, and the module's first C++ throw dies in a CHECK (asan_interceptors.cpp
# "real___cxa_throw != 0").
set(FVEMU_SANITIZER_PRELOAD)
foreach(lib libasan.so libstdc++.so)
  execute_process(COMMAND ${CMAKE_CXX_COMPILER} -print-file-name=${lib}
                  OUTPUT_VARIABLE path OUTPUT_STRIP_TRAILING_WHITESPACE)
  if(NOT IS_ABSOLUTE "${path}" OR NOT EXISTS "${path}")
    message(FATAL_ERROR "FVEMU_SANITIZE: ${CMAKE_CXX_COMPILER} has no ${lib}")
  endif()
  list(APPEND FVEMU_SANITIZER_PRELOAD ${path})
endforeach()
string(REPLACE ";" ":" FVEMU_SANITIZER_PRELOAD "${FVEMU_SANITIZER_PRELOAD}")

set_source_files_properties(cmake/sanitizer_options.cpp PROPERTIES COMPILE_DEFINITIONS
  FVEMU_LSAN_SUPPRESSIONS="${CMAKE_CURRENT_LIST_DIR}/lsan.supp")

# Run at the end of the top directory, when every target and test exists.
function(fvemu_sanitize_targets_and_tests)
  # The sanitizer options, in every executable (not the Python module: the preloaded
  # runtime reads its options before the module is loaded).
  get_property(targets DIRECTORY ${CMAKE_SOURCE_DIR} PROPERTY BUILDSYSTEM_TARGETS)
  foreach(target ${targets})
    get_target_property(type ${target} TYPE)
    if(type STREQUAL "EXECUTABLE")
      target_sources(${target} PRIVATE ${CMAKE_SOURCE_DIR}/cmake/sanitizer_options.cpp)
    endif()
  endforeach()
  get_property(tests DIRECTORY ${CMAKE_SOURCE_DIR} PROPERTY TESTS)
  foreach(test ${tests})
    get_test_property(${test} TIMEOUT timeout)
    if(timeout)
      math(EXPR timeout "${timeout} * ${FVEMU_SANITIZER_TIMEOUT_FACTOR}")
      set_tests_properties(${test} PROPERTIES TIMEOUT ${timeout})
    endif()
    if(test MATCHES "^(py|e2e)\\.")
      set_property(TEST ${test} APPEND PROPERTY ENVIRONMENT
        "FVEMU_SANITIZED_PYTHON=1"
        "LD_PRELOAD=${FVEMU_SANITIZER_PRELOAD}"
        # A report from inside the pytest process goes to the real stderr (the log),
        # not to the capture of a test that dies with it.
        "PYTEST_ADDOPTS=--capture=sys"
        "ASAN_OPTIONS=exitcode=86:detect_leaks=0"
        "UBSAN_OPTIONS=exitcode=86:halt_on_error=1:print_stacktrace=1")
    endif()
  endforeach()
endfunction()
cmake_language(DEFER DIRECTORY ${CMAKE_SOURCE_DIR} CALL fvemu_sanitize_targets_and_tests)
