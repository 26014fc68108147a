"""``accord serve``: the web app (FastAPI, server-side HTML with htmx, Plotly charts).

:func:`accord.web.app.create_app` builds the app around a :class:`accord.store.Store`.
Pages and the JSON API call the same library functions as the command line; nothing here
computes a number itself.
"""
