"""Start the reader (being built)."""

import argparse
import sys


def run(args: argparse.Namespace) -> int:
    print("tazreader: the reader is not available yet", file=sys.stderr)
    return 2
