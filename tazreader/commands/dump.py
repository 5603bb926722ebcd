"""`tazreader dump` (being built)."""

import argparse
import sys


def run(args: argparse.Namespace) -> int:
    print("tazreader dump: not available yet", file=sys.stderr)
    return 2
