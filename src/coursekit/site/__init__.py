"""The course site: rendering a Course into Markdown pages (pure), the site's settings
and static files, and the engine adapters that build or serve it (the MkDocs plugin,
``coursekit build``/``serve``, a rendered folder for other engines)."""
