-- contact_center: admins and supervisors (users) oversee AI agents (voice or chat) that handle
-- customer interactions; finished interactions are archived with CSAT, issues and tags; live
-- interactions stream realtime metrics; agents ask supervisors for permission to use tools.

CREATE TABLE IF NOT EXISTS contact_center.users (
  id uuid PRIMARY KEY REFERENCES auth.users (id) ON DELETE CASCADE,
  email text NOT NULL UNIQUE CHECK (email ~* '^[^@\s]+@[^@\s]+\.[^@\s]+$'),
  full_name text NOT NULL CHECK (length(btrim(full_name)) > 0),
  role text NOT NULL CHECK (role IN ('admin', 'supervisor')),
  username text UNIQUE CHECK (username ~ '^[a-z0-9_.]{3,32}$'),
  supervisor_type text CHECK (supervisor_type IN ('voice', 'chat')),
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  -- Supervisors have a username and a type; admins have neither.
  CONSTRAINT users_role_fields CHECK (
    (role = 'supervisor' AND username IS NOT NULL AND supervisor_type IS NOT NULL)
    OR (role = 'admin' AND username IS NULL AND supervisor_type IS NULL))
);

CREATE TABLE IF NOT EXISTS contact_center.agents (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  supervisor_id uuid NOT NULL REFERENCES contact_center.users (id) ON DELETE CASCADE,
  name text NOT NULL CHECK (length(btrim(name)) > 0),
  agent_type text NOT NULL CHECK (agent_type IN ('voice', 'chat')),
  status text NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'paused', 'retired')),
  config jsonb NOT NULL DEFAULT '{}'::jsonb,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX IF NOT EXISTS agents_supervisor_id_idx ON contact_center.agents (supervisor_id);

CREATE TABLE IF NOT EXISTS contact_center.interactions (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  agent_id uuid NOT NULL REFERENCES contact_center.agents (id) ON DELETE CASCADE,
  channel text NOT NULL CHECK (channel IN ('voice', 'chat')),
  customer_name text,
  customer_phone text NOT NULL CHECK (customer_phone ~ '^\+[1-9][0-9]{7,14}$'),
  status text NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'completed', 'abandoned', 'transferred')),
  started_at timestamptz NOT NULL DEFAULT now(),
  ended_at timestamptz,
  summary text,
  metadata jsonb NOT NULL DEFAULT '{}'::jsonb,
  CHECK (ended_at IS NULL OR ended_at >= started_at),
  CHECK ((status = 'active') = (ended_at IS NULL))
);
CREATE INDEX IF NOT EXISTS interactions_agent_id_started_at_idx ON contact_center.interactions (agent_id, started_at DESC);
CREATE INDEX IF NOT EXISTS interactions_customer_phone_idx ON contact_center.interactions (customer_phone, started_at);

CREATE TABLE IF NOT EXISTS contact_center.interaction_archives (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  interaction_id uuid NOT NULL UNIQUE REFERENCES contact_center.interactions (id) ON DELETE CASCADE,
  phone_number text NOT NULL CHECK (phone_number ~ '^\+[1-9][0-9]{7,14}$'),
  csat smallint CHECK (csat BETWEEN 0 AND 100),
  -- issues: [{"category": "billing", "description": "...", "resolved": true}, ...]
  issues jsonb NOT NULL DEFAULT '[]'::jsonb CHECK (jsonb_typeof(issues) = 'array'),
  -- tags: ["billing", "refund", ...]; archives sharing a tag are the same problem coming back.
  tags jsonb NOT NULL DEFAULT '[]'::jsonb CHECK (jsonb_typeof(tags) = 'array'),
  resolution text,
  first_contact_resolved boolean NOT NULL DEFAULT true,
  archived_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX IF NOT EXISTS interaction_archives_phone_idx ON contact_center.interaction_archives (phone_number, archived_at);
CREATE INDEX IF NOT EXISTS interaction_archives_archived_at_idx ON contact_center.interaction_archives (archived_at);
CREATE INDEX IF NOT EXISTS interaction_archives_tags_idx ON contact_center.interaction_archives USING gin (tags);

CREATE TABLE IF NOT EXISTS contact_center.realtime_metrics (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  interaction_id uuid NOT NULL REFERENCES contact_center.interactions (id) ON DELETE CASCADE,
  recorded_at timestamptz NOT NULL DEFAULT now(),
  sentiment numeric(4, 3) CHECK (sentiment BETWEEN -1 AND 1),
  latency_ms integer CHECK (latency_ms >= 0),
  talk_ratio numeric(4, 3) CHECK (talk_ratio BETWEEN 0 AND 1),
  words_per_minute smallint CHECK (words_per_minute >= 0),
  silence_seconds numeric(6, 2) CHECK (silence_seconds >= 0),
  UNIQUE (interaction_id, recorded_at)
);
-- For the cleanup of old metrics. The source made this a partial index WHERE recorded_at >
-- now() - interval '...', which PostgreSQL rejects (index predicates must be immutable, and a
-- moving window would be wrong the next day anyway); a plain index on recorded_at serves it.
CREATE INDEX IF NOT EXISTS realtime_metrics_recorded_at_idx ON contact_center.realtime_metrics (recorded_at);

CREATE TABLE IF NOT EXISTS contact_center.tool_permissions (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  agent_id uuid NOT NULL REFERENCES contact_center.agents (id) ON DELETE CASCADE,
  interaction_id uuid REFERENCES contact_center.interactions (id) ON DELETE SET NULL,
  tool_name text NOT NULL,
  reason text,
  status text NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'approved', 'denied', 'timed_out')),
  requested_at timestamptz NOT NULL DEFAULT now(),
  -- A request times out 6 minutes after it was made (set by trigger).
  expires_at timestamptz NOT NULL,
  responded_at timestamptz,
  responded_by uuid REFERENCES contact_center.users (id) ON DELETE SET NULL,
  CHECK (expires_at > requested_at),
  CHECK ((status IN ('approved', 'denied')) = (responded_at IS NOT NULL)),
  CHECK (responded_at IS NULL OR (responded_at >= requested_at AND responded_at <= expires_at))
);
CREATE INDEX IF NOT EXISTS tool_permissions_agent_id_idx ON contact_center.tool_permissions (agent_id, requested_at DESC);
CREATE INDEX IF NOT EXISTS tool_permissions_interaction_id_idx ON contact_center.tool_permissions (interaction_id);
CREATE INDEX IF NOT EXISTS tool_permissions_responded_by_idx ON contact_center.tool_permissions (responded_by);
CREATE INDEX IF NOT EXISTS tool_permissions_pending_idx ON contact_center.tool_permissions (expires_at) WHERE status = 'pending';

CREATE TABLE IF NOT EXISTS contact_center.agent_tools (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  agent_id uuid NOT NULL REFERENCES contact_center.agents (id) ON DELETE CASCADE,
  tool_name text NOT NULL,
  enabled boolean NOT NULL DEFAULT true,
  config jsonb NOT NULL DEFAULT '{}'::jsonb,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  UNIQUE (agent_id, tool_name)
);
