"""Filters and who-sees-what are asked per case as a list reads its cases, on PostgreSQL too:
the same answers as a plain EXISTS, without collecting the office's matching rows first."""

import pytest
from django.db import connection
from django.db.models import Exists, OuterRef, Q
from django.http import QueryDict

from evidesk.accounts.models import Role, User
from evidesk.cases.access import cases_visible_to
from evidesk.cases.demo import load_demo
from evidesk.cases.models import Case, Request
from evidesk.cases.per_row import ExistsPerRow
from evidesk.cases.search import matching_cases


@pytest.fixture
def office(owner, kb):
    load_demo(owner)
    return User.objects.create_user(
        "central", password="pass-phrase-1234", role=Role.CENTRAL_AUTHORITY
    )


@pytest.mark.parametrize("negated", [False, True])
def test_the_same_cases_as_a_plain_exists(office, negated):
    for country in ("US", "DE", "IE", "XX"):
        asked = {"case": OuterRef("pk"), "requested_country": country}
        plain, per_row = (
            Exists(Request.objects.filter(**asked)),
            ExistsPerRow(Request.objects.filter(**asked)),
        )
        if negated:
            plain, per_row = ~plain, ~per_row
        expected = set(Case.objects.filter(plain).values_list("pk", flat=True))
        assert set(Case.objects.filter(per_row).values_list("pk", flat=True)) == expected
        # …also inside an OR, where PostgreSQL would otherwise rewrite it
        either = Q(reference__startswith="DEMO-KZ")
        assert set(Case.objects.filter(either | Q(per_row)).values_list("pk", flat=True)) == set(
            Case.objects.filter(either | Q(plain)).values_list("pk", flat=True)
        )


def test_a_filtered_list_asks_each_case_it_reads(office):
    listed = matching_cases(cases_visible_to(office), QueryDict("country=US&q=gmail"))
    query = listed.order_by("-updated_at", "pk")[:26]
    sql, params = query.query.sql_with_params()
    if connection.vendor == "postgresql":
        # the central authority's rule and both filters: each EXISTS kept as written
        assert sql.count("LIMIT 1 OFFSET 0)") == 4
        with connection.cursor() as cursor:
            cursor.execute("EXPLAIN " + sql, params)
            plan = "\n".join(row[0] for row in cursor.fetchall())
        # Only the user's own cases (team, break-glass: a few hundred ids) are collected first.
        assert plan.count("hashed SubPlan") == 1, plan
    else:
        assert "OFFSET" not in sql  # SQLite asks per case anyway
    assert list(query)  # and the demo's Gmail case to the US is found
