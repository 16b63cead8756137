"""Map one meter's steps onto another's, by the role of each pulse group.

A 4/4 groove has four pulse groups with roles: the downbeat (kick), backbeats (snare) and a
middle beat (kick again, often with a push). Any other meter is built from the same roles laid
over its own beat groups: the first group is the downbeat, the last group a backbeat, and the
groups between alternate backwards from there (mid, back, mid, ...). So 7/8 (4+4+6 steps) gets
kick · mid · backbeat, 6/8 gets kick · backbeat, 5/4 gets kick · mid · back · mid · back.

Inside a group, positions map by metric level: the group start to the group start, eighth
off-beats to eighth off-beats, sixteenth off-beats to sixteenth off-beats, the last of each to
the last (the pickup into the next beat stays a pickup). The result is a step map: for every
step of the target bar, the step of the source bar whose statistics and hits it takes.
"""

from __future__ import annotations

from collections.abc import Sequence

from ..domain.meter import TimeSignature

DOWN, MID, BACK = "down", "mid", "back"
BACKBEAT_PROB = 0.4  # snare probability at a group start that makes it a backbeat


def target_roles(n_groups: int) -> tuple[str, ...]:
    """Roles of the pulse groups of a meter we build: down first, back last, alternating."""
    if n_groups <= 0:
        return ()
    if n_groups == 1:
        return (DOWN,)
    roles = [DOWN] * n_groups
    role = BACK
    for i in range(n_groups - 1, 0, -1):
        roles[i] = role
        role = MID if role == BACK else BACK
    return tuple(roles)


def source_roles(ts: TimeSignature, snare_onset: Sequence[float]) -> tuple[str, ...]:
    """Roles of a model's pulse groups, read from where its snare lands."""
    starts = ts.beat_starts()
    roles = []
    for i, s in enumerate(starts):
        if i == 0:
            roles.append(DOWN)
        elif s < len(snare_onset) and snare_onset[s] >= BACKBEAT_PROB:
            roles.append(BACK)
        else:
            roles.append(MID)
    if len(roles) > 1 and BACK not in roles:
        best = max(range(1, len(starts)),
                   key=lambda i: snare_onset[starts[i]] if starts[i] < len(snare_onset) else 0)
        roles[best] = BACK
    return tuple(roles)


def _levels(length: int) -> tuple[list[int], list[int]]:
    """Eighth-level and sixteenth-level off-beat positions inside a group of `length` steps."""
    eighths = [p for p in range(2, length, 2)]
    sixteenths = [p for p in range(1, length, 2)]
    return eighths, sixteenths


def _map_level(pos_index: int, n_target: int, src: list[int]) -> int:
    if pos_index == n_target - 1:
        return src[-1]
    return src[min(pos_index, len(src) - 1)]


def _position_map(target_len: int, source_len: int) -> list[int]:
    """For each position in a target group, the position in a source group."""
    t8, t16 = _levels(target_len)
    s8, s16 = _levels(source_len)
    out = [0] * target_len
    for p in range(1, target_len):
        if p % 2 == 0:
            src = s8 or s16
            out[p] = _map_level(t8.index(p), len(t8), src) if src else 0
        else:
            src = s16 or s8
            out[p] = _map_level(t16.index(p), len(t16), src) if src else 0
    return out


def step_map(source: TimeSignature, target: TimeSignature,
             snare_onset: Sequence[float]) -> tuple[int, ...]:
    """For every step of a `target` bar, the step of a `source` bar it takes its material from."""
    if source == target:
        return tuple(range(source.steps_per_bar))
    s_roles = source_roles(source, snare_onset)
    s_starts = source.beat_starts()
    s_groups = source.beat_groups
    by_role: dict[str, list[int]] = {}
    for i, r in enumerate(s_roles):
        by_role.setdefault(r, []).append(i)
    by_role.setdefault(MID, by_role[DOWN])
    by_role.setdefault(BACK, by_role.get(MID, by_role[DOWN]))
    t_roles = target_roles(len(target.beat_groups))
    out: list[int] = []
    last = len(t_roles) - 1
    for gi, (role, length) in enumerate(zip(t_roles, target.beat_groups, strict=True)):
        choices = by_role[role]
        src_group = choices[-1] if gi == last else choices[0]
        base = s_starts[src_group]
        for p in _position_map(length, s_groups[src_group]):
            out.append(base + p)
    return tuple(out)
