# The Python package `fvemu`: the pybind11 module fvemu._fvemu (python/src) and the
# package's Python files (python/fvemu), assembled in ${CMAKE_BINARY_DIR}/python so
# that PYTHONPATH=build/python imports it from the build tree. Built for Debian's
# /usr/bin/python3 (the python3 first on PATH may be another interpreter).
set(Python_EXECUTABLE /usr/bin/python3 CACHE FILEPATH "The Python the module is built for")
find_package(Python 3.9 REQUIRED COMPONENTS Interpreter Development.Module)
find_package(pybind11 CONFIG REQUIRED)

set(FVEMU_PYTHON_DIR ${CMAKE_BINARY_DIR}/python)
pybind11_add_module(_fvemu python/src/module.cpp python/src/machine.cpp python/src/interrupt.cpp)
target_link_libraries(_fvemu PRIVATE harness)
set_target_properties(_fvemu PROPERTIES LIBRARY_OUTPUT_DIRECTORY ${FVEMU_PYTHON_DIR}/fvemu)

# The package's own files, copied whenever they change (configure_file tracks them).
file(GLOB FVEMU_PYTHON_FILES CONFIGURE_DEPENDS RELATIVE ${CMAKE_CURRENT_SOURCE_DIR}/python
     ${CMAKE_CURRENT_SOURCE_DIR}/python/fvemu/*.py ${CMAKE_CURRENT_SOURCE_DIR}/python/fvemu/*.pyi
     ${CMAKE_CURRENT_SOURCE_DIR}/python/fvemu/py.typed)
foreach(f ${FVEMU_PYTHON_FILES} pyproject.toml)
  configure_file(python/${f} ${FVEMU_PYTHON_DIR}/${f} COPYONLY)
endforeach()

# cmake --install: the module into Debian's dist-packages under the prefix.
set(FVEMU_PYTHON_INSTALL_DIR lib/python3/dist-packages CACHE PATH
    "Where `cmake --install` puts the fvemu package, relative to the prefix")
install(TARGETS _fvemu LIBRARY DESTINATION ${FVEMU_PYTHON_INSTALL_DIR}/fvemu)
install(DIRECTORY python/fvemu DESTINATION ${FVEMU_PYTHON_INSTALL_DIR}
        FILES_MATCHING PATTERN "*.py" PATTERN "*.pyi" PATTERN "py.typed")
