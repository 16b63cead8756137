"""Range checks shared by the domain values. Messages name the field and the range."""

from __future__ import annotations

from ..errors import UserInputError


def check_int(field: str, value: object, lo: int, hi: int) -> int:
    if isinstance(value, bool) or not isinstance(value, int):
        raise UserInputError(f"{field} must be an integer in range {lo}..{hi}, got {value!r}",
                             field=field)
    if not lo <= value <= hi:
        raise UserInputError(f"{field} must be in range {lo}..{hi}, got {value}", field=field)
    return value


def check_float(field: str, value: object, lo: float, hi: float) -> float:
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise UserInputError(f"{field} must be a number in range {lo:g}..{hi:g}, got {value!r}",
                             field=field)
    v = float(value)
    if v != v or not lo <= v <= hi:  # NaN fails both comparisons
        raise UserInputError(f"{field} must be in range {lo:g}..{hi:g}, got {value}", field=field)
    return v
