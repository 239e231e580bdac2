# The layers, lowest first, and the lower layers each may use (docs/architecture.md). Dependencies
# point only down: kro_layer() refuses a DEPS entry naming a kro_ layer that is not listed here,
# and the NAME_layer_includes test (label unit) refuses an `#include "<layer>/..."` of such a
# layer in NAME's sources, so the graph of layers stays one-way.
set(KRO_LAYERS value cel schema graph runtime kube resolve controller cli)
set(KRO_LAYER_USES_value "")
set(KRO_LAYER_USES_cel value)
set(KRO_LAYER_USES_schema value cel)
set(KRO_LAYER_USES_graph value cel schema)
set(KRO_LAYER_USES_runtime value cel schema graph)
set(KRO_LAYER_USES_kube value)
set(KRO_LAYER_USES_resolve value cel schema graph kube)
set(KRO_LAYER_USES_controller value cel schema graph runtime kube resolve)
set(KRO_LAYER_USES_cli value cel schema graph runtime kube resolve controller)

# kro_check_layer_deps(NAME DEPS...): fails configuration when DEPS name a kro_ layer that NAME
# may not use.
function(kro_check_layer_deps name)
  if(NOT name IN_LIST KRO_LAYERS)
    message(FATAL_ERROR "kro_layer(${name}): '${name}' is not in KRO_LAYERS (cmake/KroTargets.cmake); "
                        "add it with the layers it may use")
  endif()
  foreach(dep ${ARGN})
    if(dep MATCHES "^kro_(.+)$" AND CMAKE_MATCH_1 IN_LIST KRO_LAYERS)
      set(used ${CMAKE_MATCH_1})
      if(NOT used IN_LIST KRO_LAYER_USES_${name})
        string(REPLACE ";" " " allowed "${KRO_LAYER_USES_${name}}")
        message(FATAL_ERROR "kro_layer(${name}): layer '${name}' may not depend on '${dep}': "
                            "dependencies point only down, and ${name} may use only "
                            "[${allowed}] (cmake/KroTargets.cmake, docs/architecture.md)")
      endif()
    endif()
  endforeach()
endfunction()

# kro_layer(NAME DEPS ...): a library from every *.cc below src/NAME (tests, fuzzers and
# benchmarks excluded) and one GoogleTest binary, NAME_test, from every *_test.cc there.
# Each gtest case is its own ctest test, labelled "unit".
function(kro_layer name)
  cmake_parse_arguments(ARG "" "" "DEPS;TEST_DEPS" ${ARGN})
  kro_check_layer_deps(${name} ${ARG_DEPS})
  file(GLOB_RECURSE all CONFIGURE_DEPENDS ${CMAKE_CURRENT_SOURCE_DIR}/*.cc)
  set(lib_sources "")
  set(test_sources "")
  foreach(f ${all})
    if(f MATCHES "_test\\.cc$")
      list(APPEND test_sources ${f})
    elseif(NOT f MATCHES "(_fuzz|_bench|_itest)\\.cc$")
      list(APPEND lib_sources ${f})
    endif()
  endforeach()
  # A layer whose folder has no sources yet is an interface library, so the tree configures
  # while the layer is being written.
  if(lib_sources)
    add_library(kro_${name} STATIC ${lib_sources})
    target_include_directories(kro_${name} PUBLIC ${PROJECT_SOURCE_DIR}/src)
    target_link_libraries(kro_${name} PUBLIC ${ARG_DEPS})
  else()
    add_library(kro_${name} INTERFACE)
    target_include_directories(kro_${name} INTERFACE ${PROJECT_SOURCE_DIR}/src)
    target_link_libraries(kro_${name} INTERFACE ${ARG_DEPS})
  endif()
  # Includes are checked by a test rather than here, so that an edit that adds one is caught
  # without a re-configure.
  string(REPLACE ";" "," uses "${KRO_LAYER_USES_${name}}")
  string(REPLACE ";" "," layers "${KRO_LAYERS}")
  add_test(NAME ${name}_layer_includes
           COMMAND ${CMAKE_COMMAND} -DLAYER=${name} -DUSES=${uses} -DLAYERS=${layers}
                   -DDIR=${CMAKE_CURRENT_SOURCE_DIR} -P ${PROJECT_SOURCE_DIR}/cmake/KroLayerIncludes.cmake)
  set_tests_properties(${name}_layer_includes PROPERTIES LABELS unit)
  if(test_sources)
    add_executable(${name}_test ${test_sources})
    target_link_libraries(${name}_test PRIVATE kro_${name} ${ARG_TEST_DEPS} GTest::gmock GTest::gtest_main)
    gtest_discover_tests(${name}_test DISCOVERY_MODE PRE_TEST PROPERTIES LABELS unit
                         WORKING_DIRECTORY ${PROJECT_SOURCE_DIR})
  endif()
endfunction()

# kro_integration_test(NAME SOURCES ... DEPS ...): a GoogleTest binary that talks to a real
# kube-apiserver named by $KUBECONFIG; labelled "integration". dev/test starts the cluster.
function(kro_integration_test name)
  cmake_parse_arguments(ARG "" "" "SOURCES;DEPS" ${ARGN})
  add_executable(${name} ${ARG_SOURCES})
  target_link_libraries(${name} PRIVATE ${ARG_DEPS} GTest::gmock GTest::gtest_main)
  gtest_discover_tests(${name} DISCOVERY_MODE PRE_TEST PROPERTIES LABELS integration
                       WORKING_DIRECTORY ${PROJECT_SOURCE_DIR} DISCOVERY_TIMEOUT 30)
endfunction()
