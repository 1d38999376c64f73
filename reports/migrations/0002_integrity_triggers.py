"""Invariants that a check constraint cannot express, kept by the database itself.

- a section's parent belongs to the same report, and parents never form a cycle;
- an indicator value's section belongs to the value's report;
- a report's 索引号 never changes once assigned.
"""

from django.db import migrations

SQLITE_UP = [
    """
    CREATE TRIGGER reports_section_parent_same_report
    BEFORE INSERT ON reports_section
    WHEN NEW.parent_id IS NOT NULL AND
         (SELECT report_id FROM reports_section WHERE id = NEW.parent_id) IS NOT NEW.report_id
    BEGIN SELECT RAISE(ABORT, 'section parent belongs to another report'); END
    """,
    """
    CREATE TRIGGER reports_section_parent_same_report_upd
    BEFORE UPDATE OF parent_id, report_id ON reports_section
    WHEN NEW.parent_id IS NOT NULL AND
         (SELECT report_id FROM reports_section WHERE id = NEW.parent_id) IS NOT NEW.report_id
    BEGIN SELECT RAISE(ABORT, 'section parent belongs to another report'); END
    """,
    """
    CREATE TRIGGER reports_section_no_cycle
    BEFORE UPDATE OF parent_id ON reports_section
    WHEN NEW.parent_id IS NOT NULL AND EXISTS (
        WITH RECURSIVE ancestors(id) AS (
            SELECT NEW.parent_id
            UNION
            SELECT s.parent_id FROM reports_section s JOIN ancestors a ON s.id = a.id
            WHERE s.parent_id IS NOT NULL
        )
        SELECT 1 FROM ancestors WHERE id = NEW.id
    )
    BEGIN SELECT RAISE(ABORT, 'section parents would form a cycle'); END
    """,
    """
    CREATE TRIGGER reports_value_section_same_report
    BEFORE INSERT ON reports_indicatorvalue
    WHEN NEW.section_id IS NOT NULL AND
         (SELECT report_id FROM reports_section WHERE id = NEW.section_id) IS NOT NEW.report_id
    BEGIN SELECT RAISE(ABORT, 'indicator value section belongs to another report'); END
    """,
    """
    CREATE TRIGGER reports_value_section_same_report_upd
    BEFORE UPDATE OF section_id, report_id ON reports_indicatorvalue
    WHEN NEW.section_id IS NOT NULL AND
         (SELECT report_id FROM reports_section WHERE id = NEW.section_id) IS NOT NEW.report_id
    BEGIN SELECT RAISE(ABORT, 'indicator value section belongs to another report'); END
    """,
    """
    CREATE TRIGGER reports_report_index_number_fixed
    BEFORE UPDATE OF index_number ON reports_annualreport
    WHEN OLD.index_number IS NOT NULL AND NEW.index_number IS NOT OLD.index_number
    BEGIN SELECT RAISE(ABORT, 'index number cannot change once assigned'); END
    """,
]

SQLITE_DOWN = [
    f"DROP TRIGGER IF EXISTS {name}"
    for name in (
        "reports_section_parent_same_report",
        "reports_section_parent_same_report_upd",
        "reports_section_no_cycle",
        "reports_value_section_same_report",
        "reports_value_section_same_report_upd",
        "reports_report_index_number_fixed",
    )
]

POSTGRES_UP = [
    """
    CREATE OR REPLACE FUNCTION reports_section_check_parent() RETURNS trigger AS $$
    DECLARE
        parent_report bigint;
        cursor_id bigint;
        steps integer := 0;
    BEGIN
        IF NEW.parent_id IS NULL THEN
            RETURN NEW;
        END IF;
        SELECT report_id INTO parent_report FROM reports_section WHERE id = NEW.parent_id;
        IF parent_report IS DISTINCT FROM NEW.report_id THEN
            RAISE EXCEPTION 'section parent belongs to another report'
                USING ERRCODE = 'integrity_constraint_violation';
        END IF;
        cursor_id := NEW.parent_id;
        WHILE cursor_id IS NOT NULL LOOP
            IF cursor_id = NEW.id THEN
                RAISE EXCEPTION 'section parents would form a cycle'
                    USING ERRCODE = 'integrity_constraint_violation';
            END IF;
            steps := steps + 1;
            IF steps > 10000 THEN
                RAISE EXCEPTION 'section parents would form a cycle'
                    USING ERRCODE = 'integrity_constraint_violation';
            END IF;
            SELECT parent_id INTO cursor_id FROM reports_section WHERE id = cursor_id;
        END LOOP;
        RETURN NEW;
    END;
    $$ LANGUAGE plpgsql
    """,
    """
    CREATE TRIGGER reports_section_check_parent
    BEFORE INSERT OR UPDATE OF parent_id, report_id ON reports_section
    FOR EACH ROW EXECUTE FUNCTION reports_section_check_parent()
    """,
    """
    CREATE OR REPLACE FUNCTION reports_value_check_section() RETURNS trigger AS $$
    BEGIN
        IF NEW.section_id IS NOT NULL AND (
            SELECT report_id FROM reports_section WHERE id = NEW.section_id
        ) IS DISTINCT FROM NEW.report_id THEN
            RAISE EXCEPTION 'indicator value section belongs to another report'
                USING ERRCODE = 'integrity_constraint_violation';
        END IF;
        RETURN NEW;
    END;
    $$ LANGUAGE plpgsql
    """,
    """
    CREATE TRIGGER reports_value_check_section
    BEFORE INSERT OR UPDATE OF section_id, report_id ON reports_indicatorvalue
    FOR EACH ROW EXECUTE FUNCTION reports_value_check_section()
    """,
    """
    CREATE OR REPLACE FUNCTION reports_report_index_number_fixed() RETURNS trigger AS $$
    BEGIN
        IF OLD.index_number IS NOT NULL AND NEW.index_number IS DISTINCT FROM OLD.index_number THEN
            RAISE EXCEPTION 'index number cannot change once assigned'
                USING ERRCODE = 'integrity_constraint_violation';
        END IF;
        RETURN NEW;
    END;
    $$ LANGUAGE plpgsql
    """,
    """
    CREATE TRIGGER reports_report_index_number_fixed
    BEFORE UPDATE OF index_number ON reports_annualreport
    FOR EACH ROW EXECUTE FUNCTION reports_report_index_number_fixed()
    """,
]

POSTGRES_DOWN = [
    "DROP TRIGGER IF EXISTS reports_section_check_parent ON reports_section",
    "DROP FUNCTION IF EXISTS reports_section_check_parent()",
    "DROP TRIGGER IF EXISTS reports_value_check_section ON reports_indicatorvalue",
    "DROP FUNCTION IF EXISTS reports_value_check_section()",
    "DROP TRIGGER IF EXISTS reports_report_index_number_fixed ON reports_annualreport",
    "DROP FUNCTION IF EXISTS reports_report_index_number_fixed()",
]


def _run(statements_by_vendor):
    def run(apps, schema_editor):
        statements = statements_by_vendor.get(schema_editor.connection.vendor)
        if statements is None:
            raise RuntimeError(
                f"No integrity triggers for database {schema_editor.connection.vendor!r}; "
                "the portal supports SQLite and PostgreSQL."
            )
        for statement in statements:
            schema_editor.execute(statement)

    return run


class Migration(migrations.Migration):
    dependencies = [("reports", "0001_initial")]

    operations = [
        migrations.RunPython(
            _run({"sqlite": SQLITE_UP, "postgresql": POSTGRES_UP}),
            _run({"sqlite": SQLITE_DOWN, "postgresql": POSTGRES_DOWN}),
        )
    ]
