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

# cosim_verilate(<lib> TOP <module> PREFIX <Vname>
#                [PARAMS Name=Value ...] [TRACE | TRACE_FST]
#                [FILELIST <files.f>] [SOURCES extra.sv ...] [ARGS ...])
# Creates the static library <lib> with one model. The trace flavour is
# re-exported as COSIM_<PREFIX>_TRACE (0/1) so users of the library can tell.
function(cosim_verilate lib)
  cmake_parse_arguments(V "TRACE;TRACE_FST" "TOP;PREFIX;FILELIST" "PARAMS;SOURCES;ARGS" ${ARGN})
  if(NOT V_TOP OR NOT V_PREFIX)
    message(FATAL_ERROR "cosim_verilate(${lib}): TOP and PREFIX are required")
  endif()
  if(NOT V_FILELIST)
    set(V_FILELIST ${COSIM_RTL_FILELIST})
  endif()
  cosim_read_filelist(rtl ${V_FILELIST})
  set(args -Wall --x-assign unique --x-initial unique ${rtl_VERILATOR_ARGS})
  foreach(p IN LISTS V_PARAMS)
    list(APPEND args -G${p})
  endforeach()
  set(trace)
  if(V_TRACE)
    set(trace TRACE)
    list(APPEND args --trace-underscore)
  elseif(V_TRACE_FST)
    set(trace TRACE_FST)
    list(APPEND args --trace-underscore)
  endif()
  add_library(${lib} STATIC)
  verilate(${lib} SOURCES ${rtl_SOURCES} ${V_SOURCES} TOP_MODULE ${V_TOP} PREFIX ${V_PREFIX}
           ${trace} VERILATOR_ARGS ${args} ${V_ARGS})
  # Generated code is not ours: no project warnings, but optimised even in
  # Debug builds of the harness, since a slow model hides nothing useful.
  target_compile_options(${lib} PRIVATE -O2 -w)
  # Users include the model header, which pulls in verilated.h: mark
  # Verilator's include folders (and the generated one) as system headers
  # for them, so the project's -Wconversion -Werror applies to our code only.
  get_target_property(incs ${lib} INTERFACE_INCLUDE_DIRECTORIES)
  set_property(TARGET ${lib} APPEND PROPERTY INTERFACE_SYSTEM_INCLUDE_DIRECTORIES ${incs})
endfunction()
