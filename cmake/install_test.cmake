# CTest "install": `cmake --install` into a scratch prefix, then the installed
# binary must run on its own and say the project's version, and the license
# and README must sit in share/doc/exertrack. Run with
#   cmake -DBUILD_DIR=... -DPREFIX=... -DVERSION=... -P install_test.cmake
file(REMOVE_RECURSE "${PREFIX}")
execute_process(COMMAND "${CMAKE_COMMAND}" --install "${BUILD_DIR}" --prefix "${PREFIX}"
                RESULT_VARIABLE rc OUTPUT_QUIET)
if(NOT rc EQUAL 0)
  message(FATAL_ERROR "cmake --install ${BUILD_DIR} --prefix ${PREFIX} failed (${rc})")
endif()
foreach(doc LICENSE README.md)
  if(NOT EXISTS "${PREFIX}/share/doc/exertrack/${doc}")
    message(FATAL_ERROR "${doc} was not installed to ${PREFIX}/share/doc/exertrack")
  endif()
endforeach()
execute_process(COMMAND "${PREFIX}/bin/exertrack" --version
                RESULT_VARIABLE rc OUTPUT_VARIABLE out OUTPUT_STRIP_TRAILING_WHITESPACE)
if(NOT rc EQUAL 0 OR NOT out STREQUAL "exertrack ${VERSION}")
  message(FATAL_ERROR "installed exertrack --version: exit ${rc}, '${out}' (want 'exertrack ${VERSION}')")
endif()
file(REMOVE_RECURSE "${PREFIX}")
