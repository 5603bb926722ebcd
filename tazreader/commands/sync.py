"""`tazreader sync` (being built)."""

import argparse
import sys


def run(args: argparse.Namespace) -> int:
    print("tazreader sync: not available yet", file=sys.stderr)
    return 2
