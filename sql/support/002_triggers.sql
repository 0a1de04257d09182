-- updated_at maintenance and the escalation status flow pending -> notified -> in_progress -> resolved.

CREATE OR REPLACE FUNCTION support.set_updated_at() RETURNS trigger
LANGUAGE plpgsql SET search_path = '' AS $$
BEGIN
  NEW.updated_at := now();
  RETURN NEW;
END
$$;

CREATE OR REPLACE TRIGGER users_set_updated_at BEFORE UPDATE ON support.users
  FOR EACH ROW EXECUTE FUNCTION support.set_updated_at();
CREATE OR REPLACE TRIGGER conversations_set_updated_at BEFORE UPDATE ON support.conversations
  FOR EACH ROW EXECUTE FUNCTION support.set_updated_at();
CREATE OR REPLACE TRIGGER escalations_set_updated_at BEFORE UPDATE ON support.escalations
  FOR EACH ROW EXECUTE FUNCTION support.set_updated_at();

-- A status may stay, or move one step forward; timestamps follow the status.
CREATE OR REPLACE FUNCTION support.enforce_escalation_flow() RETURNS trigger
LANGUAGE plpgsql SET search_path = '' AS $$
DECLARE
  flow constant text[] := ARRAY['pending', 'notified', 'in_progress', 'resolved'];
BEGIN
  IF array_position(flow, NEW.status) NOT IN (array_position(flow, OLD.status), array_position(flow, OLD.status) + 1) THEN
    RAISE EXCEPTION 'escalation % cannot move from % to %', OLD.id, OLD.status, NEW.status
      USING ERRCODE = 'check_violation', HINT = 'the flow is pending -> notified -> in_progress -> resolved';
  END IF;
  IF NEW.status = 'notified' AND OLD.status = 'pending' AND NEW.notified_at IS NULL THEN
    NEW.notified_at := now();
  END IF;
  IF NEW.status = 'resolved' AND OLD.status <> 'resolved' AND NEW.resolved_at IS NULL THEN
    NEW.resolved_at := now();
  END IF;
  RETURN NEW;
END
$$;

CREATE OR REPLACE TRIGGER escalations_enforce_flow BEFORE UPDATE OF status ON support.escalations
  FOR EACH ROW EXECUTE FUNCTION support.enforce_escalation_flow();

-- Escalating a conversation marks it escalated (the trigger runs as the caller; RLS still applies).
CREATE OR REPLACE FUNCTION support.mark_conversation_escalated() RETURNS trigger
LANGUAGE plpgsql SET search_path = '' AS $$
BEGIN
  UPDATE support.conversations SET status = 'escalated'
   WHERE id = NEW.conversation_id AND status = 'open';
  RETURN NEW;
END
$$;

CREATE OR REPLACE TRIGGER escalations_mark_conversation AFTER INSERT ON support.escalations
  FOR EACH ROW EXECUTE FUNCTION support.mark_conversation_escalated();

REVOKE EXECUTE ON FUNCTION support.set_updated_at(), support.enforce_escalation_flow(),
  support.mark_conversation_escalated() FROM PUBLIC;
