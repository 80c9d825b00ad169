"""python -m bench run --size N [--baseline REV] | generate --size N | task NAME ARGS…"""

from __future__ import annotations

import argparse
import sys


def main() -> None:
    if len(sys.argv) > 1 and sys.argv[1] == "task":
        from .tasks import main as task_main

        task_main(sys.argv[2:])
        return
    parser = argparse.ArgumentParser(prog="python -m bench")
    sub = parser.add_subparsers(dest="command", required=True)
    run_p = sub.add_parser("run", help="generate data if missing, measure, write results")
    run_p.add_argument("--size", type=int, default=100_000)
    run_p.add_argument("--no-peer", action="store_true", help="skip Translate Toolkit")
    run_p.add_argument("--matcher-queries", type=int, default=None)
    run_p.add_argument("--baseline", metavar="REV", default=None,
                       help="also run the tm_tool tasks with the code of this commit, "
                       "interleaved, and print the ratios")
    gen_p = sub.add_parser("generate", help="only generate the data")
    gen_p.add_argument("--size", type=int, default=100_000)
    args = parser.parse_args()
    if args.command == "generate":
        from pathlib import Path

        from .generate import generate

        print(generate(args.size, Path(__file__).parent / "data" / str(args.size)))
        return
    from .run import run

    path = run(args.size, peer=not args.no_peer, matcher_queries=args.matcher_queries,
               baseline=args.baseline)
    print(path.read_text(encoding="utf-8"))
    print(f"written to {path} (and .json)")


main()
