"""Guards kept by the database itself (PostgreSQL; the embedded SQLite run has none).

- The access log is append-only: UPDATE is refused, DELETE too except inside the
  retention purge, which sets `egov.audit_purge` for its own transaction.
- Every row Django's admin writes to its log (add, change, delete, bulk deletes
  included) is copied to the access log.
- The agency tree refuses cycles; tree changes are serialised by an advisory lock
  so that two concurrent re-parentings cannot close a loop together.
"""

from django.db import migrations

FORWARD = """
CREATE OR REPLACE FUNCTION accounts_accesslog_append_only() RETURNS trigger AS $$
BEGIN
    IF TG_OP = 'DELETE' AND current_setting('egov.audit_purge', true) = 'on' THEN
        RETURN OLD;
    END IF;
    RAISE EXCEPTION 'accounts_accesslog is append-only (% refused)', TG_OP
        USING ERRCODE = 'insufficient_privilege';
END $$ LANGUAGE plpgsql;

CREATE TRIGGER accounts_accesslog_append_only
    BEFORE UPDATE OR DELETE ON accounts_accesslog
    FOR EACH ROW EXECUTE FUNCTION accounts_accesslog_append_only();

CREATE OR REPLACE FUNCTION accounts_admin_log_copy() RETURNS trigger AS $$
BEGIN
    INSERT INTO accounts_accesslog
        (at, actor_id, action, channel, object_type, object_ref, detail)
    SELECT NEW.action_time, NEW.user_id,
           CASE NEW.action_flag WHEN 1 THEN 'admin_add'
                                WHEN 2 THEN 'admin_change'
                                ELSE 'admin_delete' END,
           'admin',
           COALESCE(ct.app_label || '.' || ct.model, ''),
           LEFT(COALESCE(NEW.object_id, ''), 80),
           LEFT(NEW.object_repr || ' ' || COALESCE(NEW.change_message, ''), 255)
    FROM (SELECT 1) AS one
    LEFT JOIN django_content_type ct ON ct.id = NEW.content_type_id;
    RETURN NEW;
END $$ LANGUAGE plpgsql;

CREATE TRIGGER accounts_admin_log_copy
    AFTER INSERT ON django_admin_log
    FOR EACH ROW EXECUTE FUNCTION accounts_admin_log_copy();

CREATE OR REPLACE FUNCTION accounts_agency_no_cycle() RETURNS trigger AS $$
BEGIN
    IF NEW.parent_id IS NULL THEN
        RETURN NEW;
    END IF;
    PERFORM pg_advisory_xact_lock(hashtext('accounts_agency_tree'));
    IF NEW.parent_id = NEW.id OR EXISTS (
        WITH RECURSIVE up(id, parent_id, depth) AS (
            SELECT id, parent_id, 1 FROM accounts_agency WHERE id = NEW.parent_id
            UNION ALL
            SELECT a.id, a.parent_id, up.depth + 1
            FROM accounts_agency a JOIN up ON a.id = up.parent_id
            WHERE up.depth < 100
        )
        SELECT 1 FROM up WHERE up.id = NEW.id
    ) THEN
        RAISE EXCEPTION 'agency % cannot be below itself', NEW.id
            USING ERRCODE = 'check_violation';
    END IF;
    RETURN NEW;
END $$ LANGUAGE plpgsql;

CREATE TRIGGER accounts_agency_no_cycle
    BEFORE INSERT OR UPDATE OF parent_id ON accounts_agency
    FOR EACH ROW EXECUTE FUNCTION accounts_agency_no_cycle();
"""

BACKWARD = """
DROP TRIGGER IF EXISTS accounts_agency_no_cycle ON accounts_agency;
DROP FUNCTION IF EXISTS accounts_agency_no_cycle();
DROP TRIGGER IF EXISTS accounts_admin_log_copy ON django_admin_log;
DROP FUNCTION IF EXISTS accounts_admin_log_copy();
DROP TRIGGER IF EXISTS accounts_accesslog_append_only ON accounts_accesslog;
DROP FUNCTION IF EXISTS accounts_accesslog_append_only();
"""


def _on_postgresql(sql):
    def run(apps, schema_editor):
        if schema_editor.connection.vendor == "postgresql":
            schema_editor.execute(sql, None)  # no parameters: keep the % of RAISE

    return run


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0003_verify_eid_accounts"),
        ("admin", "0003_logentry_add_action_flag_choices"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [
        migrations.RunPython(_on_postgresql(FORWARD), _on_postgresql(BACKWARD)),
    ]
