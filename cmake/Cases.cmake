# Builds every C program in cases/native and bench/ for every C target of targets.json
# (cmake/Targets.cmake) with the real compilers (static glibc, warning-free), into
# ${CMAKE_BINARY_DIR}/cases/<target>/<name>; programs in cases/native/<dir>/ only for the
# targets of the arches that directory names (an arch's `dirs`: x86, i386, amd64, arm).
# .S files: no C library, their own _start. The arm target is the compiler's default,
# Thumb-2; arm-a32 adds -marm, so ARM-state code.
# The fuzzers' seeds come from the assembly cases and hello.c (FVEMU_SEED_CASES,
# cmake/Fuzz.cmake); the fuzz build makes only those.

# fvemu_add_case(SRC TARGET [DIR]): builds into ${CMAKE_BINARY_DIR}/DIR/TARGET (DIR: cases),
# with fvemu-build-case: the compile commands of `fvemu matrix` (harness/matrix/builder.cpp).
function(fvemu_add_case src target)
  set(dir cases)
  if(ARGC GREATER 2)
    set(dir ${ARGV2})
  endif()
  get_filename_component(name ${src} NAME_WE)
  set(out ${CMAKE_BINARY_DIR}/${dir}/${target}/${name})
  if(src MATCHES "\\.S$" OR src STREQUAL "${CMAKE_CURRENT_SOURCE_DIR}/cases/native/hello.c")
    set_property(GLOBAL APPEND PROPERTY FVEMU_SEED_CASES ${out})
  elseif(FVEMU_FUZZ)
    return()
  endif()
  set(deps ${CMAKE_BINARY_DIR}/case-deps/${dir}/${target}/${name}.d)
  add_custom_command(
    OUTPUT ${out}
    COMMAND ${CMAKE_COMMAND} -E make_directory ${CMAKE_BINARY_DIR}/case-deps/${dir}/${target}
    COMMAND fvemu-build-case --target ${target} --depfile ${deps} -o ${out} ${src}
    DEPENDS ${src} fvemu-build-case
    DEPFILE ${deps}  # what it includes: cases/bad/<arch>/prelude.inc, another case
    COMMENT "case ${name} for ${target}"
    VERBATIM)
  set_property(GLOBAL APPEND PROPERTY FVEMU_CASE_OUTPUTS ${out})
endfunction()

file(GLOB FVEMU_NATIVE_CASES CONFIGURE_DEPENDS ${CMAKE_CURRENT_SOURCE_DIR}/cases/native/*.c)
foreach(src ${FVEMU_NATIVE_CASES} ${CMAKE_CURRENT_SOURCE_DIR}/bench/compute.c)
  foreach(target ${FVEMU_CASE_TARGETS})
    fvemu_add_case(${src} ${target})
  endforeach()
endforeach()
# cases/native/<dir>/ builds for the targets of the arches whose `dirs` name it.
foreach(group ${FVEMU_CASE_DIRS})
  file(GLOB own CONFIGURE_DEPENDS ${CMAKE_CURRENT_SOURCE_DIR}/cases/native/${group}/*.c
                                  ${CMAKE_CURRENT_SOURCE_DIR}/cases/native/${group}/*.S)
  foreach(src ${own})
    foreach(target ${FVEMU_CASE_TARGETS_${group}})
      fvemu_add_case(${src} ${target})
    endforeach()
  endforeach()
endforeach()
# cases/bad/<arch>/: programs that break the func-value ABI on purpose (fvemu check
# must report them), into ${CMAKE_BINARY_DIR}/bad/<target>/.
foreach(arch ${FVEMU_ARCHES})
  file(GLOB bad CONFIGURE_DEPENDS ${CMAKE_CURRENT_SOURCE_DIR}/cases/bad/${arch}/*.S)
  foreach(src ${bad})
    foreach(target ${FVEMU_CASE_TARGETS_${arch}})
      fvemu_add_case(${src} ${target} bad)
    endforeach()
  endforeach()
endforeach()
# Guest programs of tests that have no qemu-user reference, so are not cases, into
# ${CMAKE_BINARY_DIR}/<dir>/<target>/: tests/sandbox/ try to break out of fvemu's
# sandbox (tests/e2e/test_sandbox_escape.py), tests/limits/ run into its limits
# (tests/e2e/test_limits.py). Only fvemu confines the guest and limits it.
foreach(dir sandbox limits)
  file(GLOB sources CONFIGURE_DEPENDS ${CMAKE_CURRENT_SOURCE_DIR}/tests/${dir}/*.c)
  foreach(src ${sources})
    foreach(target ${FVEMU_CASE_TARGETS})
      fvemu_add_case(${src} ${target} ${dir})
    endforeach()
  endforeach()
endforeach()
if(NOT FVEMU_FUZZ)
  include(cmake/RuntimeCases.cmake)
endif()
get_property(outputs GLOBAL PROPERTY FVEMU_CASE_OUTPUTS)
add_custom_target(cases ALL DEPENDS ${outputs})
