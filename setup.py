"""setup.py of the Python module `interdict` (python/README.md): `pip install .` builds
the extension interdict._interdict with CMake (python/CMakeLists.txt), against an
installed Interdict found through CMAKE_PREFIX_PATH or, without one, the library built
from this source tree. Metadata is in pyproject.toml.

Offline, on Debian 12 (PEP 668 keeps pip out of the system Python; build isolation
would download setuptools):

    apt-get install cmake g++ python3-dev python3-venv pybind11-dev libabsl-dev \
        libprotobuf-dev protobuf-compiler libre2-dev nlohmann-json3-dev
    python3 -m venv --system-site-packages /tmp/venv
    /tmp/venv/bin/pip install --no-build-isolation .

Environment: CMAKE_PREFIX_PATH (an installed Interdict), CMAKE_BUILD_PARALLEL_LEVEL (jobs;
default: every CPU), INTERDICT_CMAKE_ARGS (more -D arguments for CMake).
"""

import os
import shlex
import subprocess
import sys

from setuptools import Extension, setup
from setuptools.command.build_ext import build_ext

ROOT = os.path.dirname(os.path.abspath(__file__))


class CMakeExtension(Extension):
    """An extension CMake builds from `source_dir` (no sources of setuptools' own)."""

    def __init__(self, name, source_dir):
        super().__init__(name, sources=[])
        self.source_dir = source_dir


class CMakeBuild(build_ext):
    """Configures and builds the CMake project of each extension into build_temp."""

    def build_extension(self, ext):
        output = os.path.dirname(os.path.abspath(self.get_ext_fullpath(ext.name)))
        build_temp = os.path.abspath(os.path.join(self.build_temp, ext.name))
        os.makedirs(build_temp, exist_ok=True)
        configure = [
            "cmake",
            "-S", ext.source_dir,
            "-B", build_temp,
            "-DCMAKE_BUILD_TYPE=Release",
            f"-DPython_EXECUTABLE={sys.executable}",
            f"-DINTERDICT_PYTHON_OUTPUT_DIR={output}",
        ] + shlex.split(os.environ.get("INTERDICT_CMAKE_ARGS", ""))
        jobs = os.environ.get("CMAKE_BUILD_PARALLEL_LEVEL") or str(os.cpu_count() or 1)
        build = ["cmake", "--build", build_temp, "--target", "interdict_python", "--parallel", jobs]
        for command in (configure, build):
            print(" ".join(shlex.quote(part) for part in command), flush=True)
            subprocess.run(command, check=True)


setup(
    ext_modules=[CMakeExtension("interdict._interdict", os.path.join(ROOT, "python"))],
    cmdclass={"build_ext": CMakeBuild},
)
