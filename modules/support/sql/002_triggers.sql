-- support: server-owned values and the escalation status flow.
-- Every trigger function is SECURITY INVOKER (it runs as the caller, so RLS and privileges still
-- apply) with an empty search_path, and nobody may call it directly (REVOKE ... FROM PUBLIC).
-- "A member" below is a request PostgREST runs as role authenticated (Supabase email or anonymous
-- sign-in); service_role (the backend) and the database owner (migrations, seeding by COPY) keep
-- the values they write.

-- updated_at follows the clock on every update, whoever makes it.
-- @helper set_updated_at(users, conversations, escalations)

-- A member's new row: its times come from the clock, whatever the request said (ownership is not
-- rewritten here: the id/user_id defaults are the caller's auth.uid(), and RLS refuses another
-- owner with its own error).
CREATE OR REPLACE FUNCTION stamp_member_insert() RETURNS trigger
LANGUAGE plpgsql SET search_path = '' AS $$
BEGIN
  IF current_user <> 'authenticated' THEN
    RETURN NEW;
  END IF;
  NEW.created_at := now();
  IF TG_TABLE_NAME <> 'messages' THEN
    NEW.updated_at := NEW.created_at;
  END IF;
  RETURN NEW;
END
$$;

CREATE OR REPLACE TRIGGER users_stamp_member_insert BEFORE INSERT ON users
  FOR EACH ROW EXECUTE FUNCTION stamp_member_insert();
CREATE OR REPLACE TRIGGER conversations_stamp_member_insert BEFORE INSERT ON conversations
  FOR EACH ROW EXECUTE FUNCTION stamp_member_insert();
CREATE OR REPLACE TRIGGER messages_stamp_member_insert BEFORE INSERT ON messages
  FOR EACH ROW EXECUTE FUNCTION stamp_member_insert();
CREATE OR REPLACE TRIGGER escalations_stamp_member_insert BEFORE INSERT ON escalations
  FOR EACH ROW EXECUTE FUNCTION stamp_member_insert();

-- Primary keys never change, whoever asks (messages and escalations point at conversations, and
-- conversations at users); refused as a privilege error, like a column the caller may not update.
CREATE OR REPLACE FUNCTION keep_id() RETURNS trigger
LANGUAGE plpgsql SET search_path = '' AS $$
BEGIN
  IF NEW.id IS DISTINCT FROM OLD.id THEN
    RAISE EXCEPTION 'permission denied: %.id cannot change', TG_TABLE_NAME
      USING ERRCODE = 'insufficient_privilege', HINT = 'ids are immutable; insert a new row instead';
  END IF;
  RETURN NEW;
END
$$;

CREATE OR REPLACE TRIGGER users_keep_id BEFORE UPDATE OF id ON users
  FOR EACH ROW EXECUTE FUNCTION keep_id();
CREATE OR REPLACE TRIGGER conversations_keep_id BEFORE UPDATE OF id ON conversations
  FOR EACH ROW EXECUTE FUNCTION keep_id();
CREATE OR REPLACE TRIGGER messages_keep_id BEFORE UPDATE OF id ON messages
  FOR EACH ROW EXECUTE FUNCTION keep_id();
CREATE OR REPLACE TRIGGER escalations_keep_id BEFORE UPDATE OF id ON escalations
  FOR EACH ROW EXECUTE FUNCTION keep_id();

-- The escalation status flow (source: "Escalation Tracking", status CHECK): a status may stay, or
-- move one step forward: pending -> notified -> in_progress -> resolved. Never backwards.
CREATE OR REPLACE FUNCTION enforce_escalation_flow() RETURNS trigger
LANGUAGE plpgsql SET search_path = '' AS $$
DECLARE
  flow constant text[] := ARRAY['pending', 'notified', 'in_progress', 'resolved'];
  was integer := array_position(flow, OLD.status::text);
  now_at integer := array_position(flow, NEW.status::text);
BEGIN
  IF NEW.status IS NULL OR (was IS NOT NULL AND now_at NOT IN (was, was + 1)) THEN
    RAISE EXCEPTION 'escalation % cannot move from % to %', OLD.id, OLD.status, coalesce(NEW.status, 'NULL')
      USING ERRCODE = 'check_violation', HINT = 'the flow is pending -> notified -> in_progress -> resolved, one step at a time';
  END IF;
  RETURN NEW;
END
$$;

CREATE OR REPLACE TRIGGER escalations_enforce_flow BEFORE UPDATE OF status ON escalations
  FOR EACH ROW EXECUTE FUNCTION enforce_escalation_flow();

REVOKE EXECUTE ON FUNCTION stamp_member_insert(), keep_id(), enforce_escalation_flow() FROM PUBLIC;
