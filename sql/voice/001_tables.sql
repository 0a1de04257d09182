-- voice: a logistics voice agent that calls drivers for check-ins and handles emergency calls.
-- agent_configurations hold the Retell agent settings per scenario; test_calls are the calls
-- placed to drivers; call_results hold what a completed call produced.

CREATE TABLE IF NOT EXISTS voice.agent_configurations (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  name text NOT NULL CHECK (length(btrim(name)) > 0),
  scenario_type text NOT NULL CHECK (scenario_type IN ('check-in', 'emergency')),
  prompt text NOT NULL,
  retell_settings jsonb NOT NULL DEFAULT '{
    "voice_id": "11labs-Adrian",
    "llm": "gpt-4o-mini",
    "temperature": 0.3,
    "responsiveness": 0.8,
    "interruption_sensitivity": 0.6,
    "enable_backchannel": true,
    "max_call_duration_ms": 600000,
    "language": "en-US"
  }'::jsonb CHECK (jsonb_typeof(retell_settings) = 'object'),
  is_active boolean NOT NULL DEFAULT true,
  created_by uuid NOT NULL REFERENCES auth.users (id) ON DELETE CASCADE,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX IF NOT EXISTS agent_configurations_created_by_idx ON voice.agent_configurations (created_by);
CREATE UNIQUE INDEX IF NOT EXISTS agent_configurations_one_active_name ON voice.agent_configurations (created_by, name) WHERE is_active;

CREATE TABLE IF NOT EXISTS voice.test_calls (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  configuration_id uuid NOT NULL REFERENCES voice.agent_configurations (id) ON DELETE CASCADE,
  scenario_type text NOT NULL CHECK (scenario_type IN ('check-in', 'emergency')),
  driver_name text NOT NULL CHECK (length(btrim(driver_name)) > 0),
  driver_phone text NOT NULL CHECK (driver_phone ~ '^\+[1-9][0-9]{7,14}$'),
  carrier text,
  load_number text NOT NULL CHECK (load_number ~ '^[A-Z0-9-]{4,20}$'),
  status text NOT NULL DEFAULT 'queued' CHECK (status IN ('queued', 'in_progress', 'completed', 'no_answer', 'busy', 'failed')),
  retell_call_id text UNIQUE,
  started_at timestamptz,
  ended_at timestamptz,
  duration_seconds integer CHECK (duration_seconds >= 0),
  retry_count smallint NOT NULL DEFAULT 0 CHECK (retry_count BETWEEN 0 AND 10),
  created_by uuid NOT NULL REFERENCES auth.users (id) ON DELETE CASCADE,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  CHECK (ended_at IS NULL OR (started_at IS NOT NULL AND ended_at > started_at)),
  CHECK (duration_seconds IS NULL OR (ended_at IS NOT NULL AND duration_seconds = floor(extract(epoch FROM ended_at - started_at))::integer)),
  CHECK (status <> 'queued' OR started_at IS NULL),
  CHECK (status <> 'completed' OR ended_at IS NOT NULL)
);
CREATE INDEX IF NOT EXISTS test_calls_configuration_id_idx ON voice.test_calls (configuration_id);
CREATE INDEX IF NOT EXISTS test_calls_created_by_created_at_idx ON voice.test_calls (created_by, created_at DESC);
CREATE INDEX IF NOT EXISTS test_calls_driver_phone_idx ON voice.test_calls (driver_phone);

CREATE TABLE IF NOT EXISTS voice.call_results (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  test_call_id uuid NOT NULL UNIQUE REFERENCES voice.test_calls (id) ON DELETE CASCADE,
  transcript text NOT NULL,
  summary text,
  sentiment text CHECK (sentiment IN ('positive', 'neutral', 'negative')),
  structured_data jsonb NOT NULL DEFAULT '{}'::jsonb CHECK (jsonb_typeof(structured_data) = 'object'),
  created_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX IF NOT EXISTS call_results_structured_data_idx ON voice.call_results USING gin (structured_data);
