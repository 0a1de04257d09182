-- agentflow: a multi-agent platform. profiles (one per auth user) own conversations; messages
-- are threaded; leads are assigned to profiles; workflow executions run within a conversation and
-- their agents exchange agent_messages; shared_memory is the conversation's key/value store.

DO $$
BEGIN
  IF NOT EXISTS (SELECT 1 FROM pg_type t JOIN pg_namespace n ON n.oid = t.typnamespace
                  WHERE n.nspname = 'agentflow' AND t.typname = 'lead_status') THEN
    CREATE TYPE agentflow.lead_status AS ENUM ('new', 'contacted', 'qualified', 'proposal', 'won', 'lost');
  END IF;
END
$$;

CREATE TABLE IF NOT EXISTS agentflow.profiles (
  id uuid PRIMARY KEY REFERENCES auth.users (id) ON DELETE CASCADE,
  email text NOT NULL UNIQUE CHECK (email ~* '^[^@\s]+@[^@\s]+\.[^@\s]+$'),
  full_name text NOT NULL CHECK (length(btrim(full_name)) > 0),
  role text NOT NULL DEFAULT 'member' CHECK (role IN ('member', 'sales', 'manager', 'admin')),
  company text,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE IF NOT EXISTS agentflow.conversations (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  profile_id uuid NOT NULL REFERENCES agentflow.profiles (id) ON DELETE CASCADE,
  title text NOT NULL,
  status text NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'archived')),
  metadata jsonb NOT NULL DEFAULT '{}'::jsonb,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX IF NOT EXISTS conversations_profile_id_idx ON agentflow.conversations (profile_id, created_at DESC);

CREATE TABLE IF NOT EXISTS agentflow.messages (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  conversation_id uuid NOT NULL REFERENCES agentflow.conversations (id) ON DELETE CASCADE,
  parent_message_id uuid REFERENCES agentflow.messages (id) ON DELETE CASCADE,
  sender_type text NOT NULL CHECK (sender_type IN ('user', 'agent', 'system')),
  agent_name text,
  content text NOT NULL CHECK (length(content) > 0),
  created_at timestamptz NOT NULL DEFAULT now(),
  CHECK (parent_message_id IS NULL OR parent_message_id <> id),
  CHECK ((sender_type = 'agent') = (agent_name IS NOT NULL))
);
CREATE INDEX IF NOT EXISTS messages_conversation_id_idx ON agentflow.messages (conversation_id, created_at);
CREATE INDEX IF NOT EXISTS messages_parent_message_id_idx ON agentflow.messages (parent_message_id);

CREATE TABLE IF NOT EXISTS agentflow.leads (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  assigned_to uuid REFERENCES agentflow.profiles (id) ON DELETE SET NULL,
  conversation_id uuid REFERENCES agentflow.conversations (id) ON DELETE SET NULL,
  full_name text NOT NULL,
  email text NOT NULL CHECK (email ~* '^[^@\s]+@[^@\s]+\.[^@\s]+$'),
  company text,
  source text NOT NULL DEFAULT 'chat' CHECK (source IN ('chat', 'web', 'referral', 'event', 'outbound')),
  status agentflow.lead_status NOT NULL DEFAULT 'new',
  score integer NOT NULL DEFAULT 0 CHECK (score BETWEEN 0 AND 100),
  notes text,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX IF NOT EXISTS leads_assigned_to_idx ON agentflow.leads (assigned_to);
CREATE INDEX IF NOT EXISTS leads_conversation_id_idx ON agentflow.leads (conversation_id);
CREATE INDEX IF NOT EXISTS leads_status_score_idx ON agentflow.leads (status, score DESC);

CREATE TABLE IF NOT EXISTS agentflow.workflow_executions (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  conversation_id uuid NOT NULL REFERENCES agentflow.conversations (id) ON DELETE CASCADE,
  workflow_name text NOT NULL,
  status text NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'running', 'completed', 'failed')),
  input jsonb NOT NULL DEFAULT '{}'::jsonb,
  output jsonb,
  error text,
  started_at timestamptz NOT NULL DEFAULT now(),
  completed_at timestamptz,
  CHECK (completed_at IS NULL OR completed_at >= started_at),
  CHECK ((status IN ('completed', 'failed')) = (completed_at IS NOT NULL)),
  CHECK (status <> 'failed' OR error IS NOT NULL)
);
CREATE INDEX IF NOT EXISTS workflow_executions_conversation_id_idx ON agentflow.workflow_executions (conversation_id);

CREATE TABLE IF NOT EXISTS agentflow.agent_messages (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  workflow_execution_id uuid NOT NULL REFERENCES agentflow.workflow_executions (id) ON DELETE CASCADE,
  from_agent text NOT NULL,
  to_agent text NOT NULL,
  message_type text NOT NULL CHECK (message_type IN ('task', 'result', 'question', 'handoff', 'error')),
  payload jsonb NOT NULL DEFAULT '{}'::jsonb,
  created_at timestamptz NOT NULL DEFAULT now(),
  CHECK (from_agent <> to_agent)
);
CREATE INDEX IF NOT EXISTS agent_messages_workflow_execution_id_idx ON agentflow.agent_messages (workflow_execution_id, created_at);

CREATE TABLE IF NOT EXISTS agentflow.shared_memory (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  conversation_id uuid NOT NULL REFERENCES agentflow.conversations (id) ON DELETE CASCADE,
  memory_key text NOT NULL CHECK (length(memory_key) > 0),
  scope text NOT NULL DEFAULT 'conversation' CHECK (scope IN ('conversation', 'workflow', 'agent')),
  value jsonb NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  CONSTRAINT shared_memory_key_scope_unique UNIQUE (conversation_id, memory_key, scope)
);
