"""alliancegraph's benchmarks: loading into Neo4j, analysis and views, each against a baseline measured in
the same run on the same data. Run ``python -m benchmarks`` (docs/performance.md)."""
