-- Triggers: the source's rules PostgreSQL cannot express as it wrote them (the agents CHECK with
-- a subquery, the first-contact-resolution trigger), the rules it states in prose (3 agents per
-- supervisor, agent type = supervisor type, 6-minute permission window), and the server-owned
-- values (times from the clock, who answered a request). All SECURITY INVOKER: each one sees only
-- what the caller's RLS lets it see, so none can tell a caller about, or change, another
-- supervisor's rows; a row the caller cannot see is left for RLS to refuse (42501).

-- Refusals are raised as 42501 (insufficient_privilege), the class of error PostgREST maps to 403 as
-- it does for RLS, and their text only ever describes the caller's own row or rows they can see.

-- A row's id never changes (children reference it; nothing needs to re-key a row).
CREATE OR REPLACE FUNCTION keep_id() RETURNS trigger
LANGUAGE plpgsql SET search_path = '' AS $$
BEGIN
  IF NEW.id IS DISTINCT FROM OLD.id THEN
    RAISE EXCEPTION '%.id cannot be changed', TG_TABLE_NAME USING ERRCODE = 'insufficient_privilege';
  END IF;
  RETURN NEW;
END
$$;

DO $$
DECLARE
  t text;
BEGIN
  FOREACH t IN ARRAY ARRAY['users', 'agents', 'interactions', 'interaction_archives', 'realtime_metrics', 'tool_permissions', 'agent_tools'] LOOP
    EXECUTE format('CREATE OR REPLACE TRIGGER %I BEFORE UPDATE OF id ON %I FOR EACH ROW EXECUTE FUNCTION keep_id()', t || '_keep_id', t);
  END LOOP;
END
$$;

-- An admin has no username or supervisor type (check_supervisor_fields): making a user an admin
-- clears them, so the role change is one column.
CREATE OR REPLACE FUNCTION admin_fields() RETURNS trigger
LANGUAGE plpgsql SET search_path = '' AS $$
BEGIN
  IF NEW.role = 'admin' THEN
    NEW.username := NULL;
    NEW.supervisor_type := NULL;
  END IF;
  RETURN NEW;
END
$$;

CREATE OR REPLACE TRIGGER users_admin_fields BEFORE INSERT OR UPDATE OF role ON users
  FOR EACH ROW EXECUTE FUNCTION admin_fields();

-- @helper set_updated_at(users, agents)

-- The source's check_supervisor_role CHECK (a subquery, which PostgreSQL refuses) and its prose
-- rules "agent type must match supervisor type" and "maximum 3 agents per supervisor". The
-- supervisor row is locked first (FOR UPDATE) so two concurrent inserts cannot both take the third
-- seat. SECURITY INVOKER: a supervisor row the caller cannot see is not found and the insert is
-- left to RLS, so the messages below only ever describe the caller's own row (or, for admins and
-- service_role, rows they can see anyway).
CREATE OR REPLACE FUNCTION check_agent_supervisor() RETURNS trigger
LANGUAGE plpgsql SET search_path FROM CURRENT AS $$
DECLARE
  sup record;
  others integer;
BEGIN
  SELECT u.id, u.role, u.username, u.supervisor_type INTO sup
    FROM users u WHERE u.id = NEW.supervisor_id FOR UPDATE;
  IF NOT FOUND THEN
    RETURN NEW; -- the foreign key or RLS refuses it
  END IF;
  IF sup.role <> 'supervisor' THEN
    RAISE EXCEPTION 'agent "%": its supervisor_id must be a supervisor (user % is an %)', NEW.name, sup.id, sup.role
      USING ERRCODE = 'insufficient_privilege';
  END IF;
  -- Agent type must match supervisor type: omitted, it is the supervisor's.
  IF NEW.agent_type IS NULL THEN
    NEW.agent_type := sup.supervisor_type;
  ELSIF NEW.agent_type IS DISTINCT FROM sup.supervisor_type THEN
    RAISE EXCEPTION 'agent "%": a % agent cannot report to % supervisor %', NEW.name, NEW.agent_type, sup.supervisor_type, sup.username
      USING ERRCODE = 'insufficient_privilege';
  END IF;
  SELECT count(*) INTO others FROM agents a WHERE a.supervisor_id = NEW.supervisor_id AND a.id <> NEW.id;
  IF others >= 3 THEN
    RAISE EXCEPTION 'agent "%": supervisor % already has 3 agents (the maximum)', NEW.name, sup.username
      USING ERRCODE = 'insufficient_privilege';
  END IF;
  RETURN NEW;
