"""Bad command lines: unknown states, impossible dates, ranges beyond the data, options out of range."""

from __future__ import annotations

import datetime as dt

from bad_inputs import Case

PATH = ["path", "RUS", "PRK"]
KINDS = "defense, offense, neutrality, support, bloc, non-aggression, consultation, entente, none"


def _usage(name: str, args: list[str], error: str) -> Case:
    """A command line click refuses (exit 2)."""
    return Case(name, args, error, exit_code=2)


def cases() -> list[Case]:
    this_year = dt.date.today().year  # the seed has ties in force today: its data run to this year
    out = [
        Case("cli:unknown-state", ["path", "Narnia", "PRK", "--as-of", "2025-01-01"],
             "Error: unknown state 'Narnia'; did you mean Armenia (ARM), Italy (ITA), Mauritania (MRT)?"),
        Case("cli:explain-unknown-state", ["clusters", "--explain", "Narnia", "--null-runs", "0",
                                           "--stability-runs", "0"],
             "Error: unknown state 'Narnia'; did you mean Armenia (ARM), Italy (ITA), Mauritania (MRT)?"),
        Case("cli:path-to-the-same-state", ["path", "RUS", "Russia"], "Error: Russia and Russia are the same state"),
        Case("cli:layers-unknown", ["clusters", "--layers", "friendship", "--null-runs", "0"],
             f"Error: unknown layer 'friendship' (tie kinds: {KINDS}, or 'all')"),
        Case("cli:strength-out-of-range", [*PATH, "--strength", "defense=2"],
             "Error: strength of 'defense' must be in (0, 1], not 2.0"),
        Case("cli:diff-reversed", ["diff", "--from", "2020", "--to", "2010"],
             "Error: --to 2010-12-31 is before --from 2020-12-31"),
        Case("cli:balance-until-before-as-of", ["balance", "--as-of", "2000", "--until", "1990"],
             "Error: --until 1990-12-31 is before --as-of 2000-12-31"),
        # was: accepted, and ran for minutes with no output
        Case("cli:timeline-beyond-the-data", ["timeline", "--from", "1", "--to", "99999"],
             f"Error: --from 1 is outside the data: its ties run from 1949 to {this_year}", timeout=20),
        Case("cli:timeline-after-the-data", ["timeline", "--from", "2000", "--to", "99999"],
             f"Error: --to 99999 is outside the data: its ties run from 1949 to {this_year}", timeout=20),
        Case("cli:timeline-reversed", ["timeline", "--from", "2000", "--to", "1990"],
             "Error: the last year (1990) is before the first (2000)"),
        Case("cli:dyadyears-before-the-state-system", ["dyadyears", "--from", "1800", "--to", "1990", "-o", "p.csv"],
             f"Error: unknown year 1800 (--from): panels cover 1816-{this_year}, the years of the state system",
             unchanged=("p.csv",)),
        _usage("cli:view-from-without-to", ["view", "--from", "2000"], "Error: --from and --to go together"),
        _usage("cli:view-blocs-with-ego", ["view", "--blocs", "--ego", "RUS"],
               "Error: --blocs shows one date: it does not go with --from/--to or --ego"),
        _usage("cli:impact-without-fact", ["impact"], "Error: give a FACT_ID or --add FILE (one of them)"),
        _usage("cli:property-graph-contradicts-shape",
               ["export", "--format", "json", "-o", "x.json", "--shape", "history", "--property-graph"],
               "Error: --property-graph contradicts --shape"),
        _usage("cli:strength-unknown-kind", [*PATH, "--strength", "kind=2"],
               f"Error: Invalid value for '--strength': unknown tie kind 'kind' (one of {KINDS})"),
        _usage("cli:strength-not-a-number", [*PATH, "--strength", "defense=strong"],
               "Error: Invalid value for '--strength': 'defense=strong': expected KIND=NUMBER, e.g. consultation=0.5"),
        _usage("cli:null-runs-one", ["clusters", "--null-runs", "1"],
               "Error: Invalid value for '--null-runs': 1 run makes no null model: give 0 (none) or at least 2"),
        _usage("cli:template-unknown-kind", ["template", "alliance"],
               "Error: Invalid value for 'KIND': 'alliance' is not one of 'treaty', 'bloc', 'conflict', 'support'."),
        _usage("cli:pairs-malformed", ["diff", "--from", "2010", "--to", "2020", "--pairs", "RUS"],
               "Error: Invalid value for '--pairs': 'RUS': expected A:B, e.g. RUS:PRK"),
        _usage("cli:no-such-command", ["signed"], "Error: No such command 'signed'."),
        _usage("cli:missing-target", ["path", "RUS"], "Error: Missing argument 'TARGET'."),
        _usage("cli:min-confidence-unknown", [*PATH, "--min-confidence", "sure"],
               "Error: Invalid value for '--min-confidence': 'sure' is not one of 'confirmed', 'reported', "
               "'alleged', 'denied'."),
    ]
    # --as-of garbage (one line per kind of bad date)
    for name, value, why in (("garbage", "garbage", "'garbage' is not a date (expected YYYY, YYYY-MM or YYYY-MM-DD)"),
                             ("five-digit-year", "99999", "'99999' is not a date (expected YYYY, YYYY-MM or YYYY-MM-DD)"),
                             ("month-13", "2025-13", "month 13 does not exist"),
                             ("february-30", "2025-02-30", "day 30 does not exist in 2025-02")):
        out.append(_usage(f"cli:as-of-{name}", [*PATH, "--as-of", value], f"Error: Invalid value for '--as-of': {why}"))
    # numbers out of their range (one line per option)
    for name, args, option, value, rng in (
            ("k-zero", PATH, "-k", "0", "1<=x<=1000"), ("k-too-many", PATH, "-k", "1001", "1<=x<=1000"),
            ("depth-negative", ["allies", "RUS"], "--depth", "-1", "1<=x<=20"),
            ("depth-too-deep", ["allies", "RUS"], "--depth", "21", "1<=x<=20"),
            ("min-strength-above-one", ["allies", "RUS"], "--min-strength", "2", "0<=x<=1"),
            ("top-zero", ["brokers"], "--top", "0", "x>=1"),
            ("timeline-step-zero", ["timeline", "--from", "1990", "--to", "1991"], "--step", "0", "x>=1"),
            ("resolution-zero", ["clusters"], "--resolution", "0", "0<x<=1000000.0"),
            ("min-level-six", ["balance"], "--min-level", "6", "1<=x<=5")):
        shown = f"{float(value)}" if "." in rng or name.startswith("min-strength") else value
        out.append(_usage(f"cli:{name}", [*args, option, value],
                          f"Error: Invalid value for '{option}': {shown} is not in the range {rng}."))
    # a choice outside its vocabulary (one line per option)
    for name, args, option, value, choices in (
            ("method-unknown", ["clusters"], "--method", "kmeans", "'louvain', 'leiden'"),
            ("multilateral-unknown", ["clusters"], "--multilateral", "half", "'newman', 'sqrt', 'full'"),
            ("kind-unknown", ["allies", "RUS"], "--kind", "love", ", ".join(f"'{k}'" for k in KINDS.split(", ")))):
        out.append(_usage(f"cli:{name}", [*args, option, value],
                          f"Error: Invalid value for '{option}': '{value}' is not one of {choices}."))
    return out
