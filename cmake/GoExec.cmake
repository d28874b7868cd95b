# go_linux_<GOARCH>_exec: the wrappers through which `go test` and `go run` run
# cross-built binaries (gosuite/go_exec.sh.in). The build's bin/ holds copies that run
# this build's fvemu; `cmake --install` puts beside bin/fvemu copies that run that one.
foreach(GOARCH ${FVEMU_ARCHES})
  set(FVEMU_COMMAND "'${CMAKE_BINARY_DIR}/fvemu'")
  configure_file(gosuite/go_exec.sh.in ${CMAKE_BINARY_DIR}/bin/go_linux_${GOARCH}_exec @ONLY
                 FILE_PERMISSIONS OWNER_READ OWNER_WRITE OWNER_EXECUTE GROUP_READ GROUP_EXECUTE
                                  WORLD_READ WORLD_EXECUTE)
  set(FVEMU_COMMAND "\"$(dirname \"$0\")/fvemu\"")
  configure_file(gosuite/go_exec.sh.in ${CMAKE_BINARY_DIR}/install-bin/go_linux_${GOARCH}_exec
                 @ONLY)
  install(PROGRAMS ${CMAKE_BINARY_DIR}/install-bin/go_linux_${GOARCH}_exec DESTINATION bin)
endforeach()