END
$$;

DROP TRIGGER IF EXISTS agents_enforce_supervisor ON agents;
CREATE OR REPLACE TRIGGER agents_check_supervisor_role BEFORE INSERT OR UPDATE OF supervisor_id, agent_type ON agents
  FOR EACH ROW EXECUTE FUNCTION check_agent_supervisor();

-- A supervisor who still has agents cannot change type or stop being a supervisor (their agents
-- would break the rule above). Only admins and service_role can change role/type at all (the users
-- UPDATE policy); they see every agent.
CREATE OR REPLACE FUNCTION protect_supervisor_agents() RETURNS trigger
LANGUAGE plpgsql SET search_path FROM CURRENT AS $$
BEGIN
  IF (NEW.role IS DISTINCT FROM OLD.role OR NEW.supervisor_type IS DISTINCT FROM OLD.supervisor_type)
     AND EXISTS (SELECT 1 FROM agents a WHERE a.supervisor_id = OLD.id
                  AND (NEW.role <> 'supervisor' OR a.agent_type IS DISTINCT FROM NEW.supervisor_type)) THEN
    RAISE EXCEPTION 'user %: still supervises % agents; move or delete them before changing role or supervisor_type', OLD.id, OLD.supervisor_type
      USING ERRCODE = 'insufficient_privilege';
  END IF;
  RETURN NEW;
END
$$;

CREATE OR REPLACE TRIGGER users_protect_supervisor_agents BEFORE UPDATE OF role, supervisor_type ON users
  FOR EACH ROW EXECUTE FUNCTION protect_supervisor_agents();

-- Interactions: the end of an interaction is stamped when its status leaves 'active' without one,
-- duration_seconds follows from started_at/ended_at when not given, and interaction_type is the
-- agent's type (a voice agent takes calls, a chat agent chats): taken from the agent when omitted.
CREATE OR REPLACE FUNCTION interaction_times() RETURNS trigger
LANGUAGE plpgsql SET search_path FROM CURRENT AS $$
DECLARE
  kind text;
BEGIN
  IF NEW.status IS DISTINCT FROM 'active' AND NEW.ended_at IS NULL THEN
    NEW.ended_at := greatest(now(), NEW.started_at);
  END IF;
  IF NEW.ended_at IS NOT NULL AND NEW.duration_seconds IS NULL AND NEW.started_at IS NOT NULL THEN
    NEW.duration_seconds := greatest(0, round(extract(epoch FROM NEW.ended_at - NEW.started_at)))::integer;
  END IF;
  IF TG_OP = 'INSERT' OR NEW.agent_id IS DISTINCT FROM OLD.agent_id OR NEW.interaction_type IS DISTINCT FROM OLD.interaction_type THEN
    SELECT a.agent_type INTO kind FROM agents a WHERE a.id = NEW.agent_id;
    IF FOUND AND NEW.interaction_type IS NULL THEN
      NEW.interaction_type := kind;
    ELSIF FOUND AND kind IS DISTINCT FROM NEW.interaction_type THEN
      RAISE EXCEPTION 'interaction_type % does not match the agent''s type %', NEW.interaction_type, kind USING ERRCODE = 'insufficient_privilege';
    END IF;
  END IF;
  RETURN NEW;
END
$$;

CREATE OR REPLACE TRIGGER interactions_times BEFORE INSERT OR UPDATE ON interactions
  FOR EACH ROW EXECUTE FUNCTION interaction_times();

