"""interdict_fuzz_target: a libFuzzer target and the test that replays its inputs."""

def interdict_fuzz_target(name, srcs, deps = [], local_defines = []):
    """Defines a fuzz target `name` from sources that define LLVMFuzzerTestOneInput.

    Three targets come of it:
      <name>_lib          the sources, compiled once per configuration;
      <name>_replay_test  a cc_test linking them with replay_main.cc, which runs them on
                          every file of corpus/<name>/ and regressions/<name>/, so that
                          `bazel test //...` replays the inputs under the default gcc
                          toolchain and --config=asan replays them under its sanitizers;
      <name>              the libFuzzer binary: `manual` (so `//...` does not build it with
                          gcc, which has no libFuzzer) and tagged `libfuzzer`, the tag
                          scripts/fuzz.sh builds with --config=fuzz (clang).

    Args:
      name: the target's name, also its corpus directory's.
      srcs: sources, one of them defining LLVMFuzzerTestOneInput.
      deps: their dependencies.
      local_defines: defines for the sources (one source, several targets).
    """
    native.cc_library(
        name = name + "_lib",
        testonly = True,
        srcs = srcs,
        local_defines = local_defines,
        deps = deps,
        # LLVMFuzzerTestOneInput is referenced only by the fuzzing engine or replay_main.
        alwayslink = True,
    )

    inputs = ["corpus/" + name]
    data = native.glob(["corpus/%s/**" % name])
    regressions = native.glob(["regressions/%s/**" % name])
    if regressions:
        inputs.append("regressions/" + name)
        data += regressions
    native.cc_test(
        name = name + "_replay_test",
        size = "small",
        # Paths from the test's working directory, the workspace's runfiles root.
        args = ["%s/%s" % (native.package_name(), directory) for directory in inputs],
        data = data,
        deps = [
            ":" + name + "_lib",
            ":replay_main",
        ],
    )

    native.cc_binary(
        name = name,
        testonly = True,
        linkopts = ["-fsanitize=fuzzer"],
        tags = [
            "libfuzzer",
            "manual",
        ],
        deps = [":" + name + "_lib"],
    )
