"""`hardtech policy …`: evaluate profiles, run a policy's YAML test cases, list and show policies.

The Django management command only calls `main`; everything here is plain Python.

  hardtech policy evaluate --policy NAME_OR_FILE --profiles PROFILES.jsonl [--year Y] [--out RESULTS.jsonl]
  hardtech policy explain --policy NAME_OR_FILE --profiles PROFILES.jsonl --id ID [--year Y] [--json]
  hardtech policy ready --policy NAME_OR_FILE --profiles PROFILES.jsonl [--year Y] [--out OUT.jsonl]
  hardtech policy test [NAME_OR_FILE]
  hardtech policy list
  hardtech policy show NAME_OR_FILE
"""

import argparse
import json
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from typing import TextIO

from .api import evaluate
from .errors import PolicyError, ProfileError, chinese_number
from .explain import explain
from .loader import list_policies, load_policy
from .results import split_no_application
from .testing import cases_path, run_cases


def read_profiles(path: str, year: int | None) -> tuple[list[dict], list[int]]:
    """Profiles one per line, or {"year", "profile"} lines (examples.jsonl); --year fills in missing years."""
    profiles, years = [], []
    with _open_in(path) as f:
        for n, line in enumerate(f, start=1):
            if not line.strip():
                continue
            try:
                data = json.loads(line)
            except json.JSONDecodeError as e:
                raise ProfileError(f"{path}:{n}: not JSON: {e.msg}") from None
            profile = data["profile"] if isinstance(data.get("profile"), dict) else data
            line_year = data.get("year") if profile is not data else None
            if line_year is None and year is None:
                raise ProfileError(f'{path}:{n}: no year: give --year or write {{"year": Y, "profile": ...}}')
            profiles.append(profile)
            years.append(int(line_year if line_year is not None else year))  # type: ignore[arg-type]
    return profiles, years


@contextmanager
def _open_in(path: str) -> Iterator[TextIO]:
    if path == "-":
        yield sys.stdin
    else:
        with open(path, encoding="utf-8") as f:
            yield f


@contextmanager
def _open_out(path: str) -> Iterator[TextIO]:
    if path == "-":
        yield sys.stdout
    else:
        with open(path, "w", encoding="utf-8") as f:
            yield f


def _write_lines(path: str, rows: list[dict]) -> None:
    with _open_out(path) as out:
        for row in rows:
            out.write(json.dumps(row, ensure_ascii=False) + "\n")


def cmd_evaluate(args: argparse.Namespace) -> int:
    profiles, years = read_profiles(args.profiles, args.year)
    results = evaluate(load_policy(args.policy), profiles, years)
    _write_lines(args.out, [r.to_json() for r in results])
    return 0


def cmd_ready(args: argparse.Namespace) -> int:
    profiles, years = read_profiles(args.profiles, args.year)
    split = split_no_application(evaluate(load_policy(args.policy), profiles, years))
    rows = [
        {
            "id": r.id,
            "year": r.year,
            "ready": True,
            "articles": {a: float(r.articles[a]) for a in r.ready},
            "missing": r.missing,
        }
        for r in split.ready
    ]
    rows += [
        {"id": r.id, "year": r.year, "ready": False, "missing": r.missing}
        for r in split.incomplete
        if not (r.eligible and r.ready)
    ]
    _write_lines(args.out, rows)
    return 0


def cmd_explain(args: argparse.Namespace) -> int:
    profiles, years = read_profiles(args.profiles, args.year)
    found = [(p, y) for p, y in zip(profiles, years, strict=True) if str(p.get("id")) == args.id]
    if not found:
        print(f"no profile with id {args.id} in {args.profiles}", file=sys.stderr)
        return 1
    e = explain(load_policy(args.policy), *found[0])
    print(json.dumps(e.to_json(), ensure_ascii=False, indent=2) if args.json else e.to_text())
    return 0


def cmd_test(args: argparse.Namespace) -> int:
    names = (
        [args.policy] if args.policy else [n for n in list_policies() if cases_path(load_policy(n)).exists()]
    )
    failed = 0
    for name in names:
        cases, failures = run_cases(load_policy(name))
        for case, problems in failures.items():
            print(f"FAIL {name}: {case}")
            for p in problems:
                print(f"    {p}")
        failed += len(failures)
        print(f"{name}: {len(cases) - len(failures)} passed, {len(failures)} failed")
    return 1 if failed else 0


def cmd_list(args: argparse.Namespace) -> int:
    for name in list_policies():
        p = load_policy(name)
        print(
            f"{name}\t{p.title}\t申报年度 {p.first_year}—{p.last_year}\t{len(p.paying_articles)} 条支持条款"
        )
    return 0


def cmd_show(args: argparse.Namespace) -> int:
    p = load_policy(args.policy)
    print(f"{p.title}（{p.name}，{p.source}）")
    print(f"施行 {p.effective}，申报年度 {p.first_year}—{p.last_year}，金额单位 {p.unit}")
    for a in p.articles:
        print(f"\n第{chinese_number(a.number)}条 {a.title}")
        print(a.text)
        for c in a.conditions:
            print(f"  条件：{c.label}")
        for i in a.items:
            caps = (f"，每笔上限 {i.cap_each}" if i.cap_each is not None else "") + (
                f"，上限 {i.cap}" if i.cap is not None else ""
            )
            print(f"  （{chinese_number(i.id)}）{i.label}：{i.amount_text}{caps}")
            for c in i.where:
                print(f"      {c.label}")
        for g in a.groups:
            print(f"  同一事项组：{'、'.join(f'（{chinese_number(x)}）' for x in g)}")
        if a.cap is not None:
            print(f"  本条上限：{a.cap}")
    for param in p.params.values():
        print(
            f"\n参数 {param.label}："
            + "；".join(
                f"{'自 ' + str(v.start) + ' 起' if v.start else '初始'} {v.value}" for v in param.values
            )
        )
    return 0


def parser() -> argparse.ArgumentParser:
    ap = argparse.ArgumentParser(prog="hardtech policy", description="政策计算器（免申即享）")
    sub = ap.add_subparsers(dest="command", required=True)

    def batch(name: str, help_: str) -> argparse.ArgumentParser:
        p = sub.add_parser(name, help=help_)
        p.add_argument("--policy", required=True, help="a shipped policy name (see `list`) or a YAML file")
        p.add_argument(
            "--profiles", required=True, help="JSON Lines: profiles, or {year, profile} lines; - for stdin"
        )
        p.add_argument("--year", type=int, help="application year Y, unless each line gives its own")
        return p

    batch("evaluate", "results for every profile (FORMAT.md)").add_argument("--out", default="-")
    batch("ready", "免申即享: who is paid on complete data, who must supply what").add_argument(
        "--out", default="-"
    )
    ex = batch("explain", "explain one applicant's result")
    ex.add_argument("--id", required=True)
    ex.add_argument("--json", action="store_true")
    sub.add_parser("test", help="run a policy's YAML test cases").add_argument("policy", nargs="?")
    sub.add_parser("list", help="shipped policies")
    sub.add_parser("show", help="a policy's articles, items and parameters").add_argument("policy")
    return ap


COMMANDS = {
    "evaluate": cmd_evaluate,
    "ready": cmd_ready,
    "explain": cmd_explain,
    "test": cmd_test,
    "list": cmd_list,
    "show": cmd_show,
}


def main(argv: list[str]) -> int:
    args = parser().parse_args(argv)
    try:
        return COMMANDS[args.command](args)
    except (PolicyError, ProfileError, OSError) as e:
        print(f"error: {e}", file=sys.stderr)
        return 2


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
