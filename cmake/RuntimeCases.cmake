# Builds the programs on fvrt, the native reference runtime (runtime/), with its own
# driver runtime/fvrt-cc, for every target and ABI profile:
#   cases/native/runtime/*.c -> ${CMAKE_BINARY_DIR}/runtime/<profile>/<target>/<name>
#   cases/bad/runtime/*.c    -> ${CMAKE_BINARY_DIR}/runtime-bad/<profile>/<target>/<name>
# Targets as for C cases (targets.json's c_targets). A case's
# `//! profiles:` line restricts the profiles, and a bad case's `//! break:` line names
# the broken runtime variant it is built with (scripts/cases.py).

set(FVEMU_FVRT_CC ${CMAKE_CURRENT_SOURCE_DIR}/runtime/fvrt-cc)
file(GLOB_RECURSE FVEMU_FVRT_SOURCES CONFIGURE_DEPENDS ${CMAKE_CURRENT_SOURCE_DIR}/runtime/*.c
     ${CMAKE_CURRENT_SOURCE_DIR}/runtime/*.h ${CMAKE_CURRENT_SOURCE_DIR}/runtime/*.S)
# The value of a `//! KEY: value` header line of src, or `default`: only for what CMake
# must know at configure time (harness/matrix/case_file.cpp parses the format).
function(fvemu_case_header src key default out)
  file(STRINGS ${src} lines REGEX "^//! ${key}:")
  if(lines)
    list(GET lines 0 line)
    string(REGEX REPLACE "^//! ${key}:[ \t]*" "" value "${line}")
    set(${out} "${value}" PARENT_SCOPE)
  else()
    set(${out} "${default}" PARENT_SCOPE)
  endif()
endfunction()

function(fvemu_add_runtime_cases kind)
  file(GLOB sources CONFIGURE_DEPENDS ${CMAKE_CURRENT_SOURCE_DIR}/cases/${kind}/runtime/*.c)
  file(GLOB case_headers CONFIGURE_DEPENDS ${CMAKE_CURRENT_SOURCE_DIR}/cases/${kind}/runtime/*.h)
  set(dir runtime)
  if(kind STREQUAL "bad")
    set(dir runtime-bad)
  endif()
  foreach(src ${sources})
    get_filename_component(name ${src} NAME_WE)
    # The outputs must be known here, so the profiles are read here; fvemu-build-case
    # reads the rest of the header (the `//! break:` variant) itself.
    fvemu_case_header(${src} profiles "go go-step1" profiles)
    separate_arguments(profiles)
    foreach(profile ${profiles})
      foreach(target ${FVEMU_CASE_TARGETS})
        set(out ${CMAKE_BINARY_DIR}/${dir}/${profile}/${target}/${name})
        add_custom_command(
          OUTPUT ${out}
          COMMAND fvemu-build-case --target ${target} --profile ${profile} -o ${out} ${src}
          DEPENDS ${src} fvemu-build-case ${FVEMU_FVRT_CC} ${FVEMU_FVRT_SOURCES} ${case_headers}
          COMMENT "fvrt case ${name} for ${target}, profile ${profile}"
          VERBATIM)
        set_property(GLOBAL APPEND PROPERTY FVEMU_CASE_OUTPUTS ${out})
      endforeach()
    endforeach()
  endforeach()
endfunction()

fvemu_add_runtime_cases(native)
fvemu_add_runtime_cases(bad)
