# The sources of Interdict's CMake build, found as Bazel's BUILD files list them: every
# .cc of the library's packages but the tests, the generated protobuf code of
# proto/interdict/v1, the catalog's textprotos. Included by /CMakeLists.txt.

file(GLOB INTERDICT_SOURCES CONFIGURE_DEPENDS
  "${CMAKE_CURRENT_SOURCE_DIR}/policy/*.cc"
  "${CMAKE_CURRENT_SOURCE_DIR}/policy/internal/*.cc"
  "${CMAKE_CURRENT_SOURCE_DIR}/policy/inventory/*.cc"
  "${CMAKE_CURRENT_SOURCE_DIR}/policy/inventory/internal/*.cc")
list(FILTER INTERDICT_SOURCES EXCLUDE REGEX "_test\\.cc$")

# Public headers, installed with their directories: what policy/interdict.h,
# policy/inventory/inventory.h and c/interdict_c.h include.
file(GLOB INTERDICT_POLICY_HEADERS CONFIGURE_DEPENDS "${CMAKE_CURRENT_SOURCE_DIR}/policy/*.h")
set(INTERDICT_CATALOG_HEADERS "${CMAKE_CURRENT_SOURCE_DIR}/policy/catalog/bundled_catalog.h")
set(INTERDICT_INVENTORY_HEADERS "${CMAKE_CURRENT_SOURCE_DIR}/policy/inventory/inventory.h")
set(INTERDICT_C_HEADERS "${CMAKE_CURRENT_SOURCE_DIR}/c/interdict_c.h")

file(GLOB INTERDICT_CATALOG_FILES CONFIGURE_DEPENDS "${CMAKE_CURRENT_SOURCE_DIR}/policy/catalog/*.textproto")

file(GLOB INTERDICT_COMMAND_SOURCES CONFIGURE_DEPENDS "${CMAKE_CURRENT_SOURCE_DIR}/tools/interdict/*.cc")
list(FILTER INTERDICT_COMMAND_SOURCES EXCLUDE REGEX "_test\\.cc$")
list(APPEND INTERDICT_COMMAND_SOURCES "${CMAKE_CURRENT_SOURCE_DIR}/policy/catalog/catalog_table.cc")

# interdict.v1, generated as Bazel's proto_library (strip_import_prefix "/proto") does:
# "interdict/v1/policy.pb.h" under INTERDICT_PROTO_OUT.
set(INTERDICT_PROTO_OUT "${CMAKE_CURRENT_BINARY_DIR}/proto")
file(GLOB INTERDICT_PROTO_FILES CONFIGURE_DEPENDS "${CMAKE_CURRENT_SOURCE_DIR}/proto/interdict/v1/*.proto")
set(INTERDICT_PROTO_SOURCES "")
set(INTERDICT_PROTO_HEADERS "")
foreach(_proto IN LISTS INTERDICT_PROTO_FILES)
  get_filename_component(_name "${_proto}" NAME_WE)
  list(APPEND INTERDICT_PROTO_SOURCES "${INTERDICT_PROTO_OUT}/interdict/v1/${_name}.pb.cc")
  list(APPEND INTERDICT_PROTO_HEADERS "${INTERDICT_PROTO_OUT}/interdict/v1/${_name}.pb.h")
endforeach()
add_custom_command(
  OUTPUT ${INTERDICT_PROTO_SOURCES} ${INTERDICT_PROTO_HEADERS}
  COMMAND "${CMAKE_COMMAND}" -E make_directory "${INTERDICT_PROTO_OUT}"
  COMMAND protobuf::protoc "--proto_path=${CMAKE_CURRENT_SOURCE_DIR}/proto"
          "--proto_path=${Protobuf_INCLUDE_DIR}" "--cpp_out=${INTERDICT_PROTO_OUT}"
          ${INTERDICT_PROTO_FILES}
  DEPENDS ${INTERDICT_PROTO_FILES} protobuf::protoc
  COMMENT "Generating the C++ code of interdict.v1"
  VERBATIM)
