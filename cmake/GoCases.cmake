# Builds every Go program in cases/go (and bench/go_heavy.go) with Debian's Go toolchain (CGO_ENABLED=0, static)
# for the Go targets of targets.json, into ${CMAKE_BINARY_DIR}/go/<target>/<name>, each
# with its GOARCH, GOARM and GO386 (cmake/Targets.cmake).
# GOCACHE lives in the build tree, so a build needs no HOME and no network.

find_program(FVEMU_GO go REQUIRED)  # fvemu-build-case runs the go on PATH
file(GLOB FVEMU_GO_CASES CONFIGURE_DEPENDS ${CMAKE_CURRENT_SOURCE_DIR}/cases/go/*.go)
# The benchmark's own Go program (bench/run.py --go) is built the same way, beside them.
list(APPEND FVEMU_GO_CASES ${CMAKE_CURRENT_SOURCE_DIR}/bench/go_heavy.go)
set(FVEMU_GO_OUTPUTS)
foreach(src ${FVEMU_GO_CASES})
  get_filename_component(name ${src} NAME_WE)
  foreach(target ${FVEMU_GO_TARGETS})
    set(out ${CMAKE_BINARY_DIR}/go/${target}/${name})
    add_custom_command(
      OUTPUT ${out}
      COMMAND ${CMAKE_COMMAND} -E env GOFLAGS= GOCACHE=${CMAKE_BINARY_DIR}/go-cache
              GOPATH=${CMAKE_BINARY_DIR}/go-path $<TARGET_FILE:fvemu-build-case> --target ${target} -o ${out} ${src}
      DEPENDS ${src} fvemu-build-case
      COMMENT "go case ${name} for ${target}"
      VERBATIM)
    list(APPEND FVEMU_GO_OUTPUTS ${out})
  endforeach()
endforeach()
add_custom_target(go_cases ALL DEPENDS ${FVEMU_GO_OUTPUTS})
