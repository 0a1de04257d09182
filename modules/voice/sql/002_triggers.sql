-- The source's updated_at trigger function and its two triggers (voice.md, section 2.1), in schema
-- voice, with a fixed empty search_path (it only calls now()) and EXECUTE revoked from PUBLIC: a
-- trigger function is never called through the API. Added: test_calls.duration_seconds is filled
-- from started_at/ended_at when the writer leaves it NULL (a value the writer gives is kept).

CREATE OR REPLACE FUNCTION update_updated_at_column()
RETURNS TRIGGER
LANGUAGE plpgsql
SET search_path = ''
AS $$
BEGIN
    NEW.updated_at = NOW();
    RETURN NEW;
END;
$$;

CREATE OR REPLACE TRIGGER update_agent_config_updated_at
    BEFORE UPDATE ON agent_configurations
    FOR EACH ROW EXECUTE FUNCTION update_updated_at_column();

CREATE OR REPLACE TRIGGER update_test_calls_updated_at
    BEFORE UPDATE ON test_calls
    FOR EACH ROW EXECUTE FUNCTION update_updated_at_column();

CREATE OR REPLACE FUNCTION fill_call_duration()
RETURNS TRIGGER
LANGUAGE plpgsql
SET search_path = ''
AS $$
BEGIN
    IF NEW.duration_seconds IS NULL AND NEW.started_at IS NOT NULL AND NEW.ended_at IS NOT NULL THEN
        NEW.duration_seconds := floor(extract(epoch FROM NEW.ended_at - NEW.started_at))::integer;
    END IF;
    RETURN NEW;
END;
$$;

CREATE OR REPLACE TRIGGER fill_test_calls_duration
    BEFORE INSERT OR UPDATE OF started_at, ended_at, duration_seconds ON test_calls
    FOR EACH ROW EXECUTE FUNCTION fill_call_duration();

REVOKE EXECUTE ON FUNCTION update_updated_at_column(), fill_call_duration() FROM PUBLIC;
