"""interdict_dependencies(): the external repositories Interdict's library needs.

Both Interdict's own WORKSPACE and a workspace that uses Interdict call it:

    local_repository(name = "interdict", path = "...")   # or an http_archive
    load("@interdict//:repositories.bzl", "interdict_dependencies")
    interdict_dependencies()

Every repository is a thin wrapper over a Debian 12 -dev package (third_party/README.md).
A repository the calling workspace already defines (its own rules_cc or Abseil, say) is
left alone. The wrappers live in this repository's third_party/; their labels and paths
are resolved from this file's repository, so they work from any calling workspace.
"""

def _third_party_directory_impl(repository_ctx):
    # The path of a file of //third_party locates this repository on disk, wherever the
    # calling workspace is (a local_repository path would be relative to that workspace).
    third_party = repository_ctx.path(repository_ctx.attr._third_party_build).dirname
    for child in third_party.get_child(repository_ctx.attr.directory).readdir():
        repository_ctx.symlink(child, child.basename)

# A directory of //third_party that is a repository of its own (WORKSPACE, BUILD files),
# as local_repository would make it.
_third_party_directory = repository_rule(
    implementation = _third_party_directory_impl,
    attrs = {
        "directory": attr.string(mandatory = True, doc = "The directory under third_party/."),
        "_third_party_build": attr.label(default = Label("//third_party:BUILD.bazel")),
    },
    local = True,
)

def _define(name, rule, **kwargs):
    if not native.existing_rule(name):
        rule(name = name, **kwargs)

def interdict_dependencies():
    """Defines the repositories of Interdict's library that are not defined yet."""

    # Bazel 4.2.3 (Debian's bazel-bootstrap) loads these from its own tools/ packages.
    _define("rules_cc", _third_party_directory, directory = "rules_cc")
    _define("rules_java", _third_party_directory, directory = "rules_java")
    _define("remote_coverage_tools", _third_party_directory, directory = "remote_coverage_tools")

    # libabsl-dev (20220623).
    _define("com_google_absl", _third_party_directory, directory = "absl")

    # libprotobuf-dev + protobuf-compiler (3.21.12).
    _define(
        "com_google_protobuf",
        native.new_local_repository,
        build_file = str(Label("//third_party:protobuf.BUILD")),
        path = "/usr",
    )

    # libre2-dev (2022-06-01).
    _define(
        "com_googlesource_code_re2",
        native.new_local_repository,
        build_file = str(Label("//third_party:re2.BUILD")),
        path = "/usr",
    )

    # nlohmann-json3-dev (3.11.2), header-only: JSON of inventories and SBOMs.
    _define(
        "com_github_nlohmann_json",
        native.new_local_repository,
        build_file = str(Label("//third_party:nlohmann_json.BUILD")),
        path = "/usr",
    )
