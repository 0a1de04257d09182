-- Helpers for RLS (SECURITY DEFINER so a policy on users never reads users under RLS: that is
-- the recursion the source's policy ran into), performance scoring and archive cleanup.

CREATE OR REPLACE FUNCTION contact_center.is_admin() RETURNS boolean
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = '' AS $$
  SELECT EXISTS (SELECT 1 FROM contact_center.users u WHERE u.id = (SELECT auth.uid()) AND u.role = 'admin')
$$;

CREATE OR REPLACE FUNCTION contact_center.supervised_agent_ids() RETURNS SETOF uuid
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = '' AS $$
  SELECT a.id FROM contact_center.agents a WHERE a.supervisor_id = (SELECT auth.uid())
$$;

-- 0-100: 60% average CSAT, 40% first-contact-resolution rate, over the agent's archives the
-- caller can see (SECURITY INVOKER: RLS applies). NULL when the agent has no archives.
CREATE OR REPLACE FUNCTION contact_center.calculate_performance_score(p_agent_id uuid) RETURNS numeric
LANGUAGE sql STABLE SECURITY INVOKER SET search_path = '' AS $$
  SELECT round(0.6 * avg(a.csat) + 0.4 * 100 * avg(CASE WHEN a.first_contact_resolved THEN 1 ELSE 0 END), 1)
    FROM contact_center.interaction_archives a
    JOIN contact_center.interactions i ON i.id = a.interaction_id
   WHERE i.agent_id = p_agent_id
$$;

-- Deletes archives older than p_days days; returns how many. Maintenance: service_role only.
CREATE OR REPLACE FUNCTION contact_center.cleanup_old_archives(p_days integer DEFAULT 90) RETURNS integer
LANGUAGE plpgsql SECURITY DEFINER SET search_path = '' AS $$
DECLARE
  removed integer;
BEGIN
  IF p_days IS NULL OR p_days < 1 THEN
    RAISE EXCEPTION 'p_days must be at least 1 (got %)', p_days USING ERRCODE = 'invalid_parameter_value';
  END IF;
  DELETE FROM contact_center.interaction_archives WHERE archived_at < now() - make_interval(days => p_days);
  GET DIAGNOSTICS removed = ROW_COUNT;
  RETURN removed;
END
$$;

REVOKE EXECUTE ON FUNCTION contact_center.is_admin(), contact_center.supervised_agent_ids(),
  contact_center.calculate_performance_score(uuid), contact_center.cleanup_old_archives(integer) FROM PUBLIC;
