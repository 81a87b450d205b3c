"""Views and exports: the HTML network view (pyvis) and file exports (GraphML, GEXF, JSON node-link,
Cytoscape.js, neo4j-admin CSV, Cypher), images and the timeline's charts.

Owns: nothing of its own; the subpackage holds everything that draws or writes a graph for people and other
tools: the HTML views (:mod:`.html`, :mod:`.notebook`, :mod:`.layout`), the static image (:mod:`.image`),
the timeline's charts (:mod:`.timeline`, :mod:`.alluvial`), the file exports (:mod:`.exports`) and the
headless browser that checks the views (:mod:`.browser`). Only views draw: jinja2, pyvis and matplotlib
are imported here alone.

Must not know: how an analysis is computed (views call the analyses and show their results), the Neo4j
store and Bolt (the Neo4j file forms are :mod:`alliancegraph.neo4j_rows`'), the command line.
"""
