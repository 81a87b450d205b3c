"""The state code crosswalk: COW ccode <-> COW abbreviation <-> ISO 3166 alpha-3 <-> names <-> state id.

Owns: the crosswalk (:class:`StateCode`, :func:`lookup`, :func:`state_id`, :func:`ccode_of`,
:func:`known_ccodes`), the own tables (:data:`OWN_TABLE`, :data:`NAME_HISTORY`, :data:`CODE_HISTORY`) and
the dated names and codes of a state (:func:`historical_names`, :func:`dated_codes`). The only module that
imports countrycode.

Must not know: any dataset's file format, the fact model, name resolution (:mod:`alliancegraph.names` reads
the dated names from here), the graph, the command line: it imports no other module of the package.

The field's datasets name states by their Correlates of War state number (``ccode``); curated facts name
them by id (ISO 3166-1 alpha-3, see ``docs/facts.md``). This module says which id a COW state gets, so that
a dataset's facts and the curated facts about the same state join.

Where the codes come from
-------------------------
* The ``countrycode`` package (Arel-Bundock, Enevoldsen and Yetman 2018, "countrycode: An R package to convert
  country names and country codes", JOSS 3(28), 848, doi:10.21105/joss.00848; its Python port on PyPI):
  ``cown`` (COW number), ``cowc`` (COW abbreviation), ``cow.name``, ``iso3c`` and ``country.name.en`` for
  every COW state but two.
* :data:`OWN_TABLE`, this module's own small table, for what countrycode lacks, each entry with its source:
  the two COW states it does not know (260 German Federal Republic, 730 Korea, read from the COW State System
  Membership list v2016), the present-day state that continues a COW state that countrycode leaves without
  an ISO3 code (345 Yugoslavia/Serbia), ISO 3166-3 codes of dissolved states, and the usual English aliases
  (USSR, West Germany...).
* :data:`NAME_HISTORY`, this module's table of dated historical names (the Soviet Union 1922-1991, West
  Germany 1949-1990, Yugoslavia, Zaire, Burma...), each entry with the event that made or ended the name.
  The graph stores them on each State (``name_history``) and names a state as it was on the date asked
  (:meth:`alliancegraph.graph.AllianceGraph.state_name`).

Which id a COW state gets
-------------------------
1. The id of a curated state with that ccode, when the caller passes one (``overrides``): the curated facts
   decide.
2. The ISO 3166-1 alpha-3 code of the present-day state that continues it (countrycode's ``iso3c``; own
   table for 345 -> SRB and 260 -> DEU). COW state continuity is followed: 365 (Russia and the Soviet Union)
   is RUS.
3. Else the ISO 3166-3 alpha-3 code it had before it dissolved (315 Czechoslovakia CSK, 265 German
   Democratic Republic DDR, 680 Yemen People's Republic YMD).
4. Else its COW abbreviation (HAN Hanover, AUH Austria-Hungary, YAR Yemen Arab Republic, RVN Republic of
   Vietnam, KOS Kosovo, ...), unless that text is the ISO3 id of another state.
5. Else ``CC<ccode>`` (730 Korea, whose COW abbreviation KOR is South Korea's ISO3 code; and codes that are
   not COW states at all, such as the ATOP member code 8152).

Germany: COW numbers the Federal Republic of 1955-1990 (260, GFR) apart from Germany (255, GMY: 1816-1945
and from 1990). This module gives both the id DEU: the Federal Republic is the same state as today's
Germany (the German Democratic Republic acceded to it in 1990, and its NATO and UN memberships simply
continued), ISO 3166 coded it DEU before 1990 as after, and the curated seed records West Germany as DEU.
DEU then carries the state-system spells of both codes. The German Democratic Republic (265) is DDR.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass
from typing import Mapping, TypedDict

__all__ = ["StateCode", "OWN_TABLE", "NAME_HISTORY", "CODE_HISTORY", "dated_codes", "lookup", "state_id", "ccode_of", "known_ccodes",
           "historical_names"]


@dataclass(frozen=True)
class StateCode:
    """One COW state (or a code the datasets use for a non-COW entity) and the id it gets."""

    ccode: int
    id: str
    name: str
    cow_abb: str | None = None
    iso3: str | None = None
    aliases: tuple[str, ...] = ()
    known: bool = True
    """False for a code that is neither in countrycode nor in :data:`OWN_TABLE`."""


class OwnEntry(TypedDict, total=False):
    """An entry of :data:`OWN_TABLE`; every key is optional."""

    id: str
    iso3: str
    cow_abb: str
    name: str
    aliases: tuple[str, ...]
    why: str
    """Why the entry is needed, where countrycode's own answer would be wrong."""


