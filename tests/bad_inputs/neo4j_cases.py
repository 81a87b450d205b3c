"""Bad Neo4j connection settings: URIs, ports, database names, credentials, the environment, load options.

Every case runs without a server: the only addresses contacted are 127.0.0.1 ports 1 and 9, where nothing
listens, so "unreachable" is the answer there and every other setting is refused before any connection.
The kinds of bad setting are tried with the three commands that reach Neo4j: ``load`` (whose message adds
"; nothing was written"), ``clusters --neo4j`` and ``view --neo4j`` (whose old output must stay whole).
"""

from __future__ import annotations

from bad_inputs import Case

DOWN = "bolt://127.0.0.1:1"
"""A Bolt URI where no server listens."""
SECRET = "hunter2-secret"
SCHEMES = "bolt://, bolt+s://, bolt+ssc://, neo4j://, neo4j+s://, neo4j+ssc://"
CREDENTIALS = "give them with --user and --password (or NEO4J_USERNAME and NEO4J_PASSWORD), never in the URI"
NAME_RULE = ("a name is ASCII letters, digits, dots, dashes and underscores, beginning with a letter or digit and "
             "ending with neither a dot nor a dash")
OLD_VIEW = "<!doctype html><title>the view of yesterday</title>\n"


def _unreachable(uri: str, where: str = "default database") -> str:
    return (f"cannot reach Neo4j at {uri} ({where}): is the server running? "
            f"(scripts/neo4j-server start, or set NEO4J_URI)")


def _bad_uri(shown: str, why: str) -> str:
    return f"cannot use Neo4j URI {shown!r}: {why}"


