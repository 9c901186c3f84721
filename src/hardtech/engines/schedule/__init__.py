"""Meeting schedule of a matchmaking event (对接会 1:1 洽谈排程): accepted requests into slots — both sides
available, one meeting per participant per slot, at most `tables` per slot, each participant's maximum — at the
highest total weight found, then a table for each meeting, the reason for each request left out, and re-planning
on the day with as few moves as possible.

    instance = parse_instance(json.load(f))          # ../shared/meetings/FORMAT.md; InstanceError names the field
    plan = schedule(instance)                        # Plan: meetings, tables, total, bound, unplaced
    plan.to_json()                                   # {"meetings": [[a, b, slot], …]} (FORMAT.md)
    replan = reschedule(instance, plan, Changes(now="S05", late={"P7": "S07"}))

Pure Python (OR-Tools min-cost flow, scipy for tables and the exact reference); nothing here imports Django.
"""

from .errors import InstanceError
from .model import Instance, Participant, Request, Slot, parse_instance
from .reschedule import Changes, Replan, reschedule
from .result import Plan, Unplaced
from .solve import Options, greedy, schedule

__all__ = [
    "Changes",
    "Instance",
    "InstanceError",
    "Options",
    "Participant",
    "Plan",
    "Replan",
    "Request",
    "Slot",
    "Unplaced",
    "greedy",
    "parse_instance",
    "reschedule",
    "schedule",
]
