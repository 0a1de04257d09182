-- updated_at, and threads that stay inside one conversation.

CREATE OR REPLACE FUNCTION agentflow.set_updated_at() RETURNS trigger
LANGUAGE plpgsql SET search_path = '' AS $$
BEGIN
  NEW.updated_at := now();
  RETURN NEW;
END
$$;

CREATE OR REPLACE TRIGGER profiles_set_updated_at BEFORE UPDATE ON agentflow.profiles
  FOR EACH ROW EXECUTE FUNCTION agentflow.set_updated_at();
CREATE OR REPLACE TRIGGER conversations_set_updated_at BEFORE UPDATE ON agentflow.conversations
  FOR EACH ROW EXECUTE FUNCTION agentflow.set_updated_at();
CREATE OR REPLACE TRIGGER leads_set_updated_at BEFORE UPDATE ON agentflow.leads
  FOR EACH ROW EXECUTE FUNCTION agentflow.set_updated_at();
CREATE OR REPLACE TRIGGER shared_memory_set_updated_at BEFORE UPDATE ON agentflow.shared_memory
  FOR EACH ROW EXECUTE FUNCTION agentflow.set_updated_at();

-- A reply's parent is an earlier message of the same conversation. SECURITY DEFINER so the check
-- sees the parent whatever the caller's RLS allows; it reveals nothing but a yes/no.
CREATE OR REPLACE FUNCTION agentflow.check_message_parent() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER SET search_path = '' AS $$
DECLARE
  parent agentflow.messages%ROWTYPE;
BEGIN
  IF NEW.parent_message_id IS NULL THEN
    RETURN NEW;
  END IF;
  SELECT * INTO parent FROM agentflow.messages WHERE id = NEW.parent_message_id;
  IF parent.conversation_id IS DISTINCT FROM NEW.conversation_id THEN
    RAISE EXCEPTION 'message % replies to % from another conversation', NEW.id, NEW.parent_message_id
      USING ERRCODE = 'foreign_key_violation';
  END IF;
  IF parent.created_at > NEW.created_at THEN
    RAISE EXCEPTION 'message % is older than its parent %', NEW.id, NEW.parent_message_id
      USING ERRCODE = 'check_violation';
  END IF;
  RETURN NEW;
END
$$;

CREATE OR REPLACE TRIGGER messages_check_parent BEFORE INSERT OR UPDATE OF parent_message_id, conversation_id ON agentflow.messages
  FOR EACH ROW EXECUTE FUNCTION agentflow.check_message_parent();

REVOKE EXECUTE ON FUNCTION agentflow.set_updated_at(), agentflow.check_message_parent() FROM PUBLIC;
