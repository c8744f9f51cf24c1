"""The product catalogue's CRUD on the ``catalog`` table (``handler.handler``)."""
