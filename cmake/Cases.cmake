# Builds every C program in cases/native and bench/ for every target with the real
# compilers (static glibc), into ${CMAKE_BINARY_DIR}/cases/<target>/<name>; programs in
# cases/native/x86/ and cases/native/arm/ only for the targets of that family (.S
# files: no C library, their own _start); cases/native/i386/ and amd64/ are for that
# target alone.
# Targets: 386 (i686-linux-gnu-gcc), amd64 (gcc), arm (arm-linux-gnueabihf-gcc, whose
# default is Thumb-2) and arm-a32 (the same compiler with -marm, so ARM-state code).

set(FVEMU_CASE_TARGETS 386 amd64 arm arm-a32)
set(FVEMU_CC_386 i686-linux-gnu-gcc)
set(FVEMU_CC_amd64 gcc)
set(FVEMU_CC_arm arm-linux-gnueabihf-gcc)
set(FVEMU_CC_arm-a32 arm-linux-gnueabihf-gcc)
set(FVEMU_CFLAGS_arm-a32 -marm)
# nested_function.c needs an executable stack on purpose: no linker warning for it.
set(FVEMU_CASE_CFLAGS -static -O2 -g -Wall -Wextra -Werror -std=gnu11 -Wl,--no-warn-execstack)

foreach(target ${FVEMU_CASE_TARGETS})
  find_program(FVEMU_CC_PATH_${target} ${FVEMU_CC_${target}} REQUIRED)
endforeach()

# fvemu_add_case(SRC TARGET [DIR]): builds into ${CMAKE_BINARY_DIR}/DIR/TARGET (DIR: cases).
function(fvemu_add_case src target)
  set(dir cases)
  if(ARGC GREATER 2)
    set(dir ${ARGV2})
  endif()
  get_filename_component(name ${src} NAME_WE)
  get_filename_component(ext ${src} EXT)
  set(out ${CMAKE_BINARY_DIR}/${dir}/${target}/${name})
  set(extra)
  if(ext STREQUAL ".S")
    set(extra -nostdlib)
  endif()
  add_custom_command(
    OUTPUT ${out}
    COMMAND ${CMAKE_COMMAND} -E make_directory ${CMAKE_BINARY_DIR}/${dir}/${target}
    COMMAND ${FVEMU_CC_PATH_${target}} ${FVEMU_CASE_CFLAGS} ${FVEMU_CFLAGS_${target}} ${extra}
            -o ${out} ${src}
    DEPENDS ${src}
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
# Target groups: cases/native/<group>/ builds for each target of the group.
set(FVEMU_GROUP_x86 386 amd64)
set(FVEMU_GROUP_i386 386)
set(FVEMU_GROUP_amd64 amd64)
set(FVEMU_GROUP_arm arm arm-a32)
foreach(group x86 i386 amd64 arm)
  file(GLOB own CONFIGURE_DEPENDS ${CMAKE_CURRENT_SOURCE_DIR}/cases/native/${group}/*.c
                                  ${CMAKE_CURRENT_SOURCE_DIR}/cases/native/${group}/*.S)
  foreach(src ${own})
    foreach(target ${FVEMU_GROUP_${group}})
      fvemu_add_case(${src} ${target})
    endforeach()
  endforeach()
endforeach()
# cases/bad/<arch>/: programs that break the func-value ABI on purpose (fvemu check
# must report them), into ${CMAKE_BINARY_DIR}/bad/<target>/.
set(FVEMU_BAD_386 386)
set(FVEMU_BAD_amd64 amd64)
set(FVEMU_BAD_arm arm arm-a32)
foreach(arch 386 amd64 arm)
  file(GLOB bad CONFIGURE_DEPENDS ${CMAKE_CURRENT_SOURCE_DIR}/cases/bad/${arch}/*.S)
  foreach(src ${bad})
    foreach(target ${FVEMU_BAD_${arch}})
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
include(cmake/RuntimeCases.cmake)
get_property(outputs GLOBAL PROPERTY FVEMU_CASE_OUTPUTS)
add_custom_target(cases ALL DEPENDS ${outputs})
