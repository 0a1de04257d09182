-- jobs: updated_at kept by the database (the source: "When the job was last updated (auto-updated)"),
-- status-driven times, the status machine, and get_job_stats().
-- Trigger functions are SECURITY INVOKER with an empty search_path; EXECUTE is revoked from PUBLIC.

-- The job's life: pending -> running -> completed | failed, and pending | running -> cancelled
-- (pending may also finish directly: the source's update_job_status() moves any job to completed or
-- failed). A finished job (completed, failed, cancelled) never changes status again: a retry is a
-- new job. Entering running stamps started_at, finishing stamps completed_at, unless the caller
-- gave one (the backend's "NOW()", which PostgreSQL reads as the transaction's time); a pending
-- job has neither (whatever the request said).
CREATE OR REPLACE FUNCTION follow_status() RETURNS trigger
LANGUAGE plpgsql SET search_path = '' AS $$
BEGIN
  IF TG_OP = 'UPDATE' AND NEW.status IS DISTINCT FROM OLD.status THEN
    IF OLD.status IN ('completed', 'failed', 'cancelled') OR (OLD.status = 'running' AND NEW.status = 'pending') THEN
      RAISE EXCEPTION 'job % is %: it cannot become %', OLD.id, OLD.status, NEW.status
        USING ERRCODE = 'check_violation', HINT = 'pending -> running -> completed | failed; pending | running -> cancelled; a finished job is final';
    END IF;
  END IF;
  IF NEW.status = 'pending' THEN
    NEW.started_at := NULL;
    NEW.completed_at := NULL;
  END IF;
  IF NEW.status = 'running' AND NEW.started_at IS NULL THEN
    NEW.started_at := now();
  END IF;
  IF NEW.status IN ('completed', 'failed', 'cancelled') AND NEW.completed_at IS NULL THEN
    NEW.completed_at := now();
  END IF;
  RETURN NEW;
END
$$;

-- @helper set_updated_at(jobs)
CREATE OR REPLACE TRIGGER jobs_follow_status BEFORE INSERT OR UPDATE ON jobs
  FOR EACH ROW EXECUTE FUNCTION follow_status();

-- Source: get_job_stats(p_user_id UUID) RETURNS JSON ... SECURITY DEFINER, without a search_path.
-- As written, any signed-in user could read anyone's statistics (the definer bypasses RLS) and the
-- unqualified `jobs` resolved through the caller's search_path. Here it is SECURITY INVOKER with an
-- empty search_path: RLS applies, so a user asking for another user's id gets zeros, and the
-- backend (service_role) gets anyone's. Same name, argument, result shape and keys.
CREATE OR REPLACE FUNCTION get_job_stats(p_user_id uuid)
RETURNS json
LANGUAGE plpgsql STABLE SECURITY INVOKER SET search_path FROM CURRENT AS $$
BEGIN
  RETURN (
    SELECT json_build_object(
      'total', count(*),
      'pending', count(*) FILTER (WHERE j.status = 'pending'),
      'running', count(*) FILTER (WHERE j.status = 'running'),
      'completed', count(*) FILTER (WHERE j.status = 'completed'),
      'failed', count(*) FILTER (WHERE j.status = 'failed')
    )
    FROM jobs j
    WHERE j.user_id = p_user_id
  );
END
$$;

REVOKE EXECUTE ON FUNCTION follow_status(), get_job_stats(uuid) FROM PUBLIC;
