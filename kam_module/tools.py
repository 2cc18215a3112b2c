# Copyright 2026 KAM Module Authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).


def pg_array(values):
    """Numbers as one PostgreSQL array literal, to bind as ``%s::int[]``.

    psycopg2 sends a list as ``ARRAY[...]`` with one constant per element,
    which PostgreSQL parses ten times slower than a literal: a quarter of a
    second for the 50,000 raw values of one criterion.
    """
    items = ",".join("NULL" if value is None else repr(value) for value in values)
    return f"{{{items}}}"
