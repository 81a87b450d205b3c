"""Bad dataset files: other layouts (the MID incident files, a file named with the wrong --dataset FORMAT),
malformed rows, repeated and overlapping state-list spells, files that are not CSV text, and files or
directories that give nothing to read.

Every file is written here in the layout of its dataset (COW states, MID 5.0, ATOP, IGO), a few rows long;
the cases marked ``needs_data`` read the real files in ``{data}``. Each is run as
``alliancegraph allies USA --as-of 2000 -f FILE`` (or ``validate``): reading the sources comes first, so the
error is the dataset's.
"""

from __future__ import annotations

import gzip
import io
import zipfile

from bad_inputs import Case

STATES = "stateabb,ccode,statenme,styear,stmonth,stday,endyear,endmonth,endday,version"
USA = "USA,2,United States of America,1816,1,1,2016,12,31,2016"
CAN = "CAN,20,Canada,1920,1,10,2016,12,31,2016"
MIDA = "dispnum,stday,stmon,styear,endday,endmon,endyear,outcome,settle,fatality,fatalpre,hostlev,ongo2014,version"
MIDA_ROW = "2,-9,7,1902,24,1,1903,6,1,0,0,3,0,5"
MIDB = "dispnum,stabb,ccode,stday,stmon,styear,endday,endmon,endyear,sidea,hostlev,version"
MIDB_ROW = "2,UKG,200,-9,7,1902,24,1,1903,0,1,5"
MIDIP = ("dispnum,incidnum,stabb,ccode,stday,stmon,styear,endday,endmon,endyear,insidea,sidea,fatality,fatalpre,"
         "action,hostlev,revtype1,revtype2,version")
MIDI = ("dispnum,incidnum,stday,stmon,styear,endday,endmon,endyear,duration,tbi,fatality,fatalpre,action,hostlev,"
        "numa,revtype1,revtype2,version")
IGO = "ccode,year,state,nato,upu,xx1,xx2,xx3,xx4,xx5,xx6,xx7,xx8"
INCIDENT = "a MID incident file ({}); alliancegraph reads MIDA and MIDB"
READ = ["allies", "USA", "--as-of", "2000", "-f"]


def _csv(header: str, *rows: str) -> str:
    return "\n".join([header, *rows]) + "\n"


def _zip(name: str, text: str) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        z.writestr(name, text)
    return buf.getvalue()


def _read(name: str, file: str, content: str | bytes, error: str, *extra: str) -> Case:
    """A case that reads one dataset file, ``file``, and must fail with ``Error: <error>``."""
    return Case(f"dataset:{name}", [*READ, file, *extra], f"Error: {error}", {file: content}, unchanged=(file,))


