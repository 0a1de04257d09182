-- Business rules the source expressed as a CHECK with a subquery (which PostgreSQL does not
-- allow), enforced here by triggers; and the first-contact-resolution rule.

CREATE OR REPLACE FUNCTION contact_center.set_updated_at() RETURNS trigger
LANGUAGE plpgsql SET search_path = '' AS $$
BEGIN
  NEW.updated_at := now();
  RETURN NEW;
END
$$;

CREATE OR REPLACE TRIGGER users_set_updated_at BEFORE UPDATE ON contact_center.users
  FOR EACH ROW EXECUTE FUNCTION contact_center.set_updated_at();
CREATE OR REPLACE TRIGGER agents_set_updated_at BEFORE UPDATE ON contact_center.agents
  FOR EACH ROW EXECUTE FUNCTION contact_center.set_updated_at();
CREATE OR REPLACE TRIGGER agent_tools_set_updated_at BEFORE UPDATE ON contact_center.agent_tools
  FOR EACH ROW EXECUTE FUNCTION contact_center.set_updated_at();

-- An agent's supervisor is a supervisor of the agent's type with fewer than 3 other agents.
-- The supervisor row is locked first, so two concurrent inserts cannot both take the third seat.
-- SECURITY DEFINER: the rule must see all of the supervisor's agents, whatever the caller's RLS.
CREATE OR REPLACE FUNCTION contact_center.enforce_agent_supervisor() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER SET search_path = '' AS $$
DECLARE
  sup contact_center.users%ROWTYPE;
  others integer;
BEGIN
  SELECT * INTO sup FROM contact_center.users WHERE id = NEW.supervisor_id FOR UPDATE;
  IF NOT FOUND THEN
    RETURN NEW; -- the foreign key reports it
  END IF;
  IF sup.role <> 'supervisor' THEN
    RAISE EXCEPTION 'agent %: % is an %, not a supervisor', NEW.name, sup.id, sup.role USING ERRCODE = 'check_violation';
  END IF;
  IF NEW.agent_type <> sup.supervisor_type THEN
    RAISE EXCEPTION 'agent %: a % agent cannot report to a % supervisor', NEW.name, NEW.agent_type, sup.supervisor_type
      USING ERRCODE = 'check_violation';
  END IF;
  SELECT count(*) INTO others FROM contact_center.agents WHERE supervisor_id = NEW.supervisor_id AND id <> NEW.id;
  IF others >= 3 THEN
    RAISE EXCEPTION 'supervisor % already has 3 agents', sup.username USING ERRCODE = 'check_violation';
  END IF;
  RETURN NEW;
END
$$;

CREATE OR REPLACE TRIGGER agents_enforce_supervisor BEFORE INSERT OR UPDATE OF supervisor_id, agent_type ON contact_center.agents
  FOR EACH ROW EXECUTE FUNCTION contact_center.enforce_agent_supervisor();

-- A supervisor with agents cannot change type or stop being a supervisor behind their back.
CREATE OR REPLACE FUNCTION contact_center.protect_supervisor_agents() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER SET search_path = '' AS $$
BEGIN
  IF (NEW.role IS DISTINCT FROM OLD.role OR NEW.supervisor_type IS DISTINCT FROM OLD.supervisor_type)
     AND EXISTS (SELECT 1 FROM contact_center.agents a WHERE a.supervisor_id = OLD.id
                  AND (NEW.role <> 'supervisor' OR a.agent_type IS DISTINCT FROM NEW.supervisor_type)) THEN
    RAISE EXCEPTION 'user % still supervises agents of type %', OLD.username, OLD.supervisor_type USING ERRCODE = 'check_violation';
  END IF;
  RETURN NEW;
END
$$;

CREATE OR REPLACE TRIGGER users_protect_supervisor_agents BEFORE UPDATE OF role, supervisor_type ON contact_center.users
  FOR EACH ROW EXECUTE FUNCTION contact_center.protect_supervisor_agents();

-- A tool permission request expires 6 minutes after it is made.
CREATE OR REPLACE FUNCTION contact_center.set_permission_expiry() RETURNS trigger
LANGUAGE plpgsql SET search_path = '' AS $$
BEGIN
  NEW.expires_at := NEW.requested_at + interval '6 minutes';
  RETURN NEW;
END
$$;

CREATE OR REPLACE TRIGGER tool_permissions_set_expiry BEFORE INSERT OR UPDATE OF requested_at ON contact_center.tool_permissions
  FOR EACH ROW EXECUTE FUNCTION contact_center.set_permission_expiry();

-- First-contact resolution: when an archive with tags is recorded, earlier archives of the same
-- phone number from the 3 days before it that share a tag were not resolved at first contact.
-- (The source's trigger looked the new row up before it existed; this one runs AFTER INSERT and
-- updates the earlier rows. SECURITY DEFINER so a supervisor's insert also marks archives of
-- agents they cannot see.)
CREATE OR REPLACE FUNCTION contact_center.mark_repeat_contacts() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER SET search_path = '' AS $$
BEGIN
  UPDATE contact_center.interaction_archives earlier
     SET first_contact_resolved = false
   WHERE earlier.phone_number = NEW.phone_number
     AND earlier.id <> NEW.id
     AND earlier.first_contact_resolved
     AND earlier.archived_at <= NEW.archived_at
     AND earlier.archived_at >= NEW.archived_at - interval '3 days'
     AND earlier.tags ?| ARRAY(SELECT jsonb_array_elements_text(NEW.tags));
  RETURN NULL;
END
$$;

CREATE OR REPLACE TRIGGER interaction_archives_mark_repeats AFTER INSERT ON contact_center.interaction_archives
  FOR EACH ROW WHEN (jsonb_array_length(NEW.tags) > 0)
  EXECUTE FUNCTION contact_center.mark_repeat_contacts();

REVOKE EXECUTE ON FUNCTION contact_center.set_updated_at(), contact_center.enforce_agent_supervisor(),
  contact_center.protect_supervisor_agents(), contact_center.set_permission_expiry(),
  contact_center.mark_repeat_contacts() FROM PUBLIC;
