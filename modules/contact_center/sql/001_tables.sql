-- contact_center, as the source document (contact_center.md) defines it: admins and supervisors
-- (users) oversee AI agents (voice or chat, at most 3 per supervisor, of the supervisor's type);
-- agents handle customer interactions in LiveKit rooms; finished interactions are archived with
-- an AI summary, issues, tags, CSAT and first-contact resolution; live interactions stream
-- realtime metrics every 5 seconds; agents ask supervisors for permission to use tools (6-minute
-- timeout). Every source column keeps its source name and type. Differences from the source
-- (each listed in docs/modules/contact_center.md):
--   * uuid_generate_v4() lives in schema `extensions` on Supabase, so defaults call
--     extensions.uuid_generate_v4();
--   * users.id also references auth.users(id): the profile of a Supabase Auth user ("Managed by
--     Supabase Auth"), which is what makes auth.uid() policies mean anything;
--   * the agents CHECK with a subquery (not allowed by PostgreSQL) is a trigger (003_rules.sql);
--   * agents.supervisor_id defaults to auth.uid(); agent_type and interaction_type follow the
--     supervisor/agent when omitted (triggers);
--   * the partial cleanup index with now() (not immutable) is a plain index on created_at;
--   * tool_permissions.responded_by (addition): who answered, stamped from auth.uid();
--   * coherence CHECKs (timestamps, durations, answered requests) that narrow no source value set.

CREATE TABLE IF NOT EXISTS users (
  id uuid PRIMARY KEY DEFAULT extensions.uuid_generate_v4() REFERENCES auth.users (id) ON DELETE CASCADE,
  email character varying(255) UNIQUE NOT NULL,
  role character varying(20) NOT NULL CHECK (role IN ('admin', 'supervisor')),
  name character varying(255) NOT NULL,
  username character varying(100) UNIQUE, -- NULL for admins, required for supervisors
  supervisor_type character varying(20) CHECK (supervisor_type IN ('voice', 'chat')), -- NULL for admins
  created_at timestamptz DEFAULT now(),
  updated_at timestamptz DEFAULT now()
);

DO $$
BEGIN
  IF NOT EXISTS (SELECT 1 FROM pg_constraint WHERE conname = 'check_supervisor_fields' AND conrelid = 'users'::regclass) THEN
    ALTER TABLE users ADD CONSTRAINT check_supervisor_fields CHECK (
      (role = 'supervisor' AND username IS NOT NULL AND supervisor_type IS NOT NULL) OR
      (role = 'admin' AND username IS NULL AND supervisor_type IS NULL));
  END IF;
END
$$;

CREATE UNIQUE INDEX IF NOT EXISTS idx_users_username_supervisor ON users (username) WHERE role = 'supervisor';
CREATE INDEX IF NOT EXISTS idx_users_email ON users (email);
CREATE INDEX IF NOT EXISTS idx_users_role ON users (role);
CREATE INDEX IF NOT EXISTS idx_users_supervisor_type ON users (supervisor_type) WHERE supervisor_type IS NOT NULL;

CREATE TABLE IF NOT EXISTS agents (
  id uuid PRIMARY KEY DEFAULT extensions.uuid_generate_v4(),
  -- Default added: a supervisor creating an agent is its supervisor (admins name one).
  supervisor_id uuid NOT NULL DEFAULT auth.uid() REFERENCES users (id) ON DELETE CASCADE,
  name character varying(255) NOT NULL,
  agent_type character varying(20) NOT NULL CHECK (agent_type IN ('voice', 'chat')),
  system_prompt text NOT NULL,
  mcp_tools jsonb,
  status character varying(20) DEFAULT 'idle' CHECK (status IN ('idle', 'in_call', 'in_chat', 'paused')),
  created_at timestamptz DEFAULT now(),
  updated_at timestamptz DEFAULT now(),
  -- Added: a voice agent is never 'in_chat' and a chat agent never 'in_call'.
  CONSTRAINT agents_busy_matches_type CHECK (status IS NULL OR status NOT IN ('in_call', 'in_chat')
    OR status = CASE agent_type WHEN 'voice' THEN 'in_call' ELSE 'in_chat' END)
  -- The source's CONSTRAINT check_supervisor_role CHECK (EXISTS (SELECT ... FROM users ...)) cannot
  -- be created (no subqueries in CHECK): trigger agents_check_supervisor_role in 003_rules.sql.
);

CREATE INDEX IF NOT EXISTS idx_agents_supervisor_id ON agents (supervisor_id);
CREATE INDEX IF NOT EXISTS idx_agents_status ON agents (status);
CREATE INDEX IF NOT EXISTS idx_agents_type ON agents (agent_type);

CREATE TABLE IF NOT EXISTS interactions (
  id uuid PRIMARY KEY DEFAULT extensions.uuid_generate_v4(),
  agent_id uuid NOT NULL REFERENCES agents (id) ON DELETE CASCADE,
  phone_number character varying(50) NOT NULL,
  interaction_type character varying(20) NOT NULL CHECK (interaction_type IN ('voice', 'chat')),
  livekit_room_id character varying(255),
  status character varying(20) DEFAULT 'active' CHECK (status IN ('active', 'completed', 'failed')),
  started_at timestamptz DEFAULT now(),
  ended_at timestamptz,
  duration_seconds integer,
  created_at timestamptz DEFAULT now(),
  -- Added: an interaction is active exactly while it has no end, ends after it starts, and lasts a
  -- non-negative number of seconds (the trigger fills ended_at/duration_seconds when it ends).
  CONSTRAINT interactions_end_matches_status CHECK ((status = 'active') = (ended_at IS NULL)),
  CONSTRAINT interactions_end_after_start CHECK (ended_at IS NULL OR ended_at >= started_at),
  CONSTRAINT interactions_duration_nonnegative CHECK (duration_seconds IS NULL OR duration_seconds >= 0)
);

CREATE INDEX IF NOT EXISTS idx_interactions_agent_id ON interactions (agent_id);
CREATE INDEX IF NOT EXISTS idx_interactions_phone_number ON interactions (phone_number);
CREATE INDEX IF NOT EXISTS idx_interactions_status ON interactions (status);
CREATE INDEX IF NOT EXISTS idx_interactions_started_at ON interactions (started_at DESC);
CREATE INDEX IF NOT EXISTS idx_interactions_agent_status ON interactions (agent_id, status, started_at DESC);
CREATE INDEX IF NOT EXISTS idx_interactions_phone_date ON interactions (phone_number, started_at DESC);

CREATE TABLE IF NOT EXISTS interaction_archives (
  id uuid PRIMARY KEY DEFAULT extensions.uuid_generate_v4(),
  interaction_id uuid NOT NULL REFERENCES interactions (id) ON DELETE CASCADE,
  summary text NOT NULL,
  -- issues: [{"issue": "Payment failed", "status": "resolved", "priority": "high"}, ...]
  issues jsonb,
  -- tags: {"topics": [...], "sentiment": "neutral", "issues": [{"tag": "payment_failed", "status": "resolved"}]}
  tags jsonb,
  csat_score numeric(5, 2) CHECK (csat_score >= 0 AND csat_score <= 100),
  resolution_time_seconds integer,
  fcr_status boolean DEFAULT true,
  created_at timestamptz DEFAULT now(),
  UNIQUE (interaction_id),
  CONSTRAINT interaction_archives_resolution_nonnegative CHECK (resolution_time_seconds IS NULL OR resolution_time_seconds >= 0)
);

CREATE INDEX IF NOT EXISTS idx_archives_interaction_id ON interaction_archives (interaction_id);
CREATE INDEX IF NOT EXISTS idx_archives_created_at ON interaction_archives (created_at DESC);
CREATE INDEX IF NOT EXISTS idx_archives_fcr_status ON interaction_archives (fcr_status);
CREATE INDEX IF NOT EXISTS idx_archives_tags_gin ON interaction_archives USING gin (tags);
CREATE INDEX IF NOT EXISTS idx_archives_issues_gin ON interaction_archives USING gin (issues);

CREATE TABLE IF NOT EXISTS realtime_metrics (
  id bigserial PRIMARY KEY,
  interaction_id uuid NOT NULL REFERENCES interactions (id) ON DELETE CASCADE,
  "timestamp" timestamptz DEFAULT now(),
  sentiment character varying(20) CHECK (sentiment IN ('good', 'neutral', 'critical')),
  satisfaction_score numeric(5, 2) CHECK (satisfaction_score >= 0 AND satisfaction_score <= 100),
  feed_text text,
  created_at timestamptz DEFAULT now()
);

CREATE INDEX IF NOT EXISTS idx_realtime_metrics_interaction_id ON realtime_metrics (interaction_id);
CREATE INDEX IF NOT EXISTS idx_realtime_metrics_timestamp ON realtime_metrics ("timestamp" DESC);
-- The source: ... (created_at) WHERE created_at < NOW() - INTERVAL '24 hours'. PostgreSQL refuses
-- it (functions in an index predicate must be IMMUTABLE; now() is not), and a predicate frozen at
-- creation time would be wrong a day later anyway. A plain index serves the daily cleanup.
CREATE INDEX IF NOT EXISTS idx_realtime_metrics_cleanup ON realtime_metrics (created_at);

CREATE TABLE IF NOT EXISTS tool_permissions (
  id uuid PRIMARY KEY DEFAULT extensions.uuid_generate_v4(),
  interaction_id uuid NOT NULL REFERENCES interactions (id) ON DELETE CASCADE,
  tool_name character varying(255) NOT NULL,
  tool_description text,
  requested_at timestamptz DEFAULT now(),
  supervisor_response character varying(20) CHECK (supervisor_response IN ('allowed', 'denied', 'timeout')),
  responded_at timestamptz,
  status character varying(20) DEFAULT 'pending' CHECK (status IN ('pending', 'allowed', 'denied', 'timeout')),
  created_at timestamptz DEFAULT now(),
  -- Added: who answered (a supervisor or admin; stamped from auth.uid() by a trigger).
  responded_by uuid REFERENCES users (id) ON DELETE SET NULL,
  -- Added coherence: a request is pending exactly while it has no response; the response is the
  -- status; answers come after the request and within its 6-minute window.
  CONSTRAINT tool_permissions_response_matches_status CHECK (
    (status = 'pending' AND supervisor_response IS NULL AND responded_at IS NULL AND responded_by IS NULL)
    OR (status <> 'pending' AND supervisor_response = status AND responded_at IS NOT NULL)),
  CONSTRAINT tool_permissions_responded_after_request CHECK (responded_at IS NULL OR responded_at >= requested_at),
  CONSTRAINT tool_permissions_answered_in_window CHECK (
    status NOT IN ('allowed', 'denied') OR responded_at <= requested_at + interval '6 minutes')
);

CREATE INDEX IF NOT EXISTS idx_tool_permissions_interaction_id ON tool_permissions (interaction_id);
CREATE INDEX IF NOT EXISTS idx_tool_permissions_status ON tool_permissions (status);
CREATE INDEX IF NOT EXISTS idx_tool_permissions_requested_at ON tool_permissions (requested_at DESC);
CREATE INDEX IF NOT EXISTS idx_tool_permissions_responded_by ON tool_permissions (responded_by);

CREATE TABLE IF NOT EXISTS agent_tools (
  id uuid PRIMARY KEY DEFAULT extensions.uuid_generate_v4(),
  agent_id uuid NOT NULL REFERENCES agents (id) ON DELETE CASCADE,
  tool_name character varying(255) NOT NULL,
  tool_config jsonb,
  requires_permission boolean DEFAULT false,
  created_at timestamptz DEFAULT now(),
  UNIQUE (agent_id, tool_name)
);

CREATE INDEX IF NOT EXISTS idx_agent_tools_agent_id ON agent_tools (agent_id);
CREATE INDEX IF NOT EXISTS idx_agent_tools_requires_permission ON agent_tools (requires_permission);
