# Fuzzing (fuzz/): libFuzzer targets for the ELF loader (fuzz_elf_loader), the syscall
# layer (fuzz_syscalls) and the block decoder and classifier (fuzz_decoder). Their seeds
# are generated at build time (target fuzz_seeds) into fuzz-seeds/<target>/ of the build
# by fuzz/make_seeds.py, from the cases cmake/Cases.cmake marks as seed cases
# (FVEMU_SEED_CASES: the assembly cases and hello.c, for every target) and the syscall
# tables; by hand: fuzz/make_seeds.py OUT ELF... The inputs that once broke a target
# are committed in fuzz/regressions/<target>/.
#
# FVEMU_FUZZ (the preset `fuzz`, in build-fuzz/): clang compiles everything with
# libFuzzer's coverage, ASan and UBSan, and the build is the libraries, the seed cases
# and the fuzzers. ctest's fuzz.<target> runs one for FVEMU_FUZZ_SECONDS on a copy of
# its seeds; a crash, sanitizer report, leak, timeout or out-of-memory fails it, the
# input saved in build-fuzz/fuzz-artifacts/<target>/.
#
# The normal build: each target's code is linked with a replay main() instead
# (fuzz_replay_<target>), and ctest's fuzz_regressions.<target> runs it once on every
# regression input and seed.
if(FVEMU_FUZZ)
  if(NOT CMAKE_CXX_COMPILER_ID STREQUAL "Clang")
    message(FATAL_ERROR "FVEMU_FUZZ needs clang's libFuzzer: cmake --preset fuzz")
  endif()
  add_compile_options(-fsanitize=fuzzer-no-link,address,undefined -fno-sanitize-recover=undefined)
  add_link_options(-fsanitize=address,undefined)
  set(FVEMU_FUZZ_SECONDS 60 CACHE STRING "How long each fuzz.<target> test fuzzes, in seconds")
endif()

set(fuzz_elf_loader_sources fuzz/fuzz_elf_loader.cpp fuzz/guest_runner.cpp)
set(fuzz_syscalls_sources fuzz/fuzz_syscalls.cpp fuzz/guest_runner.cpp fuzz/syscall_program.cpp
                          tests/unit/elf_builder.cpp)
set(fuzz_decoder_sources fuzz/fuzz_decoder.cpp)

enable_testing()  # here, not in the function: it sets a variable, which must reach the directory
function(fvemu_add_fuzz_targets)
  set(seeds ${CMAKE_BINARY_DIR}/fuzz-seeds)
  get_property(cases GLOBAL PROPERTY FVEMU_SEED_CASES)
  file(GLOB tables CONFIGURE_DEPENDS ${CMAKE_SOURCE_DIR}/emu/linux/abi/*.inc
       ${CMAKE_SOURCE_DIR}/emu/linux/syscalls/*.cpp ${CMAKE_SOURCE_DIR}/emu/arch/arch_*.cpp)
  add_custom_command(
    OUTPUT ${seeds}/stamp
    COMMAND ${CMAKE_SOURCE_DIR}/fuzz/make_seeds.py ${seeds} ${cases}
    COMMAND ${CMAKE_COMMAND} -E touch ${seeds}/stamp
    DEPENDS ${CMAKE_SOURCE_DIR}/fuzz/make_seeds.py ${cases} ${tables}
    COMMENT "fuzz seeds"
    VERBATIM)
  add_custom_target(fuzz_seeds ALL DEPENDS ${seeds}/stamp)
  foreach(target elf_loader syscalls decoder)
    set(corpus ${seeds}/${target})
    if(FVEMU_FUZZ)
      add_executable(fuzz_${target} ${fuzz_${target}_sources})
      target_link_libraries(fuzz_${target} PRIVATE harness)
      target_link_options(fuzz_${target} PRIVATE -fsanitize=fuzzer)
      add_test(NAME fuzz.${target}
               COMMAND ${CMAKE_SOURCE_DIR}/fuzz/run_fuzzer $<TARGET_FILE:fuzz_${target}> ${corpus}
                       ${CMAKE_BINARY_DIR}/fuzz-work/${target}
                       ${CMAKE_BINARY_DIR}/fuzz-artifacts/${target} ${FVEMU_FUZZ_SECONDS})
      math(EXPR timeout "${FVEMU_FUZZ_SECONDS} + 300")  # loading and merging the corpus
      set_tests_properties(fuzz.${target} PROPERTIES TIMEOUT ${timeout})
    else()
      add_executable(fuzz_replay_${target} ${fuzz_${target}_sources} fuzz/replay_main.cpp)
      target_link_libraries(fuzz_replay_${target} PRIVATE harness)
      add_test(NAME fuzz_regressions.${target}
               COMMAND fuzz_replay_${target} ${CMAKE_SOURCE_DIR}/fuzz/regressions/${target} ${corpus})
      # TMPDIR: where fuzz_syscalls writes its program file (removed at exit).
      set_tests_properties(fuzz_regressions.${target} PROPERTIES TIMEOUT 300
                           ENVIRONMENT TMPDIR=${CMAKE_BINARY_DIR})
    endif()
  endforeach()
endfunction()
