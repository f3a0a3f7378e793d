"""An EXISTS condition that the database checks for each row it reads."""

from __future__ import annotations

from django.db.models import Exists


class ExistsPerRow(Exists):
    """EXISTS, asked of each case (or request, deadline…) as the list reads it, on PostgreSQL as
    SQLite always does.

    Lists read the newest rows first from an index and stop after a page. Inside an OR, though,
    PostgreSQL turns an EXISTS into a "hashed subplan" that first collects the matching rows of
    the whole office (every request to the US: 66,000 of them) before it reads the first case:
    60 to 140 ms for each filtered list of the central authority or a supervisor, where asking the
    few hundred cases read costs 2 to 5 ms. "OFFSET 0" in a subquery keeps PostgreSQL from
    rewriting it. The price: a filter that matches almost nothing reads through all of the
    user's cases, as it does on SQLite (docs/performance.md has both figures).
    """

    def as_postgresql(self, compiler, connection, **extra_context):
        sql, params = self.as_sql(compiler, connection, **extra_context)
        assert sql.endswith(")"), sql  # EXISTS(…) or NOT EXISTS(…)
        return f"{sql[:-1]} OFFSET 0)", params
