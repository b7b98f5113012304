# A user's core (README "Bring your own core"): the COSIM_USER_* options and
# cosim_add_user_model(), the one path every user core takes: `make sim
# RTL=...` sets these options in its own build folder (build-user/), and the
# tests (tests/byo) call the same function for our RTL and a test core.
set(COSIM_USER_RTL "" CACHE FILEPATH
    "A user's RTL file list: build cosim for that core instead of the built-in RTL")
set(COSIM_USER_TOP core CACHE STRING "The user's core module")
set(COSIM_USER_PROBE "" CACHE STRING
    "Instance path of the user's psum SRAM below the core, e.g. psum_mem_instance (empty: outputs only)")
set(COSIM_USER_PROBE_PORTS "CEN;WEN;A;D" CACHE STRING
    "The psum SRAM's chip enable, write enable, address and write data (active-low enables)")
set(COSIM_USER_INST_W 34 CACHE STRING "Instruction width: 34 (course) or 35 (inst[34] = ReLU pulse)")
option(COSIM_USER_TRACE "Also build VCD and FST traced models of the user's core (make wave RTL=...)" OFF)
option(COSIM_USER_PARAMS "Override the user core's bw, psum_bw, col, row parameters" OFF)

# Cache entries, so the functions work when called from other folders
# (tests/byo): a plain variable here would be empty there.
# (COSIM_PYTHON and COSIM_FILELIST_TOOL are set in cmake/Rtl.cmake.)
set(COSIM_CHECK_IFACE ${CMAKE_SOURCE_DIR}/tools/check_iface.py CACHE INTERNAL "")
set(COSIM_PROBE_TEMPLATE ${COSIM_PROBE_TEMPLATE} CACHE INTERNAL "")

# cosim_add_user_model(<name> FILELIST f [TOP core] [INST_W 34|35] [PARAMS]
#   [PROBE path] [PROBE_PORTS cen wen addr data] [ROWS r] [COLS c]
#   [REGISTRY r] [TRACE | TRACE_FST])
# Checks the core's interface at configure time (tools/check_iface.py: ports,
# widths, the probe path; a mismatch stops configuration with its message),
# then adds the model like cosim_add_model() does, except that Verilator
# warnings are shown but not fatal (a user's RTL is not ours to lint) and the
# core's parameters are overridden only with PARAMS.
function(cosim_add_user_model name)
  cmake_parse_arguments(U "PARAMS;TRACE;TRACE_FST" "FILELIST;TOP;INST_W;PROBE;ROWS;COLS;REGISTRY" "PROBE_PORTS" ${ARGN})
  foreach(v TOP:core INST_W:34 ROWS:${COSIM_ROWS} COLS:${COSIM_COLS} REGISTRY:cosim)
    string(REPLACE ":" ";" kv ${v})
    list(GET kv 0 k)
    list(GET kv 1 d)
    if(NOT DEFINED U_${k} OR U_${k} STREQUAL "")
      set(U_${k} ${d})
    endif()
  endforeach()
  if(NOT U_FILELIST)
    message(FATAL_ERROR "cosim_add_user_model(${name}): FILELIST is required")
  endif()
  get_filename_component(U_FILELIST ${U_FILELIST} ABSOLUTE BASE_DIR ${CMAKE_SOURCE_DIR})
  if(NOT U_PROBE_PORTS)
    set(U_PROBE_PORTS CEN WEN A D)
  endif()
  list(LENGTH U_PROBE_PORTS n)
  if(NOT n EQUAL 4)
    message(FATAL_ERROR "cosim_add_user_model(${name}): PROBE_PORTS needs 4 names "
                        "(chip enable, write enable, address, data), got '${U_PROBE_PORTS}'")
  endif()
  if(NOT U_INST_W MATCHES "^3[45]$")
    message(FATAL_ERROR "cosim_add_user_model(${name}): INST_W must be 34 or 35, not '${U_INST_W}'")
  endif()

  string(REPLACE ";" "," ports_csv "${U_PROBE_PORTS}")
  set(check ${COSIM_PYTHON} ${COSIM_CHECK_IFACE} --filelist ${U_FILELIST} --top ${U_TOP}
      --rows ${U_ROWS} --cols ${U_COLS} --act-w ${COSIM_ACT_W} --psum-w ${COSIM_PSUM_W}
      --inst-w ${U_INST_W} --probe-ports ${ports_csv})
  if(U_PROBE)
    list(APPEND check --probe ${U_PROBE})
  endif()
  if(U_PARAMS)
    list(APPEND check --params)
  endif()
  # The same core checked once per configure (its traced variants share the
  # check), so the Makefile prints one verdict. --deps: every file the check
  # read (sources and their `include files), named by the same key.
  string(MD5 key "${check}")
  set(deps ${CMAKE_BINARY_DIR}/interface_${key}.deps)
  list(APPEND check --deps ${deps})
  get_property(done GLOBAL PROPERTY COSIM_IFACE_CHECKED)
  if(NOT key IN_LIST done)
    set_property(GLOBAL APPEND PROPERTY COSIM_IFACE_CHECKED ${key})
    execute_process(COMMAND ${check} RESULT_VARIABLE rc OUTPUT_VARIABLE out ERROR_VARIABLE out)
    # The Makefile prints this file, so the verdict is the last thing shown.
    file(WRITE ${CMAKE_BINARY_DIR}/interface_${name}.txt "${out}")
    if(NOT rc EQUAL 0)
      message(FATAL_ERROR "cosim_add_user_model(${name}):\n${out}")
    endif()
    message(STATUS "${name}: ${out}")
  endif()
  # Those files re-run the check, and the configure, when they change; so do
  # the user's lists (cosim_read_filelist records them, nested ones too).
  file(STRINGS ${deps} read)
  cosim_read_filelist(rtl ${U_FILELIST})
  set_property(DIRECTORY APPEND PROPERTY CMAKE_CONFIGURE_DEPENDS ${read} ${rtl_SOURCES}
               ${COSIM_CHECK_IFACE})

  set(extra)
  if(NOT U_PARAMS)
    list(APPEND extra NO_PARAMS)
  endif()
  if(U_PROBE)
    list(APPEND extra PROBE ${U_PROBE})
  endif()
  if(U_TRACE)
    list(APPEND extra TRACE)
  elseif(U_TRACE_FST)
    list(APPEND extra TRACE_FST)
  endif()
  cosim_add_model(${name} ROWS ${U_ROWS} COLS ${U_COLS} FILELIST ${U_FILELIST} TOP ${U_TOP}
                  INST_W ${U_INST_W} PROBE_PORTS ${U_PROBE_PORTS} REGISTRY ${U_REGISTRY}
                  ${extra} ARGS -Wno-fatal)
endfunction()