OWN_TABLE: dict[int, OwnEntry] = {
    # COW states countrycode does not know. Source: COW State System Membership list v2016 (states2016.csv).
    260: {"cow_abb": "GFR", "name": "German Federal Republic", "iso3": "DEU", "id": "DEU",
          "aliases": ("West Germany", "Federal Republic of Germany", "GFR"),
          "why": "continues into present-day Germany (ISO 3166 DEU before and after 1990); see module docstring"},
    730: {"cow_abb": "KOR", "name": "Korea", "aliases": ("Korean Empire", "Joseon"),
          "why": "COW 730 (1887-1905); its COW abbreviation KOR is South Korea's ISO3 code"},
    # Present-day state that continues a COW state countrycode leaves without ISO3.
    # Source: COW State System Membership v2016 codes Serbia (1878), Yugoslavia (1918-2006) and Serbia (2006-)
    # as the one state 345; ISO 3166-1 SRB.
    345: {"iso3": "SRB", "id": "SRB",
          "aliases": ("Serbia", "Federal Republic of Yugoslavia", "Serbia and Montenegro")},
    # ISO 3166-3 (formerly used codes) alpha-3 of dissolved states (ISO 3166-3:2020, codes CSHH/CSK,
    # DDDE/DDR, YDYE/YMD); the state's iso3 is that former code.
    315: {"id": "CSK", "iso3": "CSK"},
    265: {"id": "DDR", "iso3": "DDR", "aliases": ("East Germany",)},
    680: {"id": "YMD", "iso3": "YMD", "aliases": ("South Yemen", "Democratic Yemen")},
    # Usual English names (aliases only).
    365: {"aliases": ("USSR", "Soviet Union", "Union of Soviet Socialist Republics", "Russian Federation")},
    255: {"aliases": ("Prussia",)},
    678: {"aliases": ("North Yemen",)},
    816: {"aliases": ("North Vietnam", "Democratic Republic of Vietnam")},
    817: {"aliases": ("South Vietnam",)},
    300: {"aliases": ("Austria-Hungary",)},
}
"""What countrycode lacks, by ccode: ``id``, ``iso3``, ``cow_abb``, ``name``, ``aliases`` (each optional)."""

