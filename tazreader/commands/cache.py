"""`tazreader cache` (being built)."""

import argparse
import sys


def run(args: argparse.Namespace) -> int:
    print("tazreader cache: not available yet", file=sys.stderr)
    return 2
