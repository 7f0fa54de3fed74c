"""Multi-row INSERT and UPDATE into this addon's own tables: import logs and folders.

An import writes thousands of such rows per batch. The ORM's ``create()`` works out
the defaults of each row one by one, which costs more than the partners do. These
tables have no stored computed fields and no create logic, so a plain INSERT writes
the same rows; their defaults are still asked of the ORM, once per call. Partners
always go through ``create()``: other modules extend it.
"""

from collections import defaultdict

from psycopg2.extras import Json

from odoo import models
from odoo.tools import SQL

ROWS_PER_STATEMENT = 1000


def reserve_ids(model, count):
    """``count`` new ids of ``model``'s table, e.g. to link rows before they exist."""
    if not count:
        return []
    rows = model.env.execute_query(
        SQL(
            "SELECT nextval(pg_get_serial_sequence(%s, 'id')) FROM generate_series(1, %s)",
            model._table,
            count,
        )
    )
    return [row[0] for row in rows]


def insert_rows(model, vals_list):
    """Insert ``vals_list`` (plain column values) into ``model``'s table; returns the
    new records, in order."""
    if not vals_list:
        return model.browse()
    stored = [
        name
        for name, field in model._fields.items()
        if field.store and field.column_type and name not in models.MAGIC_COLUMNS
    ]
    defaults = model.default_get(stored)
    now, uid = model.env.cr.now(), model.env.uid
    log_values = {"create_uid": uid, "create_date": now, "write_uid": uid, "write_date": now}
    given = {name for vals in vals_list for name in vals}
    columns = [*sorted(given | set(defaults)), *log_values]
    fields = [model._fields[name] for name in columns]
    rows = []
    for vals in vals_list:
        row = {**defaults, **log_values, **vals}
        rows.append([column_value(field, row.get(field.name)) for field in fields])
    placeholder = "(" + ", ".join(["%s"] * len(columns)) + ")"
    column_list = SQL(", ").join(SQL.identifier(name) for name in columns)
    ids = []
    for start in range(0, len(rows), ROWS_PER_STATEMENT):
        chunk = rows[start : start + ROWS_PER_STATEMENT]
        values = SQL(", ".join([placeholder] * len(chunk)), *(v for row in chunk for v in row))
        ids += [
            row[0]
            for row in model.env.execute_query(
                SQL(
                    "INSERT INTO %s (%s) VALUES %s RETURNING id",
                    SQL.identifier(model._table),
                    column_list,
                    values,
                )
            )
        ]
    invalidate_inverses(model)
    return model.browse(ids)


def invalidate_inverses(model):
    """The one2many fields listing ``model``'s rows (a job's logs) read them afresh:
    rows written in SQL are not in the ORM's cache."""
    for field in model._fields.values():
        for inverse in model.pool.field_inverses[field]:
            model.env[inverse.model_name].invalidate_model([inverse.name])


def column_value(field, value):
    """``value`` as the ORM would store it: False is NULL but in a boolean column."""
    if value is False and field.type != "boolean":
        return None
    if field.type == "json" and value is not None:
        return Json(value)
    return value


def update_rows(model, values_by_id):
    """Update rows of ``model``'s table, ``{id: {column: value}}``, one statement per
    set of columns."""
    by_columns = defaultdict(list)
    for record_id, vals in values_by_id.items():
        by_columns[tuple(sorted(vals))].append((record_id, vals))
    for columns, rows in by_columns.items():
        fields = [model._fields[name] for name in columns]
        for start in range(0, len(rows), ROWS_PER_STATEMENT):
            chunk = rows[start : start + ROWS_PER_STATEMENT]
            placeholder = "(" + ", ".join(["%s"] * (len(columns) + 1)) + ")"
            values = SQL(
                ", ".join([placeholder] * len(chunk)),
                *(
                    value
                    for record_id, vals in chunk
                    for value in (
                        record_id,
                        *(column_value(field, vals[field.name]) for field in fields),
                    )
                ),
            )
            # VALUES leaves JSON and text untyped: cast each to its column's type.
            assignments = SQL(", ").join(
                SQL(
                    f"%s = v.%s::{field.column_type[1]}",
                    SQL.identifier(field.name),
                    SQL.identifier(field.name),
                )
                for field in fields
            )
            casts = SQL(", ").join(SQL.identifier(name) for name in ("id", *columns))
            model.env.execute_query(
                SQL(
                    "UPDATE %s t SET %s FROM (VALUES %s) AS v(%s) WHERE t.id = v.id",
                    SQL.identifier(model._table),
                    assignments,
                    values,
                    casts,
                )
            )
    model.invalidate_model()
    invalidate_inverses(model)