# one line per kind of bad setting: (name, connection options, environment, the message of the library)
SETTINGS: list[tuple[str, list[str], dict[str, str], str]] = [
    ("scheme-http", ["--uri", "http://127.0.0.1:1"], {},
     _bad_uri("http://127.0.0.1:1", f"the scheme must be one of {SCHEMES}")),
    ("no-scheme", ["--uri", "127.0.0.1:7687"], {}, _bad_uri("127.0.0.1:7687", f"the scheme must be one of {SCHEMES}")),
    ("no-host", ["--uri", "bolt://"], {}, _bad_uri("bolt://", "it names no host, e.g. bolt://127.0.0.1:7687")),
    ("no-host-but-a-port", ["--uri", "bolt://:1"], {},
     _bad_uri("bolt://:1", "it names no host, e.g. bolt://127.0.0.1:7687")),
    ("port-not-a-number", ["--uri", "bolt://127.0.0.1:abc"], {},
     _bad_uri("bolt://127.0.0.1:abc", "the port 'abc' is not a number")),
    ("port-missing", ["--uri", "bolt://127.0.0.1:"], {}, _bad_uri("bolt://127.0.0.1:", "it has no port after the ':'")),
    ("port-out-of-range", ["--uri", "bolt://127.0.0.1:99999"], {},
     _bad_uri("bolt://127.0.0.1:99999", "the port 99999 is out of range (1 to 65535)")),
    ("port-zero", ["--uri", "bolt://127.0.0.1:0"], {},
     _bad_uri("bolt://127.0.0.1:0", "the port 0 is out of range (1 to 65535)")),
    ("two-ports", ["--uri", "bolt://127.0.0.1:1:2"], {},
     _bad_uri("bolt://127.0.0.1:1:2", "the host '127.0.0.1:1' is not a host name (an IPv6 address goes in "
                                      "brackets: bolt://[::1]:7687)")),
    ("ipv6-unclosed", ["--uri", "bolt://[::1:1"], {}, _bad_uri("bolt://[::1:1", "it is not a URI (Invalid IPv6 URL)")),
    ("database-as-path", ["--uri", f"{DOWN}/neo4j"], {},
     _bad_uri(f"{DOWN}/neo4j", "it has a path ('/neo4j'), but a Neo4j URI names a server only: choose the database "
                               "with --database (or NEO4J_DATABASE)")),
    ("query-on-bolt", ["--uri", f"{DOWN}?region=eu"], {},
     _bad_uri(f"{DOWN}?region=eu", "a query ('?region=eu', a routing context) needs a neo4j:// scheme; bolt:// "
                                   "connects to one server directly")),
    ("fragment", ["--uri", f"{DOWN}#main"], {},
     _bad_uri(f"{DOWN}#main", "it has a fragment ('#main'), which a Neo4j URI never has")),
    ("uri-leading-space", ["--uri", f" {DOWN}"], {}, _bad_uri(f" {DOWN}", "it contains white space or a control character")),
    ("uri-newline", ["--uri", f"{DOWN}\n"], {}, _bad_uri(f"{DOWN}\n", "it contains white space or a control character")),
    # a password in the URI is refused, and the message shows the URI without it
    ("uri-user-info-bolt", ["--uri", f"bolt://neo4j:{SECRET}@127.0.0.1:1"], {},
     _bad_uri(DOWN, f"it holds a user name or password: {CREDENTIALS}")),
    ("uri-user-info-routing", ["--uri", f"neo4j://neo4j:{SECRET}@127.0.0.1:9"], {},
     _bad_uri("neo4j://127.0.0.1:9", f"it holds a user name or password: {CREDENTIALS}")),
    ("uri-user-info-wrong-scheme", ["--uri", f"http://neo4j:{SECRET}@127.0.0.1:7474"], {},
     _bad_uri("http://127.0.0.1:7474", f"the scheme must be one of {SCHEMES}")),
    ("env-uri-garbage", [], {"NEO4J_URI": "garbage"}, _bad_uri("garbage", f"the scheme must be one of {SCHEMES}")),
    ("env-uri-user-info", [], {"NEO4J_URI": f"bolt://admin:{SECRET}@127.0.0.1:1"},
     _bad_uri(DOWN, f"it holds a user name or password: {CREDENTIALS}")),
    ("env-uri-no-host", [], {"NEO4J_URI": "neo4j://:7687"},
     _bad_uri("neo4j://:7687", "it names no host, e.g. bolt://127.0.0.1:7687")),
    # nothing listens: the answer is "unreachable", after every setting was found usable
    ("unreachable", ["--uri", DOWN], {}, _unreachable(DOWN)),
    ("unreachable-routing", ["--uri", "neo4j://127.0.0.1:9"], {}, _unreachable("neo4j://127.0.0.1:9")),
    ("unreachable-from-env", [], {"NEO4J_URI": DOWN, "NEO4J_PASSWORD": SECRET, "NEO4J_DATABASE": "alliances"},
     _unreachable(DOWN, "database 'alliances'")),
    ("unreachable-with-password", ["--uri", DOWN, "--user", "analyst", "--password", SECRET], {}, _unreachable(DOWN)),
    ("database-with-space", ["--uri", DOWN, "--database", "my db"], {},
     f"cannot use Neo4j database name 'my db': {NAME_RULE}"),
    ("database-cypher", ["--uri", DOWN, "--database", "neo4j`; DROP DATABASE neo4j"], {},
     f"cannot use Neo4j database name 'neo4j`; DROP DATABASE neo4j': {NAME_RULE}"),
    ("database-trailing-dot", ["--uri", DOWN, "--database", "alliances."], {},
     f"cannot use Neo4j database name 'alliances.': {NAME_RULE}"),
    ("database-reserved-underscore", ["--uri", DOWN, "--database", "_internal"], {},
     f"cannot use Neo4j database name '_internal': {NAME_RULE}"),
    ("database-empty", ["--uri", DOWN, "--database", ""], {},
     "the Neo4j database name is empty: give a name, or none for the server's default database"),
    ("env-database-bad", ["--uri", DOWN], {"NEO4J_DATABASE": "alli ances"},
     f"cannot use Neo4j database name 'alli ances': {NAME_RULE}"),
    ("password-empty", ["--uri", DOWN, "--password", ""], {},
     ("the Neo4j password is empty: give the password, or none to connect without authentication "
      "(check --password or NEO4J_PASSWORD)")),
    ("user-empty", ["--uri", DOWN, "--user", "", "--password", SECRET], {},
     "the Neo4j user name is empty (check --user or NEO4J_USERNAME)"),
]

