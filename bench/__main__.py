"""`python -m bench NAME [options]`: run one benchmark module's `main(argv)`."""

import importlib
import sys

NAMES = ("queries", "memory", "ingest", "quotes", "dedupe", "groundtruth", "realnews", "languages", "export",
         "syndication")


def main(argv: list[str]) -> int:
    if not argv or argv[0] not in NAMES:
        print(f"usage: python -m bench {{{','.join(NAMES)}}} [options]", file=sys.stderr)
        return 2
    try:
        module = importlib.import_module(f"bench.{argv[0]}")
    except ModuleNotFoundError as exc:
        print(f"bench {argv[0]}: not available ({exc})", file=sys.stderr)
        return 2
    return int(module.main(argv[1:]) or 0)


sys.exit(main(sys.argv[1:]))
