"""The editors' report: one static HTML page beside the warehouse, nothing fetched from the network.

model (the view-model) <- build (from warehouse.report_queries) -> render (Jinja2, templates/) -> write.
"""