COMMANDS: list[tuple[str, list[str], str]] = [
    # (command, its arguments before the connection options, what it adds to the library's message)
    ("load", ["load"], "; nothing was written"),
    ("clusters", ["clusters", "--neo4j", "--as-of", "2024-12-31"], ""),
    ("view", ["view", "--neo4j", "--as-of", "2024-12-31", "-o", "view.html"], ""),
]

EVERY_COMMAND = {"scheme-http", "no-host", "port-not-a-number", "port-out-of-range", "uri-user-info-bolt",
                 "env-uri-garbage", "unreachable", "database-with-space", "password-empty"}
"""The kinds tried with every command; each other kind with one command (in turn), as all three share the one
check of :class:`~alliancegraph.neo4j_store.Neo4jStore`."""

MINI_SOURCES = "sources:\n  - {id: s1, publisher: Test Publisher, title: Hand-made test facts, date: 2025-01-01}\n"
BAD_STATES = "states:\n  - {id: USA, name: United States, ccode: 99999, sources: [s1]}\n"


def cases() -> list[Case]:
    out = [Case(f"neo4j:{kind}:{command}", [*head, *options], f"Error: {message}{tail}", env=env,
                files={"view.html": OLD_VIEW} if command == "view" else {},
                unchanged=("view.html",))
           for i, (kind, options, env, message) in enumerate(SETTINGS)
           for command, head, tail in (COMMANDS if kind in EVERY_COMMAND else [COMMANDS[i % len(COMMANDS)]])]
    out += [
        # the facts are validated before anything connects: their error comes first, the server is never asked
        Case("neo4j:load-bad-facts-unreachable", ["load", "facts", "--uri", DOWN],
             "Error: 1 problem(s) in the facts; nothing was run (see `alliancegraph validate`)",
             files={"facts/sources.yaml": MINI_SOURCES, "facts/states.yaml": BAD_STATES},
             unchanged=("facts/sources.yaml", "facts/states.yaml")),
        Case("neo4j:load-bad-facts-bad-uri", ["load", "facts", "--uri", "http://127.0.0.1:1"],
             "Error: 1 problem(s) in the facts; nothing was run (see `alliancegraph validate`)",
             files={"facts/sources.yaml": MINI_SOURCES, "facts/states.yaml": BAD_STATES}),
        Case("neo4j:load-bad-dataset-unreachable", ["load", "--dataset", "cow-mida", "mida.csv", "--uri", DOWN],
             "Error: mida.csv:1: column 'endyear': the header lacks endyear, hostlev, outcome, styear "
             "(read as cow-mida)",
             files={"mida.csv": "dispnum,stday\n1,1\n"}, unchanged=("mida.csv",)),
        # options of the load set and the batches: usage errors of click (exit 2)
        *[Case(f"neo4j:batch-size-{slug}", ["load", "--uri", DOWN, "--batch-size", value],
               f"Error: Invalid value for '--batch-size': {why}", exit_code=2)
          for slug, value, why in [("zero", "0", "0 is not in the range x>=1."),
                                   ("negative", "-5", "-5 is not in the range x>=1."),
                                   ("not-a-number", "many", "'many' is not a valid integer range.")]],
        *[Case(f"neo4j:load-set-{slug}:{command}", [*args, "--uri", DOWN, "--load-set", value],
               "Error: Invalid value for '--load-set': a load set needs a name (leave the option out for the default)",
               exit_code=2)
          for slug, value in [("empty", ""), ("blank", "  ")]
          for command, args in [("load", ["load"]), ("clusters", ["clusters", "--neo4j"])]],
        Case("neo4j:neo4j-and-facts", ["clusters", "--neo4j", "--facts", "{seed}", "--uri", DOWN],
             "Error: --facts (or --overlay) and --neo4j exclude each other: the graph comes from one place"),
    ]
    return out
