"""Bad command lines: unknown states, impossible dates, ranges beyond the data, options out of range."""

from __future__ import annotations

from bad_inputs import Case


def cases() -> list[Case]:
    out = [
        Case("cli:unknown-state", ["path", "Narnia", "PRK", "--as-of", "2025-01-01"],
             "Error: unknown state 'Narnia'; did you mean Armenia (ARM), Italy (ITA), Romania (ROU)?"),
    ]
    return out
