"""The notebook-style example examples/python/check_inventory.py runs and finds the bans."""

import os
import subprocess
import sys

from conftest import EXAMPLES


def test_example_script_runs():
    script = EXAMPLES / "python" / "check_inventory.py"
    env = dict(os.environ, PYTHONPATH=os.pathsep.join(sys.path))
    run = subprocess.run([sys.executable, str(script)], capture_output=True, text=True, env=env, timeout=120)
    assert run.returncode == 0, run.stderr
    assert "denied to run" in run.stdout
    assert "TikTok" in run.stdout and "us.omb.m-23-13" in run.stdout
    assert "Anti-Virus SDK" in run.stdout  # An SBOM component, evaluated as a record of its own.
