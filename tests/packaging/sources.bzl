"""source_files: the source files of this repository that targets are built from.

The CMake build reads the same files as the Bazel targets it mirrors; a test of it
depends on them through this rule, so that its runfiles hold exactly those files (and
its cached result goes stale when one changes), without building the targets.
"""

_ATTRIBUTES = ["srcs", "hdrs", "textual_hdrs", "additional_linker_inputs", "deps", "tools"]

SourceFilesInfo = provider(fields = {"files": "depset of this repository's source files"})

def _attribute_values(rule_attr, name):
    value = getattr(rule_attr, name, None)
    if value == None:
        return []
    if type(value) == "list":
        return value
    return [value]

def _source_files_aspect_impl(target, ctx):
    direct = []
    transitive = []
    for name in _ATTRIBUTES:
        for value in _attribute_values(ctx.rule.attr, name):
            if type(value) != "Target":
                continue
            if SourceFilesInfo in value:
                transitive.append(value[SourceFilesInfo].files)
            direct += [f for f in value.files.to_list() if f.is_source and not f.owner.workspace_root]
    return [SourceFilesInfo(files = depset(direct, transitive = transitive))]

_source_files_aspect = aspect(
    implementation = _source_files_aspect_impl,
    attr_aspects = _ATTRIBUTES,
)

def _source_files_impl(ctx):
    files = depset(ctx.files.srcs, transitive = [t[SourceFilesInfo].files for t in ctx.attr.targets])
    return [DefaultInfo(files = files, runfiles = ctx.runfiles(transitive_files = files))]

source_files = rule(
    implementation = _source_files_impl,
    attrs = {
        "targets": attr.label_list(
            aspects = [_source_files_aspect],
            doc = "Targets whose sources (and their dependencies' in this repository) to collect.",
        ),
        "srcs": attr.label_list(allow_files = True, doc = "Further files, as they are."),
    },
    doc = "The source files of this repository that `targets` are built from, and `srcs`.",
)
