# Verilating the RTL.
#
# rtl/files.f is the one file list (leaves first, core last) that both the
# build and `make lint` read. cosim_verilate() turns it into a static library
# target holding one Verilated model; executables link that library instead of
# verilating again (every verilate() target recompiles the runtime).

set(COSIM_RTL_DIR ${CMAKE_SOURCE_DIR}/rtl)
set(COSIM_RTL_FILELIST ${COSIM_RTL_DIR}/files.f)

# The one parser of file lists is tools/filelist.py (README "Bring your own
# core" says what a list may hold); tools/check_iface.py imports it and the
# model registry carries its result to `cosim emit-tb`.
find_package(Python3 COMPONENTS Interpreter REQUIRED)
set(COSIM_PYTHON ${Python3_EXECUTABLE} CACHE INTERNAL "")
set(COSIM_FILELIST_TOOL ${CMAKE_SOURCE_DIR}/tools/filelist.py CACHE INTERNAL "")

# cosim_read_filelist(<prefix> <files.f>): sets <prefix>_SOURCES (absolute,
# in order), <prefix>_INCDIRS, <prefix>_DEFINES (NAME or NAME=VALUE) and
# <prefix>_VERILATOR_ARGS (-I<dir> -D<define>) in the caller's scope. Every
# list read, nested ones too, and the parser itself re-run the configure when
# they change. A bad list stops the configure with the parser's message.
# Read once per list and configure run (a global property keeps the result).
function(cosim_read_filelist prefix filelist)
  get_filename_component(filelist ${filelist} ABSOLUTE)
  string(MD5 key "${filelist}")
  get_property(known GLOBAL PROPERTY COSIM_FILELIST_${key} SET)
  if(NOT known)
    execute_process(COMMAND ${COSIM_PYTHON} ${COSIM_FILELIST_TOOL} --cmake ${filelist}
                    RESULT_VARIABLE rc OUTPUT_VARIABLE out ERROR_VARIABLE err)
    if(NOT rc EQUAL 0)
      message(FATAL_ERROR "${err}")
    endif()
    string(REPLACE "\n" ";" lines "${out}")
    set(parsed)
    foreach(line IN LISTS lines)
      if(line MATCHES "^list (.*)$")
        set_property(DIRECTORY APPEND PROPERTY CMAKE_CONFIGURE_DEPENDS ${CMAKE_MATCH_1})
      elseif(line MATCHES "^(source|incdir|define) (.*)$")
        list(APPEND parsed "${CMAKE_MATCH_1}:${CMAKE_MATCH_2}")
      endif()
    endforeach()
    set_property(DIRECTORY APPEND PROPERTY CMAKE_CONFIGURE_DEPENDS ${COSIM_FILELIST_TOOL})
    set_property(GLOBAL PROPERTY COSIM_FILELIST_${key} "${parsed}")
  endif()
  get_property(parsed GLOBAL PROPERTY COSIM_FILELIST_${key})
  foreach(kind SOURCES INCDIRS DEFINES VERILATOR_ARGS)
    set(${kind})
  endforeach()
  foreach(e IN LISTS parsed)
    string(REGEX REPLACE "^[a-z]+:" "" v "${e}")
    if(e MATCHES "^source:")
      list(APPEND SOURCES "${v}")
    elseif(e MATCHES "^incdir:")
      list(APPEND INCDIRS "${v}")
      list(APPEND VERILATOR_ARGS "-I${v}")
    else()
      list(APPEND DEFINES "${v}")
      list(APPEND VERILATOR_ARGS "-D${v}")
    endif()
  endforeach()
  foreach(kind SOURCES INCDIRS DEFINES VERILATOR_ARGS)
    set(${prefix}_${kind} "${${kind}}" PARENT_SCOPE)
  endforeach()
endfunction()

# The Verilator runtime for the block tests (tests/sim), compiled once.
# (cosim's models use their own shared runtime: tools/build_model.py.)
set(COSIM_VERILATOR_INCLUDE ${VERILATOR_ROOT}/include)
if(NOT EXISTS ${COSIM_VERILATOR_INCLUDE}/verilated.cpp)
  set(COSIM_VERILATOR_INCLUDE /usr/share/verilator/include)
endif()
function(cosim_verilator_runtime lib)
  add_library(${lib} STATIC ${COSIM_VERILATOR_INCLUDE}/verilated.cpp
              ${COSIM_VERILATOR_INCLUDE}/verilated_threads.cpp)
  target_include_directories(${lib} SYSTEM PUBLIC ${COSIM_VERILATOR_INCLUDE}
                             ${COSIM_VERILATOR_INCLUDE}/vltstd)
  target_compile_definitions(${lib} PUBLIC VM_COVERAGE=0 VM_SC=0 VM_TRACE=0 VM_TRACE_FST=0
                             VM_TRACE_VCD=0)
  target_compile_options(${lib} PRIVATE -O2 -w)
  find_package(Threads REQUIRED)
  target_link_libraries(${lib} PUBLIC Threads::Threads atomic)
endfunction()

# cosim_verilate_block(<lib> TOP <module> PREFIX <Vname> RUNTIME <rt>
#                      [PARAMS Name=Value ...] [SOURCES extra.sv ...])
# Creates the static library <lib> holding one Verilated block of
# rtl/files.f, verilated at build time (tools/verilate_block.py: one
# translation unit whose name does not depend on the design), so that
# nothing is verilated at configure time and an RTL edit never reconfigures.
function(cosim_verilate_block lib)
  cmake_parse_arguments(V "" "TOP;PREFIX;RUNTIME" "PARAMS;SOURCES" ${ARGN})
  if(NOT V_TOP OR NOT V_PREFIX OR NOT V_RUNTIME)
    message(FATAL_ERROR "cosim_verilate_block(${lib}): TOP, PREFIX and RUNTIME are required")
  endif()
  cosim_read_filelist(rtl ${COSIM_RTL_FILELIST})
  set(dir ${CMAKE_CURRENT_BINARY_DIR}/${lib}.dir)
  set(unity ${dir}/${V_PREFIX}__unity.cpp)
  set(params)
  foreach(p IN LISTS V_PARAMS)
    list(APPEND params -G ${p})
  endforeach()
  add_custom_command(OUTPUT ${unity}
    COMMAND ${COSIM_PYTHON} ${CMAKE_SOURCE_DIR}/tools/verilate_block.py --out ${dir}
            --prefix ${V_PREFIX} --top ${V_TOP} ${params} ${rtl_SOURCES} ${V_SOURCES}
    DEPENDS ${rtl_SOURCES} ${V_SOURCES} ${CMAKE_SOURCE_DIR}/tools/verilate_block.py
    COMMENT "Verilating ${V_TOP} (${V_PREFIX})"
    VERBATIM)
  add_library(${lib} STATIC ${unity})
  # Generated code is not ours: no project warnings; optimised a little even
  # in Debug builds (a block test runs few cycles).
  target_compile_options(${lib} PRIVATE -O1 -w)
  target_include_directories(${lib} SYSTEM PUBLIC ${dir})
  target_link_libraries(${lib} PUBLIC ${V_RUNTIME})
endfunction()
