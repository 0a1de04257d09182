-- Status-driven timestamps, updated_at, and per-user statistics.

CREATE OR REPLACE FUNCTION jobs.set_updated_at() RETURNS trigger
LANGUAGE plpgsql SET search_path = '' AS $$
BEGIN
  NEW.updated_at := now();
  RETURN NEW;
END
$$;

-- Moving to running stamps started_at; to a final status stamps completed_at (unless given).
CREATE OR REPLACE FUNCTION jobs.stamp_status_times() RETURNS trigger
LANGUAGE plpgsql SET search_path = '' AS $$
BEGIN
  IF NEW.status = 'running' AND NEW.started_at IS NULL THEN
    NEW.started_at := now();
    NEW.attempts := NEW.attempts + 1;
  END IF;
  IF NEW.status IN ('completed', 'failed', 'cancelled') AND NEW.completed_at IS NULL THEN
    NEW.completed_at := now();
    IF NEW.status <> 'cancelled' AND NEW.started_at IS NULL THEN
      NEW.started_at := NEW.completed_at;
    END IF;
  END IF;
  IF NEW.status = 'pending' THEN
    NEW.started_at := NULL;
    NEW.completed_at := NULL;
  END IF;
  RETURN NEW;
END
$$;

CREATE OR REPLACE TRIGGER jobs_set_updated_at BEFORE UPDATE ON jobs.jobs
  FOR EACH ROW EXECUTE FUNCTION jobs.set_updated_at();
CREATE OR REPLACE TRIGGER jobs_stamp_status_times BEFORE INSERT OR UPDATE OF status ON jobs.jobs
  FOR EACH ROW EXECUTE FUNCTION jobs.stamp_status_times();

-- The caller's statistics. SECURITY INVOKER: RLS applies, so a user asking for someone else's
-- id gets zeros, never their data.
CREATE OR REPLACE FUNCTION jobs.get_job_stats(p_user_id uuid DEFAULT NULL)
RETURNS TABLE (
  total bigint, pending bigint, running bigint, completed bigint, failed bigint, cancelled bigint,
  avg_duration_seconds numeric
)
LANGUAGE sql STABLE SECURITY INVOKER SET search_path = '' AS $$
  SELECT count(*),
         count(*) FILTER (WHERE j.status = 'pending'),
         count(*) FILTER (WHERE j.status = 'running'),
         count(*) FILTER (WHERE j.status = 'completed'),
         count(*) FILTER (WHERE j.status = 'failed'),
         count(*) FILTER (WHERE j.status = 'cancelled'),
         round(avg(extract(epoch FROM j.completed_at - j.started_at)) FILTER (WHERE j.status = 'completed'), 2)
    FROM jobs.jobs j
   WHERE j.user_id = coalesce(p_user_id, (SELECT auth.uid()))
$$;

REVOKE EXECUTE ON FUNCTION jobs.set_updated_at(), jobs.stamp_status_times(), jobs.get_job_stats(uuid) FROM PUBLIC;
