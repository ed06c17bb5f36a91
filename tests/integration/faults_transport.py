#!/usr/bin/env python3
"""The endpoint's transport faults in a running cwtop: see faults.py."""

import os
import sys

sys.dont_write_bytecode = True  # nothing written into the source tree

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import faults  # noqa: E402

if __name__ == "__main__":
    faults.main("transport")
