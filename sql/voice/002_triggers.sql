-- updated_at, and a call's duration computed from its start and end.

CREATE OR REPLACE FUNCTION voice.set_updated_at() RETURNS trigger
LANGUAGE plpgsql SET search_path = '' AS $$
BEGIN
  NEW.updated_at := now();
  RETURN NEW;
END
$$;

CREATE OR REPLACE FUNCTION voice.set_call_duration() RETURNS trigger
LANGUAGE plpgsql SET search_path = '' AS $$
BEGIN
  IF NEW.started_at IS NOT NULL AND NEW.ended_at IS NOT NULL THEN
    NEW.duration_seconds := floor(extract(epoch FROM NEW.ended_at - NEW.started_at))::integer;
  END IF;
  RETURN NEW;
END
$$;

CREATE OR REPLACE TRIGGER agent_configurations_set_updated_at BEFORE UPDATE ON voice.agent_configurations
  FOR EACH ROW EXECUTE FUNCTION voice.set_updated_at();
CREATE OR REPLACE TRIGGER test_calls_set_updated_at BEFORE UPDATE ON voice.test_calls
  FOR EACH ROW EXECUTE FUNCTION voice.set_updated_at();
CREATE OR REPLACE TRIGGER test_calls_set_duration BEFORE INSERT OR UPDATE OF started_at, ended_at ON voice.test_calls
  FOR EACH ROW EXECUTE FUNCTION voice.set_call_duration();

REVOKE EXECUTE ON FUNCTION voice.set_updated_at(), voice.set_call_duration() FROM PUBLIC;
