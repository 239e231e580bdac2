# cmake -DLAYER=<name> -DUSES=<a,b,...> -DLAYERS=<all layers> -DDIR=<src/name> -P KroLayerIncludes.cmake
# Fails when a source or header under DIR includes "<layer>/..." of a kro layer that LAYER may not
# use (KRO_LAYER_USES_<name> in KroTargets.cmake), or a header under another layer's internal/
# folder (those are for their own layer only), listing every such include with its file.
cmake_minimum_required(VERSION 3.25)
string(REPLACE "," ";" uses "${USES}")
string(REPLACE "," ";" layers "${LAYERS}")
file(GLOB_RECURSE files ${DIR}/*.h ${DIR}/*.cc)
set(bad "")
foreach(f ${files})
  file(STRINGS ${f} lines REGEX "^[ \t]*#[ \t]*include[ \t]*\"[A-Za-z0-9_]+/")
  foreach(line ${lines})
    string(REGEX MATCH "\"([A-Za-z0-9_]+)/" _ "${line}")
    set(target ${CMAKE_MATCH_1})
    set(internal_of_other FALSE)
    if(line MATCHES "\"[A-Za-z0-9_]+/internal/" AND NOT target STREQUAL LAYER)
      set(internal_of_other TRUE)
    endif()
    if(internal_of_other OR
       (target IN_LIST layers AND NOT target STREQUAL LAYER AND NOT target IN_LIST uses))
      file(RELATIVE_PATH rel ${DIR} ${f})
      string(APPEND bad "  ${rel}: ${line}\n")
    endif()
  endforeach()
endforeach()
if(bad)
  string(REPLACE "," " " uses_text "${USES}")
  message(FATAL_ERROR "layer '${LAYER}' may use only [${uses_text}] and its own internal/ "
                      "headers, but includes:\n${bad}"
                      "dependencies point only down (cmake/KroTargets.cmake, docs/architecture.md)")
endif()