NAME_HISTORY: dict[int, tuple[tuple[str, str, str], ...]] = {
    # Dated names: ``(name, from, to)``, ISO days, both ends inclusive, ``".."`` for an open end. Outside
    # them a state has its own ``name`` (the present-day name). Each entry: the event that made or ended
    # the name. Where no other source is named, the dates are those of the founding act or renaming.
    # 365: Treaty on the Creation of the USSR, 30 Dec 1922; Gorbachev resigned and the RSFSR took the name
    # Russian Federation on 25 Dec 1991 (the USSR was dissolved the next day). COW keeps 365 as one state.
    365: (("Soviet Union", "1922-12-30", "1991-12-25"),),
    # 255 (and 260, which is DEU too, see the module docstring): the Basic Law of the Federal Republic was
    # promulgated on 23 May 1949; unification on 3 Oct 1990 (the GDR acceded). Germany before and after.
    # Before the German Empire was proclaimed at Versailles on 18 Jan 1871, COW's 255 is Prussia (COW
    # states2016 names 255 "Germany" throughout; its 1816 member is the Kingdom of Prussia).
    255: (("Prussia", "..", "1871-01-17"), ("West Germany", "1949-05-23", "1990-10-02")),
    # 325: COW's Italy before the Kingdom of Italy was proclaimed on 17 Mar 1861 is the Kingdom of Sardinia.
    325: (("Sardinia", "..", "1861-03-16"),),
    # 300: the Austrian Empire became Austria-Hungary by the Compromise of 1867 (Hungarian coronation and the
    # December constitution complete it; the Compromise law, Hungarian Act XII, dates from 12 Jun 1867; the
    # common use dates the Dual Monarchy from 30 Mar 1867, when the Compromise was agreed: used here).
    300: (("Austrian Empire", "..", "1867-03-29"),),
    # 670: Ibn Saud proclaimed the Kingdom of Saudi Arabia on 23 Sep 1932 (its National Day); before, the
    # Kingdom of Hejaz and Nejd (COW enters 670 on 20 May 1927, the Treaty of Jeddah).
    670: (("Hejaz and Nejd", "..", "1932-09-22"),),
    # 678: the Yemen Arab Republic was proclaimed after the revolution of 26 Sep 1962; before, the
    # Mutawakkilite Kingdom of Yemen.
    678: (("Yemen", "..", "1962-09-25"),),
    # 345: the Kingdom of Serbs, Croats and Slovenes was proclaimed on 1 Dec 1918 (officially "Yugoslavia"
    # only from 3 Oct 1929; "Yugoslavia" is COW's and the usual English name for the whole period); the
    # Federal Republic of Yugoslavia became Serbia and Montenegro on 4 Feb 2003; Montenegro declared
    # independence on 3 Jun 2006 and Serbia declared itself the continuing state on 5 Jun 2006. Serbia
    # before and after is written out because COW names 345 "Yugoslavia" (states2016.csv).
    345: (("Serbia", "..", "1918-11-30"), ("Yugoslavia", "1918-12-01", "2003-02-03"),
          ("Serbia and Montenegro", "2003-02-04", "2006-06-04"), ("Serbia", "2006-06-05", "..")),
    # 651: union of Egypt and Syria, 22 Feb 1958 (Statesman's Yearbook: "merged with Syria on 22 Feb. 1958
    # to form the United Arab Republic, retaining that name when Syria broke away ... finally re-adopting the
    # name of Egypt on 2 Sept. 1971").
    651: (("United Arab Republic", "1958-02-22", "1971-09-01"),),
    # 490: renamed Republic of Zaire on 27 Oct 1971; Kabila's forces took Kinshasa and restored the name
    # Democratic Republic of the Congo on 17 May 1997.
    490: (("Zaire", "1971-10-27", "1997-05-16"),),
    # 775: the military government renamed the country Myanmar on 18 Jun 1989 (Adaptation of Expressions Law).
    775: (("Burma", "..", "1989-06-17"),),
    # 780: the republican constitution of 22 May 1972 made Ceylon the Republic of Sri Lanka.
    780: (("Ceylon", "..", "1972-05-21"),),
    # 434: Dahomey became the People's Republic of Benin on 30 Nov 1975.
    434: (("Dahomey", "..", "1975-11-29"),),
    # 439: Upper Volta became Burkina Faso on 4 Aug 1984.
    439: (("Upper Volta", "..", "1984-08-03"),),
    # 640: the Republic of Turkey was proclaimed on 29 Oct 1923.
    640: (("Ottoman Empire", "..", "1923-10-28"),),
    # 630: the government asked foreign states to call the country Iran from Nowruz, 21 Mar 1935.
    630: (("Persia", "..", "1935-03-20"),),
    # 800: Phibun's government renamed Siam Thailand on 24 Jun 1939; Siam again from Sep 1945 (8 Sep here;
    # EBSCO Research Starters gives 9 Sep) under Seni Pramoj; Thailand again from 11 May 1949 (Bangkok Post,
    # "Siam officially renamed Thailand", 11 May 1949).
    800: (("Siam", "..", "1939-06-23"), ("Siam", "1945-09-08", "1949-05-10")),
    # 816: the Democratic Republic of Vietnam and the South were reunified as the Socialist Republic of
    # Vietnam on 2 Jul 1976.
    816: (("North Vietnam", "..", "1976-07-01"),),
    # 811: the constitution of Democratic Kampuchea was promulgated on 5 Jan 1976; the National Assembly of
    # the People's Republic of Kampuchea renamed it the State of Cambodia at its session of 29-30 Apr 1989
    # (some sources date the change 1 May 1989).
    811: (("Kampuchea", "1976-01-05", "1989-04-29"),),
}
"""Historical names of states by ccode, each with the days it was valid (see :func:`historical_names`)."""


