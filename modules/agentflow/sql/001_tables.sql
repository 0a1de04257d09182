-- agentflow: the AgentFlow AI Platform's database (source: agentflow.md, whose column lists are the
-- contract). profiles (one per auth user; the source references it without listing it) own
-- conversations; a conversation is keyed by its TEXT conversation_id, under which live its threaded
-- messages, its shared memory and the workflow executions its agents ran; leads are assigned to
-- profiles. gen_random_uuid() is built into PostgreSQL 13+, so no extension is needed here (on
-- Supabase uuid-ossp and pgcrypto already live in schema `extensions`).

DO $$
BEGIN
  IF NOT EXISTS (SELECT 1 FROM pg_type t JOIN pg_namespace n ON n.oid = t.typnamespace
                  WHERE n.nspname = current_schema() AND t.typname = 'lead_status') THEN
    -- The source names the enum without its values: a sales pipeline, in order.
    CREATE TYPE lead_status AS ENUM ('new', 'contacted', 'qualified', 'proposal', 'negotiation', 'won', 'lost');
  END IF;
END
$$;

-- Not listed by the source (it is referenced by conversations.user_id, leads.assigned_to and
-- workflow_executions.initiated_by). role is what admin privileges are decided by: nobody but the
-- service role may write it (column privileges in modules/agentflow/module.ts).
CREATE TABLE IF NOT EXISTS profiles (
  -- DEFAULT auth.uid(): a signed-in user creates their own profile without naming their id.
  id uuid PRIMARY KEY DEFAULT auth.uid() REFERENCES auth.users (id) ON DELETE CASCADE ON UPDATE CASCADE,
  email text CHECK (email ~* '^[^@\s]+@[^@\s]+\.[^@\s]+$'),
  full_name text CHECK (length(btrim(full_name)) > 0),
  role text NOT NULL DEFAULT 'member' CHECK (role IN ('member', 'sales', 'admin')),
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now()
);

-- One row per conversation: conversation_id is the application's key for it (TEXT, shared with
-- messages, workflow_executions and shared_memory), role/content are the turn that opened it.
CREATE TABLE IF NOT EXISTS conversations (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  conversation_id text NOT NULL DEFAULT ('conv_' || replace(gen_random_uuid()::text, '-', '')),
  user_id uuid DEFAULT auth.uid() REFERENCES profiles (id) ON DELETE CASCADE ON UPDATE CASCADE,
  session_id text,
  role text CHECK (role IN ('user', 'assistant', 'system')),
  content text,
  status text NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'inactive', 'pending', 'completed', 'failed', 'cancelled')),
  channel text NOT NULL DEFAULT 'web' CHECK (channel IN ('web', 'mobile', 'api')),
  metadata jsonb NOT NULL DEFAULT '{}'::jsonb,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  CONSTRAINT conversations_conversation_id_key UNIQUE (conversation_id),
  CONSTRAINT conversations_conversation_id_not_blank CHECK (btrim(conversation_id) <> ''),
  CONSTRAINT conversations_time_order CHECK (updated_at >= created_at)
);
CREATE INDEX IF NOT EXISTS conversations_user_id_idx ON conversations (user_id, created_at DESC);
CREATE INDEX IF NOT EXISTS conversations_session_id_idx ON conversations (session_id);
CREATE INDEX IF NOT EXISTS conversations_status_idx ON conversations (status, updated_at DESC);
CREATE INDEX IF NOT EXISTS conversations_metadata_idx ON conversations USING gin (metadata);

CREATE TABLE IF NOT EXISTS messages (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  conversation_id text NOT NULL REFERENCES conversations (conversation_id) ON DELETE CASCADE ON UPDATE CASCADE,
  parent_message_id uuid REFERENCES messages (id) ON DELETE CASCADE ON UPDATE CASCADE,
  sender_type text NOT NULL DEFAULT 'user' CHECK (sender_type IN ('user', 'assistant', 'system', 'agent')),
  sender_id text,
  content text,
  message_type text NOT NULL DEFAULT 'text' CHECK (message_type IN ('text', 'image', 'file', 'system')),
  status text NOT NULL DEFAULT 'sent' CHECK (status IN ('sent', 'delivered', 'read', 'failed')),
  metadata jsonb NOT NULL DEFAULT '{}'::jsonb,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  CONSTRAINT messages_not_own_parent CHECK (parent_message_id IS NULL OR parent_message_id <> id),
  CONSTRAINT messages_time_order CHECK (updated_at >= created_at)
);
CREATE INDEX IF NOT EXISTS messages_conversation_id_idx ON messages (conversation_id, created_at);
CREATE INDEX IF NOT EXISTS messages_parent_message_id_idx ON messages (parent_message_id);
CREATE INDEX IF NOT EXISTS messages_metadata_idx ON messages USING gin (metadata);

