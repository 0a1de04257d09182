-- Helpers for RLS and triggers, and the source's functions (calculate_performance_score,
-- cleanup_old_archives) plus the 6-minute timeout the source describes but never implements.
-- Every function: SET search_path = '', EXECUTE revoked from PUBLIC (granted back per ModuleSpec).

-- True when the statement runs for a Data API end user (PostgREST's SET ROLE anon/authenticated),
-- false for service_role, the database owner and maintenance jobs. The `role` setting is the one
-- SET ROLE changes, and a SECURITY DEFINER function does not change it, so this answers the same
-- inside definer code. Triggers use it to stamp server-owned values only for end users.
CREATE OR REPLACE FUNCTION api_caller() RETURNS boolean
LANGUAGE sql STABLE SET search_path = '' AS $$
  SELECT current_setting('role', true) IN ('anon', 'authenticated') OR current_user IN ('anon', 'authenticated')
$$;

-- SECURITY DEFINER so a policy on users never reads users under RLS (the recursion the source's
-- "EXISTS (SELECT 1 FROM users WHERE id = auth.uid() AND role = 'admin')" policy runs into).
CREATE OR REPLACE FUNCTION is_admin() RETURNS boolean
LANGUAGE sql STABLE SECURITY DEFINER SET search_path FROM CURRENT AS $$
  SELECT EXISTS (SELECT 1 FROM users u WHERE u.id = (SELECT auth.uid()) AND u.role = 'admin')
$$;

CREATE OR REPLACE FUNCTION is_supervisor() RETURNS boolean
LANGUAGE sql STABLE SECURITY DEFINER SET search_path FROM CURRENT AS $$
  SELECT EXISTS (SELECT 1 FROM users u WHERE u.id = (SELECT auth.uid()) AND u.role = 'supervisor')
$$;

CREATE OR REPLACE FUNCTION supervised_agent_ids() RETURNS SETOF uuid
LANGUAGE sql STABLE SECURITY DEFINER SET search_path FROM CURRENT AS $$
  SELECT a.id FROM agents a WHERE a.supervisor_id = (SELECT auth.uid())
$$;

-- Used by the users UPDATE policy's WITH CHECK: the caller's stored (pre-update) profile still has
-- this role, supervisor type and email, i.e. a supervisor did not change them on their own row.
-- Reads only the caller's own row.
CREATE OR REPLACE FUNCTION own_profile_unchanged(p_role text, p_supervisor_type text, p_email text) RETURNS boolean
LANGUAGE sql STABLE SECURITY DEFINER SET search_path FROM CURRENT AS $$
  SELECT EXISTS (
    SELECT 1 FROM users u
     WHERE u.id = (SELECT auth.uid()) AND u.role = p_role
       AND u.supervisor_type IS NOT DISTINCT FROM p_supervisor_type AND u.email = p_email)
$$;

-- The source's score: 50% average CSAT + 30% call volume and 20% average handle time (inverted),
-- both min-max normalised across all supervisors, over completed interactions since the start of
-- the day ('today') or month ('month'). SECURITY DEFINER because the normalisation needs every
-- supervisor's figures (the leaderboard the source describes); callable by supervisors and
-- admins only, and it returns one number, no rows. Corrections: the supervisor's call count and
-- average handle time are taken over the same rows as the normalisation (the source counted only
-- archived calls for the supervisor but all completed calls for the others), a supervisor without
-- calls scores 0 on volume instead of a negative value, and p_period must be 'today' or 'month'.
CREATE OR REPLACE FUNCTION calculate_performance_score(p_supervisor_id uuid, p_period character varying DEFAULT 'month')
RETURNS numeric
LANGUAGE plpgsql STABLE SECURITY DEFINER SET search_path FROM CURRENT AS $$
DECLARE
  v_csat_avg numeric;
  v_total_calls integer;
  v_avg_aht numeric;
  v_normalized_calls numeric;
  v_normalized_aht numeric;
  v_start_date timestamptz;
BEGIN
  IF api_caller() AND NOT EXISTS (
       SELECT 1 FROM users u WHERE u.id = (SELECT auth.uid())) THEN
    RAISE EXCEPTION 'permission denied for function calculate_performance_score' USING ERRCODE = 'insufficient_privilege';
  END IF;
  IF p_period IS NULL OR p_period NOT IN ('today', 'month') THEN
    RAISE EXCEPTION 'p_period must be ''today'' or ''month'' (got %)', coalesce(p_period, 'NULL') USING ERRCODE = 'invalid_parameter_value';
  END IF;
  v_start_date := CASE WHEN p_period = 'today' THEN date_trunc('day', now()) ELSE date_trunc('month', now()) END;

  SELECT avg(ia.csat_score), count(i.id), avg(i.duration_seconds)
    INTO v_csat_avg, v_total_calls, v_avg_aht
    FROM agents a
    JOIN interactions i ON a.id = i.agent_id
    LEFT JOIN interaction_archives ia ON i.id = ia.interaction_id
   WHERE a.supervisor_id = p_supervisor_id AND i.started_at >= v_start_date AND i.status = 'completed';

  SELECT CASE WHEN max(call_count) - min(call_count) = 0 THEN 0
              ELSE greatest(0, (v_total_calls - min(call_count))::numeric / (max(call_count) - min(call_count))) END,
         CASE WHEN max(avg_aht) - min(avg_aht) = 0 THEN 0
              ELSE 1 - ((v_avg_aht - min(avg_aht)) / (max(avg_aht) - min(avg_aht))) END
    INTO v_normalized_calls, v_normalized_aht
    FROM (SELECT a.supervisor_id, count(i.id) AS call_count, avg(i.duration_seconds) AS avg_aht
            FROM agents a
            JOIN interactions i ON a.id = i.agent_id
           WHERE i.started_at >= v_start_date AND i.status = 'completed'
           GROUP BY a.supervisor_id) per_supervisor;

  RETURN round(0.5 * coalesce(v_csat_avg, 0) + 0.3 * coalesce(v_normalized_calls, 0) * 100
               + 0.2 * coalesce(v_normalized_aht, 0) * 100, 2);
END
$$;

-- Deletes archives older than retention_days days and returns how many (the source's monthly job).
-- SECURITY INVOKER, granted to service_role only. Correction: NULL or < 1 day is refused (the
-- source would delete every archive, or fail on NULL || ' days').
CREATE OR REPLACE FUNCTION cleanup_old_archives(retention_days integer DEFAULT 90) RETURNS integer
LANGUAGE plpgsql SET search_path FROM CURRENT AS $$
DECLARE
  deleted_count integer;
BEGIN
  IF retention_days IS NULL OR retention_days < 1 THEN
    RAISE EXCEPTION 'retention_days must be at least 1 (got %)', retention_days USING ERRCODE = 'invalid_parameter_value';
  END IF;
  DELETE FROM interaction_archives WHERE created_at < now() - make_interval(days => retention_days);
  GET DIAGNOSTICS deleted_count = ROW_COUNT;
  RETURN deleted_count;
END
$$;

-- Addition: "After 6 minutes with no response -> Update status='timeout'" as a function for the
-- backend's scheduler (service_role only). Returns how many requests timed out.
CREATE OR REPLACE FUNCTION expire_tool_permissions() RETURNS integer
LANGUAGE plpgsql SET search_path FROM CURRENT AS $$
DECLARE
  expired integer;
BEGIN
  UPDATE tool_permissions
     SET status = 'timeout', supervisor_response = 'timeout', responded_at = requested_at + interval '6 minutes'
   WHERE status = 'pending' AND requested_at <= now() - interval '6 minutes';
  GET DIAGNOSTICS expired = ROW_COUNT;
  RETURN expired;
END
$$;

REVOKE EXECUTE ON FUNCTION api_caller(), is_admin(), is_supervisor(), supervised_agent_ids(),
  own_profile_unchanged(text, text, text), calculate_performance_score(uuid, character varying),
  cleanup_old_archives(integer), expire_tool_permissions() FROM PUBLIC;
