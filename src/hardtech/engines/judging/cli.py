"""`hardtech rank-entries --instance FILE --out FILE`: rank a competition's entries (../shared/judging/FORMAT.md).

The Django management command only calls `main`; everything here is plain Python. Exit status 2 on bad input,
with the problem on stderr.
"""

import argparse
import json
import sys

from .errors import InstanceError
from .instance import load
from .rank import rank


def parser() -> argparse.ArgumentParser:
    ap = argparse.ArgumentParser(
        prog="hardtech rank-entries", description="评审排名：校准评委差异后的参赛项目排名"
    )
    ap.add_argument("--instance", required=True, help="the instance (FORMAT.md)")
    ap.add_argument("--out", default="-", help="the answer file; - for stdout")
    return ap


def main(argv: list[str]) -> int:
    args = parser().parse_args(argv)
    try:
        answer = rank(load(args.instance)).to_json()
    except (InstanceError, OSError) as e:
        print(f"error: {e}", file=sys.stderr)
        return 2
    text = json.dumps(answer, ensure_ascii=False, indent=1) + "\n"
    if args.out == "-":
        sys.stdout.write(text)
    else:
        try:
            with open(args.out, "w", encoding="utf-8") as f:
                f.write(text)
        except OSError as e:
            print(f"error: {e}", file=sys.stderr)
            return 2
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
