"""`arl serve`: the receivables in a browser, from the same files and the same reports.

A small read-only Starlette application. Every figure comes from the report functions the
command line uses (never a second implementation); pages are rendered on the server from
Jinja templates and work without JavaScript; charts are inline SVG drawn here, each mark
carrying its figure in `data-` attributes, so nothing is fetched from anywhere.
"""
