# kro_layer(NAME DEPS ...): a library from every *.cc below src/NAME (tests, fuzzers and
# benchmarks excluded) and one GoogleTest binary, NAME_test, from every *_test.cc there.
# Each gtest case is its own ctest test, labelled "unit".
function(kro_layer name)
  cmake_parse_arguments(ARG "" "" "DEPS;TEST_DEPS" ${ARGN})
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
