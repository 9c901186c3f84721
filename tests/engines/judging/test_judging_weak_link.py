"""A track tied to the others by a handful of scores: in this generated competition the 29 aerospace entries are
scored by 7 judges who judge nothing else and by 5 shared judges who each scored just one of them. Free
leniency and scale let those five scores set the whole track's level; with the judges' parameters drawn from
the panel's (the default), the track keeps its place and the engine stays above the raw mean."""

from hardtech.engines.judging import parse, rank
from hardtech.engines.judging.baselines import raw_mean
from hardtech.engines.judging.generate import Spec, competition
from hardtech.engines.judging.measures import order, spearman
from hardtech.engines.judging.model import Options, fit


def test_weakly_linked_track_keeps_its_level():
    data, truth = competition(Spec(entries=200, judges=40, per_entry=5, awards=15, seed=122))
    inst = parse(data)
    engine = spearman(rank(inst).ranking, truth)
    free = spearman(order(inst.entries, fit(inst, Options(judge_prior=False)).quality), truth)
    assert engine > spearman(order(inst.entries, raw_mean(inst)), truth)
    assert engine > 0.96 > free
