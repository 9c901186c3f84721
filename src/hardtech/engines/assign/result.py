"""What the engine answers: an assignment, or why none exists (FORMAT.md and the issue's infeasible answer)."""

from dataclasses import dataclass, field
from typing import Any

from .model import Instance


@dataclass
class Assignment:
    instance: Instance
    pairs: list[tuple[int, int]]  # (application, expert) positions, in instance order
    total: float  # total affinity
    notes: list[str] = field(default_factory=list)  # e.g. the fairness option's cost, the sampled pair cap
    floor_bound: float | None = (
        None  # fairness option: no assignment within the loss has a higher weakest total
    )

    def to_json(self) -> dict[str, Any]:
        return {"assignment": self.instance.ids(self.pairs)}

    def per_application(self) -> list[float]:
        score = pair_scores(self.instance)
        totals = [0.0] * len(self.instance.applications)
        for a, e in self.pairs:
            totals[a] += score[(a, e)]
        return totals


@dataclass
class Uncovered:
    application: str
    allowed_experts: int
    needed: int


@dataclass
class Infeasible:
    uncovered: list[Uncovered]
    reason: str

    def to_json(self) -> dict[str, Any]:
        return {
            "infeasible": True,
            "uncovered": [
                {"application": u.application, "allowed_experts": u.allowed_experts, "needed": u.needed}
                for u in self.uncovered
            ],
            "reason": self.reason,
        }


def pair_scores(instance: Instance) -> dict[tuple[int, int], float]:
    return dict(
        zip(
            zip(instance.pair_app.tolist(), instance.pair_expert.tolist(), strict=True),
            instance.pair_score.tolist(),
            strict=True,
        )
    )
