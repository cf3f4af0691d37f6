// File: fuzz/fuzz_check.h
// -----------------------------------------------------------------------------
//
// FUZZ_CHECK, the fuzz targets' assertion: an invariant that must hold for every input.
// A broken one prints what broke and aborts, which libFuzzer records as a crash (and
// saves the input) and which fails the replay test; unlike assert(), NDEBUG (set by
// --compilation_mode=opt) does not remove it.
//
// Example:
//
//   FUZZ_CHECK(again.ToString() == canonical, absl::StrCat("canonical form moved: ", canonical));
//
// `detail` is evaluated only when the check fails.

#ifndef INTERDICT_FUZZ_FUZZ_CHECK_H_
#define INTERDICT_FUZZ_FUZZ_CHECK_H_

#include <cstdio>
#include <cstdlib>
#include <string>

#define FUZZ_CHECK(condition, detail)                                                     \
  do {                                                                                    \
    if (!(condition)) {                                                                   \
      const std::string fuzz_check_detail{detail};                                        \
      std::fprintf(stderr, "%s:%d: invariant failed: %s: %s\n", __FILE__, __LINE__,       \
                   #condition, fuzz_check_detail.c_str());                                \
      std::abort();                                                                       \
    }                                                                                     \
  } while (false)

#endif  // INTERDICT_FUZZ_FUZZ_CHECK_H_
