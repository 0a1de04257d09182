-- support: the Member Support Agent's database (source: support.md, "Database Schema"). Every table
-- and column by the source's name, type, default, NOT NULL, CHECK and UNIQUE; the source's indexes.
-- Additions for a Supabase project (each recorded in docs/modules/support.md):
--   * users.id defaults to the caller's auth.uid() (then a random uuid, as the source): a member is a
--     signed-in (possibly anonymous) Supabase user whose row is theirs by id = auth.uid(), so the
--     app's insert of {email, name, phone} needs no id; conversations.user_id likewise defaults to
--     auth.uid(). The backend (service_role, no sub) still gets random ids for users it keeps;
--   * escalations.conversation_id is ON DELETE SET NULL (source: CASCADE), so a member deleting a
--     conversation does not erase the escalation staff are working on (it carries its own
--     original_request, contact_info and conversation_context);
--   * messages.role defaults to 'user' (a member's turn; the only one a member may write);
--   * CHECKs that keep what the source states in prose: non-empty texts, contact_info an object,
--     updated_at not before created_at.
-- Re-runnable (IF NOT EXISTS and guarded constraints), so a table dropped by hand is restored by `up`.

CREATE TABLE IF NOT EXISTS users (
  id uuid DEFAULT coalesce(auth.uid(), gen_random_uuid()) PRIMARY KEY,
  email character varying(255) UNIQUE,
  name character varying(255),
  phone character varying(50),
  created_at timestamp with time zone DEFAULT now(),
  updated_at timestamp with time zone DEFAULT now(),
  CONSTRAINT users_email_format CHECK (email IS NULL OR email ~* '^[^@\s]+@[^@\s]+\.[^@\s]+$'),
  CONSTRAINT users_updated_after_created CHECK (updated_at >= created_at)
);

CREATE TABLE IF NOT EXISTS conversations (
  id uuid DEFAULT gen_random_uuid() PRIMARY KEY,
  user_id uuid DEFAULT auth.uid() REFERENCES users (id) ON DELETE CASCADE,
  session_id character varying(255) UNIQUE NOT NULL,
  status character varying(50) DEFAULT 'active',
  created_at timestamp with time zone DEFAULT now(),
  updated_at timestamp with time zone DEFAULT now(),
  CONSTRAINT conversations_session_id_not_blank CHECK (length(btrim(session_id)) > 0),
  CONSTRAINT conversations_updated_after_created CHECK (updated_at >= created_at)
);

CREATE TABLE IF NOT EXISTS messages (
  id uuid DEFAULT gen_random_uuid() PRIMARY KEY,
  conversation_id uuid REFERENCES conversations (id) ON DELETE CASCADE,
  role character varying(20) NOT NULL DEFAULT 'user' CHECK (role IN ('user', 'assistant')),
  content text NOT NULL,
  created_at timestamp with time zone DEFAULT now(),
  CONSTRAINT messages_content_not_blank CHECK (length(btrim(content)) > 0)
);

CREATE TABLE IF NOT EXISTS escalations (
  id uuid DEFAULT gen_random_uuid() PRIMARY KEY,
  conversation_id uuid REFERENCES conversations (id) ON DELETE SET NULL,
  issue_type character varying(50) NOT NULL,
  original_request text NOT NULL,
  status character varying(50) DEFAULT 'pending' CHECK (status IN ('pending', 'notified', 'in_progress', 'resolved')),
  contact_info jsonb,
  conversation_context text,
  created_at timestamp with time zone DEFAULT now(),
  updated_at timestamp with time zone DEFAULT now(),
  CONSTRAINT escalations_original_request_not_blank CHECK (length(btrim(original_request)) > 0),
  CONSTRAINT escalations_contact_info_object CHECK (contact_info IS NULL OR jsonb_typeof(contact_info) = 'object'),
  CONSTRAINT escalations_updated_after_created CHECK (updated_at >= created_at)
);

-- The source's indexes ("Performance Optimization"), by the source's names.
CREATE INDEX IF NOT EXISTS idx_conversations_session_id ON conversations (session_id);
CREATE INDEX IF NOT EXISTS idx_messages_conversation_id ON messages (conversation_id);
CREATE INDEX IF NOT EXISTS idx_users_email ON users (email);
-- Added: every foreign key has an index starting with its columns (verify checks it), and the
-- history is read in time order.
CREATE INDEX IF NOT EXISTS idx_conversations_user_id ON conversations (user_id, created_at DESC);
CREATE INDEX IF NOT EXISTS idx_messages_conversation_created ON messages (conversation_id, created_at);
CREATE INDEX IF NOT EXISTS idx_escalations_conversation_id ON escalations (conversation_id);
CREATE INDEX IF NOT EXISTS idx_escalations_open ON escalations (status, created_at) WHERE status <> 'resolved';
