-- Write rules the column privileges (modules/agentflow/module.ts) cannot express alone.
-- A member's message is the member's own turn: whatever sender_id a signed-in user sends, the row
-- says it came from them (sender_type 'user' is required by the INSERT policy). The service role
-- (agents, the assistant) names its own senders.
CREATE OR REPLACE FUNCTION stamp_message_sender() RETURNS trigger
LANGUAGE plpgsql SET search_path = '' AS $$
BEGIN
  IF current_user = 'authenticated' THEN
    NEW.sender_id := (SELECT auth.uid())::text;
  END IF;
  RETURN NEW;
END
$$;

CREATE OR REPLACE TRIGGER messages_stamp_sender BEFORE INSERT ON messages
  FOR EACH ROW EXECUTE FUNCTION stamp_message_sender();

REVOKE EXECUTE ON FUNCTION stamp_message_sender() FROM PUBLIC;