CREATE TABLE IF NOT EXISTS leads (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  name text,
  email text CHECK (email ~* '^[^@\s]+@[^@\s]+\.[^@\s]+$'),
  phone text,
  company text,
  status lead_status NOT NULL DEFAULT 'new',
  lead_score integer NOT NULL DEFAULT 0 CHECK (lead_score BETWEEN 0 AND 100),
  services_interested text[] NOT NULL DEFAULT '{}',
  budget_range text,
  timeline text,
  source text,
  notes text,
  -- DEFAULT auth.uid(): a sales rep's new lead is theirs; the service role's starts unassigned.
  assigned_to uuid DEFAULT auth.uid() REFERENCES profiles (id) ON DELETE SET NULL ON UPDATE CASCADE,
  metadata jsonb NOT NULL DEFAULT '{}'::jsonb,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  CONSTRAINT leads_time_order CHECK (updated_at >= created_at)
);
CREATE INDEX IF NOT EXISTS leads_assigned_to_idx ON leads (assigned_to);
CREATE INDEX IF NOT EXISTS leads_status_score_idx ON leads (status, lead_score DESC);
CREATE INDEX IF NOT EXISTS leads_email_idx ON leads (email);
CREATE INDEX IF NOT EXISTS leads_services_interested_idx ON leads USING gin (services_interested);
CREATE INDEX IF NOT EXISTS leads_metadata_idx ON leads USING gin (metadata);

-- conversation_id is TEXT without a foreign key, as in the source: an execution is a record staff
-- keep (audit, billing) after the conversation it ran in is deleted.
CREATE TABLE IF NOT EXISTS workflow_executions (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  conversation_id text,
  workflow_type text NOT NULL CHECK (workflow_type ~ '^[a-z][a-z0-9_]*$'),
  current_state text NOT NULL DEFAULT 'pending',
  current_step text,
  participating_agents text[] NOT NULL DEFAULT '{}',
  initiated_by uuid REFERENCES profiles (id) ON DELETE SET NULL ON UPDATE CASCADE,
  workflow_config jsonb NOT NULL DEFAULT '{}'::jsonb,
  execution_plan jsonb NOT NULL DEFAULT '{}'::jsonb,
  results jsonb,
  error_message text,
  started_at timestamptz,
  completed_at timestamptz,
  updated_at timestamptz NOT NULL DEFAULT now(),
  created_at timestamptz NOT NULL DEFAULT now(),
  CONSTRAINT workflow_executions_start_order CHECK (started_at IS NULL OR started_at >= created_at),
  CONSTRAINT workflow_executions_completion_order CHECK (completed_at IS NULL OR (started_at IS NOT NULL AND completed_at >= started_at))
);
CREATE INDEX IF NOT EXISTS workflow_executions_conversation_id_idx ON workflow_executions (conversation_id, created_at);
CREATE INDEX IF NOT EXISTS workflow_executions_initiated_by_idx ON workflow_executions (initiated_by);
CREATE INDEX IF NOT EXISTS workflow_executions_state_idx ON workflow_executions (workflow_type, current_state);
CREATE INDEX IF NOT EXISTS workflow_executions_participating_agents_idx ON workflow_executions USING gin (participating_agents);
CREATE INDEX IF NOT EXISTS workflow_executions_results_idx ON workflow_executions USING gin (results);

CREATE TABLE IF NOT EXISTS agent_messages (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  workflow_execution_id uuid NOT NULL REFERENCES workflow_executions (id) ON DELETE CASCADE ON UPDATE CASCADE,
  agent_name text NOT NULL CHECK (length(btrim(agent_name)) > 0),
  message_type text NOT NULL CHECK (message_type IN ('input', 'output', 'system', 'error', 'tool_call')),
  content text,
  status text NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'processing', 'completed', 'failed')),
  tool_calls jsonb NOT NULL DEFAULT '[]'::jsonb,
  context_data jsonb NOT NULL DEFAULT '{}'::jsonb,
  error_details text,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  processed_at timestamptz,
  CONSTRAINT agent_messages_processed_order CHECK (processed_at IS NULL OR processed_at >= created_at)
);
CREATE INDEX IF NOT EXISTS agent_messages_workflow_execution_id_idx ON agent_messages (workflow_execution_id, created_at);
CREATE INDEX IF NOT EXISTS agent_messages_agent_name_idx ON agent_messages (agent_name, status);
CREATE INDEX IF NOT EXISTS agent_messages_tool_calls_idx ON agent_messages USING gin (tool_calls);
CREATE INDEX IF NOT EXISTS agent_messages_context_data_idx ON agent_messages USING gin (context_data);

CREATE TABLE IF NOT EXISTS shared_memory (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  conversation_id text NOT NULL REFERENCES conversations (conversation_id) ON DELETE CASCADE ON UPDATE CASCADE,
  memory_key text NOT NULL CHECK (length(btrim(memory_key)) > 0),
  memory_value jsonb NOT NULL DEFAULT '{}'::jsonb,
  scope text NOT NULL DEFAULT 'session' CHECK (scope IN ('workflow', 'session', 'global', 'agent')),
  access_count integer NOT NULL DEFAULT 0 CHECK (access_count >= 0),
  last_accessed_at timestamptz,
  metadata jsonb NOT NULL DEFAULT '{}'::jsonb,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  CONSTRAINT shared_memory_conversation_id_memory_key_scope_key UNIQUE (conversation_id, memory_key, scope),
  CONSTRAINT shared_memory_accessed_order CHECK (last_accessed_at IS NULL OR last_accessed_at >= created_at),
  CONSTRAINT shared_memory_time_order CHECK (updated_at >= created_at)
);
CREATE INDEX IF NOT EXISTS shared_memory_memory_value_idx ON shared_memory USING gin (memory_value);