def cases() -> list[Case]:
    out = []

    # ---- the MID incident files: refused by name, whatever is said (issue 12)
    for layout, header, row, what in [
            ("MIDIP 5.0", MIDIP, "2,2001,UKG,200,-9,7,1902,24,1,1903,1,0,0,0,7,3,1,0,5",
             "one row per state per incident"),
            ("MIDI 5.0", MIDI, "2,2001,-9,7,1902,24,1,1903,208,0,0,0,7,3,2,1,0,5", "one row per incident")]:
        file, reason = f"{layout}.csv", INCIDENT.format(f"{layout}, {what}")
        short = layout.split()[0].lower()
        out.append(_read(f"{short}-refused-by-name", file, _csv(header, row), f"{file}: {reason}"))
        out.append(_read(f"{short}-refused-with-skip-bad-rows", file, _csv(header, row), f"{file}: {reason}",
                         "--skip-bad-rows"))
        out.append(Case(f"dataset:{short}-named-as-cow-midb", [*READ[:-1], "--dataset", "cow-midb", file],
                        f"Error: {file}:1: {reason}", {file: _csv(header, row)}, unchanged=(file,)))

    # ---- a header that is a layout's but for columns that layout does not have: never guessed
    out.append(_read("midb-with-foreign-columns", "parts.csv", _csv(MIDB + ",insidea,action", MIDB_ROW + ",1,7"),
                     "parts.csv: its header has the columns of cow-midb (COW MID participant level (MIDB 5.0.csv, "
                     "MIDB 4.x)) and others that layout does not have: action, insidea; if it is cow-midb, give "
                     "--dataset cow-midb FILE"))
    out.append(_read("unknown-header", "notes.csv", _csv("name,remark", "a,b"),
                     "notes.csv: not a dataset file this version reads (header: name, remark); known formats: "
                     "cow-states, cow-alliance-member, cow-alliance-dyad, atop-member, atop-alliance, cow-mida, "
                     "cow-midb, cow-igo-state-year, gml-mid, iwd (give one with --dataset FORMAT FILE)"))

    # ---- a file of one dataset named with another's --dataset FORMAT
    for fmt, header, row, lacks, really in [
            ("cow-mida", STATES, USA, "hostlev, outcome, dispnum or dispnum3", "cow-states"),
            ("cow-midb", MIDA, MIDA_ROW, "ccode, sidea", "cow-mida"),
            ("cow-mida", MIDB, MIDB_ROW, "outcome", "cow-midb"),
            ("atop-member", STATES, USA, "atopid, member, yrent, yrexit", "cow-states"),
            ("cow-states", MIDB, MIDB_ROW, "stateabb", "cow-midb")]:
        file = f"{really}.csv"
        out.append(Case(f"dataset:{really}-named-as-{fmt}", [*READ[:-1], "--dataset", fmt, file],
                        f"Error: {file}:1: the header lacks {lacks} (read as {fmt}); it is a {really} file: give "
                        f"--dataset {really}, or no --dataset", {file: _csv(header, row)}, unchanged=(file,)))
    out.append(Case("dataset:real-states-named-as-cow-mida",
                    [*READ[:-1], "--dataset", "cow-mida", "{data}/cow/states2016.csv"],
                    "Error: {data}/cow/states2016.csv:1: the header lacks hostlev, outcome, dispnum or dispnum3 "
                    "(read as cow-mida); it is a cow-states file: give --dataset cow-states, or no --dataset",
                    needs_data=True))
    out.append(Case("dataset:validate-wrong-format-names-the-file",
                    ["validate", "--dataset", "cow-mida", "{data}/cow/states2016.csv"],
                    "Error: 1 problem(s) in {data}/cow/states2016.csv", needs_data=True))

    # ---- the state list: repeated rows and overlapping spells of one state (issue 12)
    out.append(_read("states-duplicate-row", "states.csv", _csv(STATES, USA, CAN, USA),
                     "states.csv:4: column 'styear': state USA (ccode 2): this spell, 1816-01-01 to 2016-12-31, "
                     "repeats the one at line 2"))
    out.append(_read("states-overlapping-spells", "states.csv",
                     _csv(STATES, "GMY,255,Germany,1816,1,1,1945,5,8,2016", "GMY,255,Germany,1940,10,3,2016,12,31,2016"),
                     "states.csv:3: column 'styear': state GMY (ccode 255): this spell, 1940-10-03 to 2016-12-31, "
                     "overlaps the one, 1816-01-01 to 1945-05-08, at line 2"))
    out.append(Case("dataset:states-overlap-across-two-files", [*READ, "a.csv", "-f", "b.csv"],
                    "Error: b.csv:2: column 'styear': state CAN (ccode 20): this spell, 1920-01-10 to 2016-12-31, "
                    "repeats the one at a.csv:3", {"a.csv": _csv(STATES, USA, CAN), "b.csv": _csv(STATES, CAN)},
                    unchanged=("a.csv", "b.csv")))

    # ---- malformed rows of a state list: one line per kind of bad row
    for name, row, error in [
            ("truncated-row", "USA,2,United States of America,1816,1,1", "the row has 6 fields, the header 10"),
            ("extra-fields", USA + ",extra", "the row has 11 fields, the header 10"),
            ("non-numeric-ccode", "USA,two,United States of America,1816,1,1,2016,12,31,2016",
             "column 'ccode': 'two' is not a whole number"),
            ("fractional-ccode", "USA,2.5,United States of America,1816,1,1,2016,12,31,2016",
             "column 'ccode': '2.5' is not a whole number"),
            ("ccode-zero", "USA,0,United States of America,1816,1,1,2016,12,31,2016", "column 'ccode': 0 is below 1"),
            ("ccode-missing-code", "USA,-9,United States of America,1816,1,1,2016,12,31,2016",
             "column 'ccode': -9 is below 1"),
            ("empty-ccode", "USA,,United States of America,1816,1,1,2016,12,31,2016", "column 'ccode': empty"),
            ("non-numeric-year", "USA,2,United States of America,18l6,1,1,2016,12,31,2016",
             "column 'styear': '18l6' is not a whole number"),
            ("unknown-start-year", "USA,2,United States of America,-9,1,1,2016,12,31,2016",
             "column 'styear': unknown year"),
            ("impossible-day", "USA,2,United States of America,1816,2,30,2016,12,31,2016",
             "column 'stday': impossible date 1816-2-30: day 30 does not exist in 1816-02"),
            ("impossible-month", "USA,2,United States of America,1816,13,1,2016,12,31,2016",
             "column 'stmonth': impossible date 1816-13-1: month 13 does not exist"),
            ("ends-before-it-starts", "USA,2,United States of America,1816,1,1,1815,12,31,2016",
             "column 'endyear': the spell ends (1815-12-31) before it starts (1816-01-01)")]:
        out.append(_read(f"states-{name}", "states.csv", _csv(STATES, CAN, row), f"states.csv:3: {error}"))

    # ---- malformed rows of the MID, ATOP and IGO layouts
    for name, file, text, error in [
            ("mida-hostlev-out-of-range", "MIDA 5.0.csv", _csv(MIDA, MIDA_ROW.replace(",3,0,5", ",7,0,5")),
             "MIDA 5.0.csv:2: column 'hostlev': 7 is not one of 1, 2, 3, 4, 5"),
            ("mida-dispute-twice", "MIDA 5.0.csv", _csv(MIDA, MIDA_ROW, MIDA_ROW),
             "MIDA 5.0.csv:3: column 'dispnum': dispute 2 again (first at line 2)"),
            ("midb-side-not-0-or-1", "MIDB 5.0.csv", _csv(MIDB, MIDB_ROW.replace("1903,0,1", "1903,2,1")),
             "MIDB 5.0.csv:2: column 'sidea': 2 is not one of 0, 1"),
            ("igo-code-not-a-status", "igo.csv", _csv(IGO, "2,1990,usa,1,1,0,0,0,0,0,0,0,0",
                                                      "2,1991,usa,7,1,0,0,0,0,0,0,0,0"),
             "igo.csv:3: column 'nato': '7' is not an IGO code (1, 2, 3, 0, -1, -9)"),
            ("igo-years-out-of-order", "igo.csv", _csv(IGO, "2,1991,usa,1,1,0,0,0,0,0,0,0,0",
                                                       "2,1990,usa,1,1,0,0,0,0,0,0,0,0"),
             "igo.csv:3: column 'year': rows of a state must come in year order (1990 after 1991)")]:
        out.append(_read(name, file, text, error))

    # ---- files that give nothing to read
    out.append(_read("empty-file", "states.csv", "", "states.csv:1: empty file: no header"))
    out.append(_read("header-only", "states.csv", _csv(STATES), "states.csv:1: a header and no rows: nothing to read"))
    out.append(_read("header-only-with-skip-bad-rows", "states.csv", _csv(STATES),
                     "states.csv:1: a header and no rows: nothing to read", "--skip-bad-rows"))
    out.append(_read("every-row-bad-with-skip-bad-rows", "states.csv",
                     _csv(STATES, USA.replace(",2,", ",two,"), CAN.replace("1920", "19x0")),
                     "states.csv:2: nothing usable was read: all 2 row(s) are malformed (the first: column 'ccode': "
                     "'two' is not a whole number)", "--skip-bad-rows"))
    out.append(Case("dataset:directory-with-no-dataset", [*READ, "downloads"],
                    "Error: downloads: no fact files (*.yaml) and no dataset files (*.csv) in this directory",
                    {"downloads/README.txt": "MID 5.0, to download\n"}))

    # ---- files that are not CSV text: one line per encoding or container
    text = _csv(STATES, USA)
    for name, file, content, error in [
            ("utf-16", "states.csv", text.encode("utf-16"), "UTF-16 text, not UTF-8: save the file as UTF-8"),
            ("gzip", "states.csv.gz", gzip.compress(text.encode()),
             "a gzip-compressed file, not CSV text: decompress it first (gunzip)"),
            ("gzip-named-csv", "states.csv", gzip.compress(text.encode()),
             "a gzip-compressed file, not CSV text: decompress it first (gunzip)"),
            ("zip", "states.zip", _zip("states2016.csv", text),
             "a zip archive (or an Excel workbook), not CSV text: extract the CSV file, or save the sheet as CSV "
             "(UTF-8)")]:
        out.append(_read(name, file, content, f"{file}:1: {error}"))
    out.append(_read("latin-1", "states.csv", _csv(STATES, CAN, "CIV,437,C\xf4te d'Ivoire,1960,8,7,2016,12,31,2016"
                                                   ).encode("latin-1"),
                     "states.csv:3: not UTF-8 text: byte 0xf4 at column 10 cannot be read; save the file as UTF-8"))
    out.append(_read("nul-bytes", "states.csv", (text + USA.replace("2016", "\x00")).encode(),
                     "states.csv:3: a NUL byte: binary data or UTF-16 text, not CSV text (UTF-8)"))
    return out
