-- Write rules (docs/modules/voice.md, "Write rules"). A signed-in user creates configurations in
-- their own name only: created_by defaults to the caller's auth.uid(), and the source's policy
-- "Users can create configs" (WITH CHECK created_by = auth.uid()) refuses any other value. The
-- backend (service key: no `sub`, or SQLAlchemy without JWT claims) gets NULL as before unless it
-- names a user. Which columns each role may write is declared as column grants in
-- modules/voice/module.ts.
ALTER TABLE agent_configurations ALTER COLUMN created_by SET DEFAULT auth.uid();

-- Ids never change: Retell webhooks, the application and the child rows refer to them (a changed
-- configuration or call id would fail on its children anyway, with a foreign-key error). Refused
-- with 42501 like any other write the caller may not make.
CREATE OR REPLACE FUNCTION keep_id()
RETURNS TRIGGER
LANGUAGE plpgsql
SET search_path = ''
AS $$
BEGIN
    IF NEW.id IS DISTINCT FROM OLD.id THEN
        RAISE EXCEPTION 'id of %.% cannot change', TG_TABLE_SCHEMA, TG_TABLE_NAME USING ERRCODE = 'insufficient_privilege';
    END IF;
    RETURN NEW;
END;
$$;

CREATE OR REPLACE TRIGGER keep_agent_config_id BEFORE UPDATE OF id ON agent_configurations
    FOR EACH ROW EXECUTE FUNCTION keep_id();
CREATE OR REPLACE TRIGGER keep_test_call_id BEFORE UPDATE OF id ON test_calls
    FOR EACH ROW EXECUTE FUNCTION keep_id();
CREATE OR REPLACE TRIGGER keep_call_result_id BEFORE UPDATE OF id ON call_results
    FOR EACH ROW EXECUTE FUNCTION keep_id();

REVOKE EXECUTE ON FUNCTION keep_id() FROM PUBLIC;
