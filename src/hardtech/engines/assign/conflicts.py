"""Conflicts of interest (FORMAT.md): a pair is barred when the expert's org is the application's org, the expert
is on its team, one of the expert's collaborators is on its team, or the pair is a declared conflict."""

import numpy as np

from .model import Application, Expert, Instance


def conflict_reason(app: Application, expert: Expert, declared: bool = False) -> str | None:
    """Why the expert may not review the application (in Chinese), or None when the pair is allowed."""
    if expert.org and expert.org == app.org:
        return f"专家 {expert.id} 与申报项目 {app.id} 同属单位 {app.org}"
    if expert.person in app.team:
        return f"专家 {expert.id} 是申报项目 {app.id} 的团队成员"
    shared = sorted(expert.collaborators & app.team)
    if shared:
        return f"专家 {expert.id} 与申报项目 {app.id} 的团队成员 {'、'.join(shared)} 有合作关系"
    if declared:
        return f"专家 {expert.id} 声明了与申报项目 {app.id} 的利益冲突"
    return None


def allowed_mask(instance: Instance) -> np.ndarray:
    """One bool per affinity pair: True when no conflict rule bars it."""
    apps, experts, declared = instance.applications, instance.experts, instance.declared
    mask = np.ones(instance.pairs, dtype=bool)
    for n, (a, e) in enumerate(zip(instance.pair_app.tolist(), instance.pair_expert.tolist(), strict=True)):
        app, expert = apps[a], experts[e]
        if (
            (expert.org and expert.org == app.org)
            or expert.person in app.team
            or not expert.collaborators.isdisjoint(app.team)
            or (a, e) in declared
        ):
            mask[n] = False
    return mask
