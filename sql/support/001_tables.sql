-- support: member-support chat. A member (support.users, one per auth.users row) talks to the
-- assistant in conversations; some conversations are escalated to a human.
-- Re-runnable (IF NOT EXISTS), so a table dropped by hand can be restored by `pulumi up`.

CREATE TABLE IF NOT EXISTS support.users (
  id uuid PRIMARY KEY REFERENCES auth.users (id) ON DELETE CASCADE,
  email text NOT NULL UNIQUE CHECK (email ~* '^[^@\s]+@[^@\s]+\.[^@\s]+$'),
  full_name text NOT NULL CHECK (length(btrim(full_name)) > 0),
  phone text CHECK (phone ~ '^\+[1-9][0-9]{7,14}$'),
  member_id text UNIQUE,
  plan text NOT NULL DEFAULT 'standard' CHECK (plan IN ('basic', 'standard', 'premium')),
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE IF NOT EXISTS support.conversations (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  user_id uuid NOT NULL REFERENCES support.users (id) ON DELETE CASCADE,
  title text,
  channel text NOT NULL DEFAULT 'chat' CHECK (channel IN ('chat', 'email', 'sms')),
  status text NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'escalated', 'closed')),
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  closed_at timestamptz,
  CHECK (closed_at IS NULL OR closed_at >= created_at),
  CHECK ((status = 'closed') = (closed_at IS NOT NULL))
);
CREATE INDEX IF NOT EXISTS conversations_user_id_created_at_idx ON support.conversations (user_id, created_at DESC);

CREATE TABLE IF NOT EXISTS support.messages (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  conversation_id uuid NOT NULL REFERENCES support.conversations (id) ON DELETE CASCADE,
  role text NOT NULL CHECK (role IN ('user', 'assistant', 'system')),
  content text NOT NULL CHECK (length(content) > 0),
  metadata jsonb NOT NULL DEFAULT '{}'::jsonb,
  created_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX IF NOT EXISTS messages_conversation_id_created_at_idx ON support.messages (conversation_id, created_at);

CREATE TABLE IF NOT EXISTS support.escalations (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  conversation_id uuid NOT NULL REFERENCES support.conversations (id) ON DELETE CASCADE,
  user_id uuid NOT NULL REFERENCES support.users (id) ON DELETE CASCADE,
  reason text NOT NULL CHECK (length(btrim(reason)) > 0),
  original_request text NOT NULL,
  priority text NOT NULL DEFAULT 'normal' CHECK (priority IN ('low', 'normal', 'high', 'urgent')),
  status text NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'notified', 'in_progress', 'resolved')),
  assigned_to text,
  resolution_notes text,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  notified_at timestamptz,
  resolved_at timestamptz,
  CHECK ((status = 'pending') = (notified_at IS NULL)),
  CHECK ((status = 'resolved') = (resolved_at IS NOT NULL)),
  CHECK (notified_at IS NULL OR notified_at >= created_at),
  CHECK (resolved_at IS NULL OR resolved_at >= notified_at)
);
CREATE INDEX IF NOT EXISTS escalations_conversation_id_idx ON support.escalations (conversation_id);
CREATE INDEX IF NOT EXISTS escalations_user_id_idx ON support.escalations (user_id);
CREATE INDEX IF NOT EXISTS escalations_open_idx ON support.escalations (status, created_at) WHERE status <> 'resolved';
