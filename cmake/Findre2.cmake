# Findre2: the target re2::re2, from RE2's own re2Config.cmake where it is installed,
# otherwise from its pkg-config file re2.pc (Debian 12's libre2-dev ships only that).
find_package(re2 CONFIG QUIET)
if(re2_FOUND)
  return()
endif()

find_package(PkgConfig QUIET)
if(PKG_CONFIG_FOUND)
  pkg_check_modules(PC_RE2 QUIET IMPORTED_TARGET GLOBAL re2)
endif()

include(FindPackageHandleStandardArgs)
find_package_handle_standard_args(re2 REQUIRED_VARS PC_RE2_LINK_LIBRARIES VERSION_VAR PC_RE2_VERSION)

if(re2_FOUND AND NOT TARGET re2::re2)
  add_library(re2::re2 INTERFACE IMPORTED)
  target_link_libraries(re2::re2 INTERFACE PkgConfig::PC_RE2)
endif()
