"""The working schedule of the solvers: which slot each request sits in, who is busy when, slot loads; with an
undo log so that a tentative chain of moves can be taken back, and the moves that keep the schedule valid.

Moves (each keeps every rule of FORMAT.md): place a request in a slot both sides have free; relocate a meeting
to another free slot to clear the way; a Kempe chain (swap the two slots along the path of meetings that
alternate between them); eject meetings for a heavier request and place them again elsewhere when possible.
Meetings marked `locked` (already held, or confirmed and not to be moved) never move; slots outside `open_mask`
(already past) take no new meeting.
"""

from .model import Instance

EPS = 1e-9
MAX_CHAIN = 60  # longest Kempe chain tried


class State:
    def __init__(self, inst: Instance, open_mask: int | None = None):
        self.inst = inst
        n, S = len(inst.participants), inst.n_slots
        self.S = S
        self.T = inst.tables
        self.ra = [r.a for r in inst.requests]
        self.rb = [r.b for r in inst.requests]
        self.w = [r.weight for r in inst.requests]
        self.cap = [inst.cap(p) for p in range(n)]
        self.open_mask = (1 << S) - 1 if open_mask is None else open_mask
        self.common = [[s for s in slots if self.open_mask >> s & 1] for slots in inst.common_slots]
        self.busy = [[-1] * S for _ in range(n)]
        self.cnt = [0] * n
        self.load = [0] * S
        self.members: list[set[int]] = [set() for _ in range(S)]
        self.slot_of = [-1] * len(inst.requests)
        self.locked = [False] * len(inst.requests)
        self.log: list[tuple[int, int]] = []
        self.total = 0.0
        # The requests of each participant, heaviest first.
        self.incident: list[list[int]] = [[] for _ in range(n)]
        for r in sorted(range(len(inst.requests)), key=lambda r: -self.w[r]):
            self.incident[self.ra[r]].append(r)
            self.incident[self.rb[r]].append(r)
        self.bound: float | None = None  # set by the solver when it has one

    # ---- basic operations -------------------------------------------------------------------------------
    def put(self, r: int, s: int) -> None:
        old = self.slot_of[r]
        if old == s:
            return
        self.log.append((r, old))
        self._set(r, old, s)

    def _set(self, r: int, old: int, s: int) -> None:
        a, b = self.ra[r], self.rb[r]
        if old >= 0:
            self.busy[a][old] = self.busy[b][old] = -1
            self.load[old] -= 1
            self.members[old].discard(r)
            if s < 0:
                self.cnt[a] -= 1
                self.cnt[b] -= 1
                self.total -= self.w[r]
        elif s >= 0:
            self.cnt[a] += 1
            self.cnt[b] += 1
            self.total += self.w[r]
        if s >= 0:
            self.busy[a][s] = self.busy[b][s] = r
            self.load[s] += 1
            self.members[s].add(r)
        self.slot_of[r] = s

    def mark(self) -> int:
        return len(self.log)

    def undo(self, mark: int) -> None:
        while len(self.log) > mark:
            r, old = self.log.pop()
            self._set(r, self.slot_of[r], old)

    def meetings(self) -> list[tuple[int, int]]:
        return [(r, s) for r, s in enumerate(self.slot_of) if s >= 0]

    def has_room(self, r: int) -> bool:
        return self.cnt[self.ra[r]] < self.cap[self.ra[r]] and self.cnt[self.rb[r]] < self.cap[self.rb[r]]

    # ---- moves --------------------------------------------------------------------------------------------
    def free_slots(self, r: int, avoid: int = -1) -> list[int]:
        ba, bb, load, T = self.busy[self.ra[r]], self.busy[self.rb[r]], self.load, self.T
        return [s for s in self.common[r] if s != avoid and ba[s] < 0 and bb[s] < 0 and load[s] < T]

    def place_direct(self, r: int) -> bool:
        free = self.free_slots(r)
        if not free:
            return False
        self.put(r, min(free, key=self.load.__getitem__))
        return True

    def relocate(self, q: int, avoid: int = -1) -> bool:
        """Move meeting q to another slot where both sides are free and a table is left."""
        if self.locked[q]:
            return False
        free = self.free_slots(q, avoid)
        if not free:
            return False
        self.put(q, min(free, key=self.load.__getitem__))
        return True

    def insert(self, r: int, kempe: bool = True) -> bool:
        """Place unscheduled request r (both sides below their maximum) by moving other meetings if needed,
        never removing one; the fewest moves first. False (and nothing changed) when no such way is found."""
        if self.place_direct(r):
            return True
        if self._insert_relocating(r):
            return True
        return kempe and self._insert_kempe(r)

    def _insert_relocating(self, r: int) -> bool:
        a, b = self.ra[r], self.rb[r]
        order = sorted(self.common[r], key=lambda s: (self.busy[a][s] >= 0) + (self.busy[b][s] >= 0))
        for s in order:
            mark = self.mark()
            if self._relocate_for(r, s):
                return True
            self.undo(mark)
        return False

    def chain(self, start: int, s1: int, s2: int) -> list[int] | None:
        """The meetings alternating s1, s2, s1, … from participant `start` (which is free in s2); None when
        one of them cannot switch (locked, or a side unavailable in the other slot) or the chain is too long."""
        path, p, s, other = [], start, s1, s2
        for _ in range(MAX_CHAIN):
            q = self.busy[p][s]
            if q < 0:
                return path
            if self.locked[q] or other not in self.common[q]:
                return None
            path.append(q)
            p = self.rb[q] if self.ra[q] == p else self.ra[q]
            s, other = other, s
        return None

    def _insert_kempe(self, r: int) -> bool:
        a, b, T = self.ra[r], self.rb[r], self.T
        best = None
        ends = [(a, b), (b, a)]
        for s1 in self.common[r]:
            for s2 in self.common[r]:
                if s1 == s2:
                    continue
                for x, y in ends:  # x free in s1, y free in s2: the chain from y in s1 frees y in s1
                    if self.busy[x][s1] >= 0 or self.busy[y][s2] >= 0:
                        continue
                    path = self.chain(y, s1, s2)
                    if path is None or (best is not None and len(path) >= len(best[0])):
                        continue
                    if any(x in (self.ra[q], self.rb[q]) for q in path):
                        continue
                    odd = len(path) % 2
                    if (odd and self.load[s2] >= T) or (not odd and self.load[s1] >= T):
                        continue
                    best = (path, s1, s2)
        if best is None:
            return False
        self._apply_chain(r, *best)
        return True

    def _apply_chain(self, r: int, path: list[int], s1: int, s2: int) -> None:
        # Move s1-meetings out first, so that the busy table never holds two meetings of one participant.
        for q in path[0::2]:
            self.put(q, -1)
        for q in path[1::2]:
            self.put(q, s1)
        for q in path[0::2]:
            self.put(q, s2)
        self.put(r, s1)

    def insert_fewest_moves(self, r: int) -> bool:
        """Place unscheduled r moving as few other meetings as the moves here allow: a free slot (none), one
        blocking meeting relocated or a one-meeting Kempe chain (one), … up to the shortest Kempe chain.
        For re-planning on the day, where every moved meeting is a phone call."""
        if self.place_direct(r):
            return True
        a, b, T = self.ra[r], self.rb[r], self.T
        options: list[tuple[int, int, str, tuple]] = []
        for s in self.common[r]:
            blockers = {q for q in (self.busy[a][s], self.busy[b][s]) if q >= 0}
            if any(self.locked[q] for q in blockers):
                continue
            options.append((max(1, len(blockers)), 0, "relocate", (s,)))
        for s1 in self.common[r]:
            for s2 in self.common[r]:
                if s1 == s2:
                    continue
                for x, y in ((a, b), (b, a)):
                    if self.busy[x][s1] >= 0 or self.busy[y][s2] >= 0:
                        continue
                    path = self.chain(y, s1, s2)
                    if path is None or any(x in (self.ra[q], self.rb[q]) for q in path):
                        continue
                    odd = len(path) % 2
                    if (odd and self.load[s2] >= T) or (not odd and self.load[s1] >= T):
                        continue
                    options.append((len(path), 1, "kempe", (path, s1, s2)))
        options.sort(key=lambda o: (o[0], o[1]))
        for _, _, kind, args in options:
            if kind == "kempe":
                self._apply_chain(r, *args)
                return True
            mark = self.mark()
            if self._relocate_for(r, args[0]):
                return True
            self.undo(mark)
        return False

    def _relocate_for(self, r: int, s: int) -> bool:
        a, b, T = self.ra[r], self.rb[r], self.T
        for q in {self.busy[a][s], self.busy[b][s]}:
            if q >= 0 and not self.relocate(q, avoid=s):
                return False
        if self.load[s] >= T and not any(self.relocate(q, avoid=s) for q in list(self.members[s])):
            return False
        if self.busy[a][s] < 0 and self.busy[b][s] < 0 and self.load[s] < T:
            self.put(r, s)
            return True
        return False

    def refill(self, people: set[int]) -> None:
        """Give the room freed on these participants to their unscheduled requests, heaviest first."""
        for p in people:
            for q in self.incident[p]:
                if self.cnt[p] >= self.cap[p]:
                    break
                if self.slot_of[q] < 0 and self.common[q] and self.has_room(q):
                    self.insert(q)

    def lightest(self, p: int, exclude: set[int]) -> int:
        """p's lightest movable meeting not in `exclude`, or -1."""
        best, bw = -1, 0.0
        for q in self.busy[p]:
            if q >= 0 and q not in exclude and not self.locked[q] and (best < 0 or self.w[q] < bw):
                best, bw = q, self.w[q]
        return best

    def eject_insert(self, r: int) -> bool:
        """Place unscheduled r in the slot where it displaces the least weight, put the displaced meetings back
        where they fit; keep it when the total grows (True), else take it all back."""
        a, b, T, w = self.ra[r], self.rb[r], self.T, self.w
        options = []
        for s in self.common[r]:
            out: set[int] = set()
            for q in (self.busy[a][s], self.busy[b][s]):
                if q >= 0:
                    out.add(q)
            if any(self.locked[q] for q in out):
                continue
            for p in (a, b):
                if self.cnt[p] - sum(1 for q in out if p in (self.ra[q], self.rb[q])) >= self.cap[p]:
                    q = self.lightest(p, out)
                    if q < 0:
                        break
                    out.add(q)
            else:
                if self.load[s] - sum(1 for q in out if self.slot_of[q] == s) >= T:
                    cands = [q for q in self.members[s] if q not in out and not self.locked[q]]
                    if not cands:
                        continue
                    out.add(min(cands, key=w.__getitem__))
                options.append((sum(w[q] for q in out), s, out))
        options.sort(key=lambda o: o[0])
        for _loss, s, out in options[:3]:
            mark, before = self.mark(), self.total
            for q in out:
                self.put(q, -1)
            if not (self.busy[a][s] < 0 and self.busy[b][s] < 0 and self.load[s] < T and self.has_room(r)):
                self.undo(mark)
                continue
            self.put(r, s)
            for q in sorted(out, key=w.__getitem__, reverse=True):
                if self.has_room(q):
                    self.insert(q)
            self.refill({p for q in out if self.slot_of[q] < 0 for p in (self.ra[q], self.rb[q])})
            if self.total > before + EPS:
                return True
            self.undo(mark)
        return False
