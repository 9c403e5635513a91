# CTest "install": `cmake --install` into a scratch prefix, then the installed
# binary must run on its own and say the project's version, the license and
# README must sit in share/doc/exertrack, and the shipped model in
# share/exertrack/models, where the installed binary finds it. Run with
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
# The shipped model is installed and found beside the installed binary
# (before the source tree's models/, which an install must not depend on).
set(model_dir "${PREFIX}/share/exertrack/models/next-session")
if(NOT EXISTS "${model_dir}/forecast.json")
  message(FATAL_ERROR "the shipped model was not installed to ${model_dir}")
endif()
execute_process(COMMAND "${PREFIX}/bin/exertrack" recommend --json
                RESULT_VARIABLE rc OUTPUT_VARIABLE out ERROR_VARIABLE err)
string(FIND "${err}" "exertrack: model ${model_dir} (shipped): next-session model" at)
if(NOT rc EQUAL 0 OR at EQUAL -1 OR NOT out MATCHES "\"task\":\"next-session\"")
  message(FATAL_ERROR "installed exertrack recommend (no --model): exit ${rc}, stderr '${err}'")
endif()
file(REMOVE_RECURSE "${PREFIX}")
