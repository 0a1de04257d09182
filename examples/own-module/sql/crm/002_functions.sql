-- How many contacts the caller has per stage. SECURITY INVOKER (the default): RLS scopes it to the
-- caller's own contacts.
CREATE OR REPLACE FUNCTION crm.contacts_by_stage()
RETURNS TABLE (stage text, contacts bigint)
LANGUAGE sql STABLE
SET search_path = ''
AS $$
  SELECT c.stage, count(*) FROM crm.contacts c GROUP BY c.stage ORDER BY c.stage
$$;