@functools.lru_cache(maxsize=1)
def _countrycode() -> dict[int, tuple[str | None, str | None, str | None]]:
    """ccode -> (COW abbreviation, COW name, ISO3) from countrycode's code list."""
    import countrycode

    cl = countrycode.codelist
    out: dict[int, tuple[str | None, str | None, str | None]] = {}
    for cown, cowc, name, iso3 in zip(cl["cown"], cl["cowc"], cl["cow.name"], cl["iso3c"]):
        if cown is not None:
            out[int(cown)] = (cowc, name, iso3)
    return out


@functools.lru_cache(maxsize=1)
def _iso3_in_use() -> frozenset[str]:
    """Every ISO 3166-1 alpha-3 code countrycode knows (of COW states or not) and the ISO 3166-3 codes used here."""
    import countrycode

    return frozenset(i for i in countrycode.codelist["iso3c"] if i) | {
        e["iso3"] for e in OWN_TABLE.values() if "iso3" in e}


@functools.lru_cache(maxsize=None)
def _lookup(ccode: int) -> StateCode:
    cc = _countrycode().get(ccode)
    own = OWN_TABLE.get(ccode, OwnEntry())
    abb = own.get("cow_abb") or (cc[0] if cc else None)
    name = own.get("name") or (cc[1] if cc else None)
    iso3 = own.get("iso3") or (cc[2] if cc else None)
    known = cc is not None or "name" in own
    sid = own.get("id") or iso3
    if sid is None:
        if abb and abb not in _iso3_in_use():
            sid = abb
        else:
            sid = f"CC{ccode}"
    return StateCode(ccode=ccode, id=sid, name=name or f"state code {ccode}", cow_abb=abb, iso3=iso3,
                     aliases=own.get("aliases", ()), known=known)


def lookup(ccode: int, overrides: Mapping[int, str] | None = None) -> StateCode:
    """The crosswalk entry of a COW state number (or of any code a dataset uses for a state).

    ``overrides`` maps ccodes to the ids curated states give them (rule 1 of the module docstring). Never
    raises: an unknown code gets the id ``CC<ccode>`` and ``known=False``.

    Examples
    --------
    >>> lookup(365).id, lookup(260).id, lookup(265).id, lookup(315).id, lookup(730).id
    ('RUS', 'DEU', 'DDR', 'CSK', 'CC730')
    >>> lookup(2).cow_abb, lookup(2).iso3
    ('USA', 'USA')
    """
    entry = _lookup(int(ccode))
    if overrides and int(ccode) in overrides and overrides[int(ccode)] != entry.id:
        from dataclasses import replace

        return replace(entry, id=overrides[int(ccode)])
    return entry


def state_id(ccode: int, overrides: Mapping[int, str] | None = None) -> str:
    """The state id of a COW state number (see :func:`lookup`)."""
    return lookup(ccode, overrides).id