-- The source's update_fcr_on_followup, as it must run: the source fired it AFTER INSERT ON
-- interactions and read the new interaction's archive, which cannot exist yet (an archive is
-- written after the interaction ends), so it never marked anything. Here it fires when an archive
-- is inserted: earlier archives of interactions with the same phone number (from interactions,
-- never from the archive) that started in the 3 days before this one and share an issue tag
-- (tags->'issues'[].tag) were not resolved at first contact; and if a follow-up within 3 days was
-- archived before this one, this one was not either. SECURITY INVOKER: only service_role (which
-- bypasses RLS) and the database owner insert archives, and a caller with less would only ever
-- reach rows its own RLS shows it.
CREATE OR REPLACE FUNCTION update_fcr_on_followup() RETURNS trigger
LANGUAGE plpgsql SET search_path FROM CURRENT AS $$
DECLARE
  v_phone text;
  v_started timestamptz;
  v_tags text[];
BEGIN
  IF jsonb_typeof(NEW.tags -> 'issues') IS DISTINCT FROM 'array' THEN
    RETURN NULL;
  END IF;
  SELECT i.phone_number, i.started_at INTO v_phone, v_started FROM interactions i WHERE i.id = NEW.interaction_id;
  IF NOT FOUND OR v_started IS NULL THEN
    RETURN NULL;
  END IF;
  v_tags := ARRAY(SELECT e ->> 'tag' FROM jsonb_array_elements(NEW.tags -> 'issues') e WHERE jsonb_typeof(e) = 'object' AND e ->> 'tag' IS NOT NULL);
  IF cardinality(v_tags) = 0 THEN
    RETURN NULL;
  END IF;

  UPDATE interaction_archives ia
     SET fcr_status = false
    FROM interactions i
   WHERE ia.interaction_id = i.id
     AND i.phone_number = v_phone
     AND i.started_at >= v_started - interval '3 days'
     AND i.started_at < v_started
     AND i.id <> NEW.interaction_id
     AND ia.fcr_status IS DISTINCT FROM false
     AND jsonb_typeof(ia.tags -> 'issues') = 'array'
     AND EXISTS (SELECT 1 FROM jsonb_array_elements(ia.tags -> 'issues') old_issue
                  WHERE jsonb_typeof(old_issue) = 'object' AND old_issue ->> 'tag' = ANY (v_tags));

  IF NEW.fcr_status IS DISTINCT FROM false AND EXISTS (
       SELECT 1 FROM interaction_archives ia
         JOIN interactions i ON i.id = ia.interaction_id
        WHERE i.phone_number = v_phone
          AND i.started_at > v_started
          AND i.started_at <= v_started + interval '3 days'
          AND jsonb_typeof(ia.tags -> 'issues') = 'array'
          AND EXISTS (SELECT 1 FROM jsonb_array_elements(ia.tags -> 'issues') later_issue
                       WHERE jsonb_typeof(later_issue) = 'object' AND later_issue ->> 'tag' = ANY (v_tags))) THEN
    UPDATE interaction_archives SET fcr_status = false WHERE id = NEW.id;
  END IF;
  RETURN NULL;
END
$$;

DROP TRIGGER IF EXISTS interaction_archives_mark_repeats ON interaction_archives;
CREATE OR REPLACE TRIGGER check_fcr_on_new_archive AFTER INSERT ON interaction_archives
  FOR EACH ROW EXECUTE FUNCTION update_fcr_on_followup();

-- Tool permission requests, the source's flow: created 'pending' by the agent (service_role);
-- the supervisor answers (status and supervisor_response, either one is enough: the other follows);
-- after 6 minutes without an answer it becomes 'timeout'. For Data API users the answer is
-- 'allowed' or 'denied', only while the request is pending and inside its 6-minute window, and
-- responded_at/responded_by are stamped from the clock and auth.uid() (never chosen by the caller).
CREATE OR REPLACE FUNCTION tool_permission_flow() RETURNS trigger
LANGUAGE plpgsql SET search_path FROM CURRENT AS $$
DECLARE
  api boolean := api_caller();
