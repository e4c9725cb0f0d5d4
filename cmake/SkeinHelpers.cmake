# Small helpers that keep the per-directory CMakeLists short.
#
# Sources are globbed per module (CONFIGURE_DEPENDS re-globs on each build), so adding a file to a
# module never needs an edit of a shared CMakeLists.txt. Each core module is its own static library
# with explicit dependencies; a module can only use what it links.

# skein_core_module(NAME <module> [DEPS <targets>...])
#   Builds core/<module>/*.cpp into the static library skein_<module>.
function(skein_core_module NAME)
  cmake_parse_arguments(ARG "" "" "DEPS" ${ARGN})
  file(GLOB _srcs CONFIGURE_DEPENDS ${CMAKE_CURRENT_SOURCE_DIR}/${NAME}/*.cpp)
  file(GLOB _hdrs CONFIGURE_DEPENDS ${CMAKE_CURRENT_SOURCE_DIR}/${NAME}/*.h)
  if(NOT _srcs)
    # Header-only (or not yet written) module.
    add_library(skein_${NAME} INTERFACE)
    target_include_directories(skein_${NAME} INTERFACE ${PROJECT_SOURCE_DIR})
    target_link_libraries(skein_${NAME} INTERFACE ${ARG_DEPS})
    return()
  endif()
  add_library(skein_${NAME} STATIC ${_srcs} ${_hdrs})
  target_include_directories(skein_${NAME} PUBLIC ${PROJECT_SOURCE_DIR})
  target_link_libraries(skein_${NAME} PUBLIC ${ARG_DEPS})
  set_target_properties(skein_${NAME} PROPERTIES POSITION_INDEPENDENT_CODE ON)
endfunction()

# skein_add_qtest(<name> SOURCES <files> LIBS <targets> [GUI] [LABELS <labels>])
#   One Qt Test executable registered with CTest. Non-GUI tests run on the offscreen platform;
#   GUI tests need a real X display (CI runs ctest under xvfb-run) and fail without one.
function(skein_add_qtest NAME)
  cmake_parse_arguments(ARG "GUI" "TIMEOUT" "SOURCES;LIBS;LABELS" ${ARGN})
  add_executable(${NAME} ${ARG_SOURCES})
  target_link_libraries(${NAME} PRIVATE ${ARG_LIBS} skein_testsupport Qt6::Test)
  add_test(NAME ${NAME} COMMAND ${NAME})
  set(_env "SKEIN_SHARED_DIR=${SKEIN_SHARED_DIR}" "SKEIN_SOURCE_DIR=${PROJECT_SOURCE_DIR}"
           "SKEIN_BINARY_DIR=${PROJECT_BINARY_DIR}")
  if(NOT ARG_GUI)
    list(APPEND _env "QT_QPA_PLATFORM=offscreen")
  endif()
  if(NOT ARG_TIMEOUT)
    set(ARG_TIMEOUT 300)
  endif()
  set_tests_properties(${NAME} PROPERTIES ENVIRONMENT "${_env}" TIMEOUT ${ARG_TIMEOUT}
                       LABELS "${ARG_LABELS}")
  if(ARG_GUI)
    # GUI tests share one X display (xvfb-run around ctest) and need keyboard focus: with no window
    # manager, two windows shown at once steal activation from each other, so they never overlap.
    set_tests_properties(${NAME} PROPERTIES RESOURCE_LOCK x_display_focus)
  endif()
endfunction()
