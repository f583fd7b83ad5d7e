"""Ships the top-level ``resources/`` and ``icons/`` inside the wheel.

They live at the top of the repository (where people look for them) and are copied into
``planner/_data/`` at build time; ``planner.paths`` finds them in either place.
"""

import shutil
from pathlib import Path

from setuptools import setup
from setuptools.command.build_py import build_py

HERE = Path(__file__).parent


class BuildWithData(build_py):
    def run(self) -> None:
        super().run()
        target = Path(self.build_lib) / "planner" / "_data"
        for name in ("resources", "icons"):
            dest = target / name
            if dest.exists():
                shutil.rmtree(dest)
            shutil.copytree(HERE / name, dest)


setup(cmdclass={"build_py": BuildWithData})
