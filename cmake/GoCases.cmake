# Builds every Go program in cases/go (and bench/go_heavy.go) with Debian's Go toolchain (CGO_ENABLED=0, static)
# for the Go targets, into ${CMAKE_BINARY_DIR}/go/<target>/<name>: the five of GOARCH
# 386 (GO386=softfloat, Debian's default), amd64, arm5, arm6, arm7 (GOARM=5/6/7), and
# 386-sse2 (GO386=sse2: SSE2 floating point instead of software).
# GOCACHE lives in the build tree, so a build needs no HOME and no network.

find_program(FVEMU_GO go REQUIRED)
set(FVEMU_GO_TARGETS 386 386-sse2 amd64 arm5 arm6 arm7)
set(FVEMU_GOARCH_386 386)
set(FVEMU_GOARCH_386-sse2 386)
set(FVEMU_GO386_386 softfloat)
set(FVEMU_GO386_386-sse2 sse2)
set(FVEMU_GOARCH_amd64 amd64)
set(FVEMU_GOARCH_arm5 arm)
set(FVEMU_GOARCH_arm6 arm)
set(FVEMU_GOARCH_arm7 arm)
set(FVEMU_GOARM_arm5 5)
set(FVEMU_GOARM_arm6 6)
set(FVEMU_GOARM_arm7 7)

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
      COMMAND ${CMAKE_COMMAND} -E env CGO_ENABLED=0 GOOS=linux GOARCH=${FVEMU_GOARCH_${target}}
              GOARM=${FVEMU_GOARM_${target}} GO386=${FVEMU_GO386_${target}} GO111MODULE=off GOFLAGS=
              GOCACHE=${CMAKE_BINARY_DIR}/go-cache GOPATH=${CMAKE_BINARY_DIR}/go-path
              ${FVEMU_GO} build -o ${out} ${src}
      DEPENDS ${src}
      COMMENT "go case ${name} for ${target}"
      VERBATIM)
    list(APPEND FVEMU_GO_OUTPUTS ${out})
  endforeach()
endforeach()
add_custom_target(go_cases ALL DEPENDS ${FVEMU_GO_OUTPUTS})