BEGIN
  IF TG_OP = 'UPDATE' THEN
    -- An answered request stays answered, whoever asks (no reviving a timed-out request).
    IF OLD.status <> 'pending' AND (api OR NEW.status IS DISTINCT FROM OLD.status
         OR NEW.supervisor_response IS DISTINCT FROM OLD.supervisor_response
         OR NEW.responded_at IS DISTINCT FROM OLD.responded_at OR NEW.responded_by IS DISTINCT FROM OLD.responded_by) THEN
      RAISE EXCEPTION 'tool permission request % was already answered (%)', OLD.id, OLD.status USING ERRCODE = 'insufficient_privilege';
    END IF;
    IF api THEN
      IF now() > OLD.requested_at + interval '6 minutes' THEN
        RAISE EXCEPTION 'tool permission request % timed out at %', OLD.id, OLD.requested_at + interval '6 minutes' USING ERRCODE = 'insufficient_privilege';
      END IF;
      IF NEW.interaction_id IS DISTINCT FROM OLD.interaction_id OR NEW.tool_name IS DISTINCT FROM OLD.tool_name
         OR NEW.tool_description IS DISTINCT FROM OLD.tool_description OR NEW.requested_at IS DISTINCT FROM OLD.requested_at
         OR NEW.created_at IS DISTINCT FROM OLD.created_at OR NEW.id IS DISTINCT FROM OLD.id THEN
        RAISE EXCEPTION 'a supervisor answers a tool permission request (status, supervisor_response) and changes nothing else'
          USING ERRCODE = 'insufficient_privilege';
      END IF;
    END IF;
    IF NEW.status IS DISTINCT FROM OLD.status AND NEW.supervisor_response IS NOT DISTINCT FROM OLD.supervisor_response THEN
      NEW.supervisor_response := NEW.status;
    ELSIF NEW.supervisor_response IS DISTINCT FROM OLD.supervisor_response AND NEW.status IS NOT DISTINCT FROM OLD.status THEN
      NEW.status := NEW.supervisor_response;
    END IF;
  ELSIF NEW.status = 'pending' AND NEW.supervisor_response IS NOT NULL THEN
    NEW.status := NEW.supervisor_response;
  ELSIF NEW.status IS DISTINCT FROM 'pending' AND NEW.supervisor_response IS NULL THEN
    NEW.supervisor_response := NEW.status;
  END IF;
  IF TG_OP = 'UPDATE' AND api THEN
    IF NEW.status IS NULL OR NEW.status NOT IN ('allowed', 'denied') OR NEW.supervisor_response IS DISTINCT FROM NEW.status THEN
      RAISE EXCEPTION 'answer a tool permission request with status/supervisor_response ''allowed'' or ''denied'''
        USING ERRCODE = 'insufficient_privilege';
    END IF;
    NEW.responded_at := now();
    NEW.responded_by := (SELECT auth.uid());
  ELSIF NEW.status = 'pending' THEN
    -- Nobody has answered a pending request.
    NEW.responded_at := NULL;
    NEW.responded_by := NULL;
  ELSIF NEW.responded_at IS NULL THEN
    NEW.responded_at := CASE WHEN NEW.status = 'timeout' THEN least(now(), NEW.requested_at + interval '6 minutes') ELSE now() END;
  END IF;
  RETURN NEW;
END
$$;

DROP TRIGGER IF EXISTS tool_permissions_set_expiry ON tool_permissions;
CREATE OR REPLACE TRIGGER tool_permissions_flow BEFORE INSERT OR UPDATE ON tool_permissions
  FOR EACH ROW EXECUTE FUNCTION tool_permission_flow();

REVOKE EXECUTE ON FUNCTION keep_id(), admin_fields(), check_agent_supervisor(),
  protect_supervisor_agents(), interaction_times(), update_fcr_on_followup(),
  tool_permission_flow() FROM PUBLIC;
