"""Views and exports: the HTML network view (pyvis) and file exports (GraphML, JSON node-link)."""
