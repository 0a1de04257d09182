-- updated_at, admin privileges, and threads that stay inside one conversation.

-- @helper set_updated_at(profiles, conversations, messages, leads, workflow_executions, agent_messages, shared_memory)

-- "Admin privileges" (source, Security): the caller's profile role. SECURITY DEFINER because
-- policies on profiles itself use it (a policy reading its own table through RLS would recurse); it
-- reads only the caller's own row, so it tells nobody anything about anyone else.
CREATE OR REPLACE FUNCTION my_role() RETURNS text
LANGUAGE sql STABLE SECURITY DEFINER SET search_path FROM CURRENT AS $$
  SELECT p.role FROM profiles p WHERE p.id = (SELECT auth.uid())
$$;

CREATE OR REPLACE FUNCTION is_admin() RETURNS boolean
LANGUAGE sql STABLE SECURITY DEFINER SET search_path FROM CURRENT AS $$
  SELECT EXISTS (SELECT 1 FROM profiles p WHERE p.id = (SELECT auth.uid()) AND p.role = 'admin')
$$;

-- A reply's parent is an earlier message of the same conversation. SECURITY INVOKER: the parent is
-- looked up with the caller's own rights, so a parent the caller cannot see is refused with the
-- error RLS gives (nothing tells the caller whether it exists or where it lives).
CREATE OR REPLACE FUNCTION check_message_parent() RETURNS trigger
LANGUAGE plpgsql SET search_path FROM CURRENT AS $$
DECLARE
  parent_conversation text;
  parent_created timestamptz;
BEGIN
  IF NEW.parent_message_id IS NULL OR NEW.conversation_id IS NULL THEN
    -- Nothing to check (a NULL conversation is refused by NOT NULL, or by RLS before it).
    RETURN NEW;
  END IF;
  SELECT m.conversation_id, m.created_at INTO parent_conversation, parent_created
    FROM messages m WHERE m.id = NEW.parent_message_id;
  IF NOT FOUND THEN
    -- A caller that sees every row (service role, table owner) is told the parent does not exist;
    -- anyone else gets exactly what RLS would say.
    IF EXISTS (SELECT 1 FROM pg_catalog.pg_roles r WHERE r.rolname = current_user AND (r.rolbypassrls OR r.rolsuper)) THEN
      RAISE EXCEPTION 'message % replies to % which does not exist', NEW.id, NEW.parent_message_id
        USING ERRCODE = 'foreign_key_violation';
    END IF;
    RAISE EXCEPTION 'new row violates row-level security policy for table "messages"'
      USING ERRCODE = 'insufficient_privilege';
  END IF;
  IF parent_conversation IS DISTINCT FROM NEW.conversation_id THEN
    RAISE EXCEPTION 'message % replies to a message of another conversation', NEW.id
      USING ERRCODE = 'check_violation';
  END IF;
  IF parent_created > NEW.created_at THEN
    RAISE EXCEPTION 'message % is older than the message it replies to', NEW.id
      USING ERRCODE = 'check_violation';
  END IF;
  RETURN NEW;
END
$$;

CREATE OR REPLACE TRIGGER messages_check_parent BEFORE INSERT OR UPDATE OF parent_message_id, conversation_id, created_at ON messages
  FOR EACH ROW EXECUTE FUNCTION check_message_parent();

REVOKE EXECUTE ON FUNCTION my_role(), is_admin(), check_message_parent() FROM PUBLIC;
