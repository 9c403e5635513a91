"""Builds exertrack._core with the repository's CMake build (python/CMakeLists.txt).

`pip install --no-build-isolation ./python` runs this in place (pip builds
a local directory in-tree), so the C++ sources are the checkout's, one
directory up. Nothing is downloaded: CMake finds Debian's pybind11-dev and
the libraries scripts/install-deps.sh installs.

EXERTRACK_CMAKE_BUILD_DIR=DIR reuses a build tree configured with
-DEXERTRACK_PYTHON=ON (scripts/test.sh builds the extension with everything
else, so CI compiles the libraries once); otherwise a build tree of its own
under python/build/ is configured with the interpreter running this.
EXERTRACK_CMAKE_ARGS adds configure arguments (e.g. a ccache launcher).
"""

import os
import re
import shlex
import shutil
import subprocess
import sys
from pathlib import Path

from setuptools import Extension, setup
from setuptools.command.build_ext import build_ext
from setuptools.command.build_py import build_py

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent


def version() -> str:
    # The project's one version, project(VERSION) in the top-level CMakeLists.txt.
    text = (ROOT / "CMakeLists.txt").read_text()
    return re.search(r"project\(exertrack VERSION ([0-9.]+)", text).group(1)


class CMakeBuild(build_ext):
    def build_extension(self, ext: Extension) -> None:
        given = os.environ.get("EXERTRACK_CMAKE_BUILD_DIR")
        build = Path(given) if given else Path(self.build_temp).resolve() / "cmake"
        if not given:
            args = [
                "cmake", "-S", str(ROOT), "-B", str(build),
                "-DCMAKE_BUILD_TYPE=Release", "-DEXERTRACK_PYTHON=ON", "-DEXERTRACK_BENCH=OFF", "-DEXERTRACK_WEB=OFF",
                f"-DPython_EXECUTABLE={sys.executable}",
            ]
            if shutil.which("ccache"):
                args.append("-DCMAKE_CXX_COMPILER_LAUNCHER=ccache")
            args += shlex.split(os.environ.get("EXERTRACK_CMAKE_ARGS", ""))
            subprocess.run(args, check=True, stdout=subprocess.DEVNULL)
        jobs = str(os.cpu_count() or 1)
        subprocess.run(["cmake", "--build", str(build), "--target", "_core", "-j", jobs], check=True)
        built = sorted((build / "python").glob("_core*.so"))
        if not built:
            raise RuntimeError(f"no _core*.so in {build / 'python'} (configured without -DEXERTRACK_PYTHON=ON?)")
        target = Path(self.get_ext_fullpath(ext.name))
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(built[0], target)


class BuildPy(build_py):
    """Also installs the shipped model as package data, so Model.load() works from anywhere."""

    def run(self) -> None:
        super().run()
        dest = Path(self.build_lib) / "exertrack" / "models" / "next-session"
        dest.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(ROOT / "models" / "next-session" / "forecast.json", dest / "forecast.json")


setup(
    version=version(),
    ext_modules=[Extension("exertrack._core", sources=[])],
    cmdclass={"build_ext": CMakeBuild, "build_py": BuildPy},
)
