# Verilating the RTL.
#
# rtl/files.f is the one file list (leaves first, core last) that both the
# build and `make lint` read. cosim_verilate() turns it into a static library
# target holding one Verilated model; executables link that library instead of
# verilating again (every verilate() target recompiles the runtime).

set(COSIM_RTL_DIR ${CMAKE_SOURCE_DIR}/rtl)
set(COSIM_RTL_FILELIST ${COSIM_RTL_DIR}/files.f)

# cosim_read_filelist(<out-var> <files.f>): absolute paths of the sources a
# file list names. Blank lines and // or # comments are skipped; relative paths
# are relative to the list's own folder.
function(cosim_read_filelist out filelist)
  if(NOT EXISTS ${filelist})
    message(FATAL_ERROR "RTL file list not found: ${filelist}")
  endif()
  get_filename_component(dir ${filelist} DIRECTORY)
  file(STRINGS ${filelist} lines)
  set(srcs)
  foreach(line IN LISTS lines)
    string(STRIP "${line}" line)
    if(line STREQUAL "" OR line MATCHES "^(//|#)")
      continue()
    endif()
    if(NOT IS_ABSOLUTE ${line})
      set(line ${dir}/${line})
    endif()
    if(NOT EXISTS ${line})
      message(FATAL_ERROR "${filelist}: names a file that does not exist: ${line}")
    endif()
    list(APPEND srcs ${line})
  endforeach()
  set_property(DIRECTORY APPEND PROPERTY CMAKE_CONFIGURE_DEPENDS ${filelist})
  set(${out} ${srcs} PARENT_SCOPE)
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
  cosim_read_filelist(srcs ${V_FILELIST})
  set(args -Wall --x-assign unique --x-initial unique)
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
  verilate(${lib} SOURCES ${srcs} ${V_SOURCES} TOP_MODULE ${V_TOP} PREFIX ${V_PREFIX}
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