@functools.lru_cache(maxsize=1)
def _by_code() -> tuple[dict[str, int], dict[str, int]]:
    """(id -> ccode, any other code or name -> ccode); on a clash the smaller ccode wins (DEU -> 255)."""
    ids: dict[str, int] = {}
    others: dict[str, int] = {}
    for ccode in sorted(set(_countrycode()) | set(OWN_TABLE), reverse=True):
        e = _lookup(ccode)
        ids[e.id.casefold()] = ccode
        for key in (*e.aliases, e.name, e.cow_abb, e.iso3):
            if key:
                others[str(key).casefold()] = ccode
    for ccode in sorted(NAME_HISTORY):  # historical names last: they never displace another key
        for name, _, _ in NAME_HISTORY[ccode]:
            others.setdefault(name.casefold(), ccode)
    return ids, others


def ccode_of(code: str | int) -> int:
    """The COW state number named by a ccode, id, ISO3 code, COW abbreviation, name, alias or historical
    name (:data:`NAME_HISTORY`, the weakest: ``'Zaire'`` gives 490).

    Ids win over other codes (``AUS`` is Australia's id and Austria's COW abbreviation: it gives 900); DEU
    gives 255 (Germany), not 260. Raises ``KeyError``.
    """
    if isinstance(code, int) or str(code).strip().isdigit():
        return int(code)
    key = str(code).strip().casefold()
    ids, others = _by_code()
    return ids[key] if key in ids else others[key]


CODE_HISTORY: dict[int, tuple[tuple[int, str, str, str], ...]] = {
    # COW codes that one state id carries at some dates only: ``(ccode, cow_abb, from, to)``, ISO days, both
    # inclusive. 255 (DEU) is 260, the German Federal Republic (GFR), while COW's list has it: states2016.csv
    # 260,GFR 1955-05-05 to 1990-10-02 (see the module docstring: both codes are DEU here).
    255: ((260, "GFR", "1955-05-05", "1990-10-02"),),
}
"""Dated COW codes by the state's own ccode (see :func:`dated_codes`)."""


def dated_codes(ccode: int) -> tuple[tuple[int, str, str, str], ...]:
    """The COW codes a state has at some dates only: ``(ccode, cow_abb, from, to)`` of :data:`CODE_HISTORY`.

    Examples
    --------
    >>> dated_codes(255), dated_codes(2)
    (((260, 'GFR', '1955-05-05', '1990-10-02'),), ())
    """
    return CODE_HISTORY.get(int(ccode), ())


def historical_names(ccode: int) -> tuple[tuple[str, str, str], ...]:
    """The dated names of a COW state: ``(name, from, to)`` tuples of :data:`NAME_HISTORY`, oldest first.

    ``from`` and ``to`` are ISO days, both inclusive, or ``".."`` for an open end; outside them the state
    has its present-day name. A ccode that :data:`OWN_TABLE` gives the id of another COW state has that
    state's names (260 German Federal Republic is DEU, so it has the names of 255). ``()`` for a ccode
    without dated names.

    Examples
    --------
    >>> historical_names(365)
    (('Soviet Union', '1922-12-30', '1991-12-25'),)
    >>> historical_names(260) == historical_names(255), historical_names(2)
    (True, ())
    """
    ccode = int(ccode)
    if ccode in NAME_HISTORY:
        return NAME_HISTORY[ccode]
    own_id = OWN_TABLE.get(ccode, OwnEntry()).get("id")
    if own_id is not None:
        try:
            other = ccode_of(own_id)
        except KeyError:
            return ()
        if other != ccode:
            return NAME_HISTORY.get(other, ())
    return ()


def known_ccodes() -> list[int]:
    """Every ccode the crosswalk knows (countrycode's and :data:`OWN_TABLE`'s), sorted."""
    return sorted(set(_countrycode()) | {c for c, e in OWN_TABLE.items() if "name" in e})
