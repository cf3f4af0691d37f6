# Installs Interdict as RE2 and Abseil install themselves: the libraries, the public
# headers (under include/interdict/, see INTERDICT_INSTALL_INCLUDEDIR), the protos, a
# CMake package (find_package(Interdict): InterdictConfig.cmake, its version file, the
# exported targets) and pkg-config files (interdict.pc, interdict_c.pc), and the
# interdict command when it is built. Included by /CMakeLists.txt when INTERDICT_INSTALL.
include(CMakePackageConfigHelpers)

set(INTERDICT_CMAKE_DIR "${CMAKE_INSTALL_LIBDIR}/cmake/Interdict")

install(TARGETS interdict interdict_c EXPORT InterdictTargets)
if(INTERDICT_BUILD_TOOLS)
  install(TARGETS interdict_command)
endif()
install(EXPORT InterdictTargets NAMESPACE Interdict:: DESTINATION "${INTERDICT_CMAKE_DIR}")

install(FILES ${INTERDICT_POLICY_HEADERS} DESTINATION "${INTERDICT_INSTALL_INCLUDEDIR}/policy")
install(FILES ${INTERDICT_CATALOG_HEADERS} DESTINATION "${INTERDICT_INSTALL_INCLUDEDIR}/policy/catalog")
install(FILES ${INTERDICT_INVENTORY_HEADERS} DESTINATION "${INTERDICT_INSTALL_INCLUDEDIR}/policy/inventory")
install(FILES ${INTERDICT_C_HEADERS} DESTINATION "${INTERDICT_INSTALL_INCLUDEDIR}/c")
install(FILES ${INTERDICT_PROTO_HEADERS} ${INTERDICT_PROTO_FILES}
  DESTINATION "${INTERDICT_INSTALL_INCLUDEDIR}/interdict/v1")

configure_package_config_file(cmake/InterdictConfig.cmake.in
  "${CMAKE_CURRENT_BINARY_DIR}/InterdictConfig.cmake"
  INSTALL_DESTINATION "${INTERDICT_CMAKE_DIR}")
# 0.x: a minor release may change the API.
write_basic_package_version_file("${CMAKE_CURRENT_BINARY_DIR}/InterdictConfigVersion.cmake"
  COMPATIBILITY SameMinorVersion)
install(FILES
  "${CMAKE_CURRENT_BINARY_DIR}/InterdictConfig.cmake"
  "${CMAKE_CURRENT_BINARY_DIR}/InterdictConfigVersion.cmake"
  cmake/Findre2.cmake
  DESTINATION "${INTERDICT_CMAKE_DIR}")

# interdict.pc requires the pkg-config modules of the libraries the headers use;
# libinterdict_c.so carries its dependencies itself.
list(TRANSFORM INTERDICT_ABSL_LIBRARIES PREPEND "absl_" OUTPUT_VARIABLE _absl_modules)
list(JOIN _absl_modules " " INTERDICT_PC_ABSL_MODULES)
configure_file(cmake/interdict.pc.in "${CMAKE_CURRENT_BINARY_DIR}/interdict.pc" @ONLY)
configure_file(cmake/interdict_c.pc.in "${CMAKE_CURRENT_BINARY_DIR}/interdict_c.pc" @ONLY)
install(FILES "${CMAKE_CURRENT_BINARY_DIR}/interdict.pc" "${CMAKE_CURRENT_BINARY_DIR}/interdict_c.pc"
  DESTINATION "${CMAKE_INSTALL_LIBDIR}/pkgconfig")
