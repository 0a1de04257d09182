-- voice: the AI voice agent's database (source: voice.md, section 2.1 "Core Tables"), in schema
-- voice. A logistics voice agent (Retell AI) calls truck drivers for check-ins and takes their
-- emergency calls: agent_configurations hold the prompts and Retell settings per scenario,
-- test_calls the calls placed to drivers, call_results the transcript and extracted data of a call.
-- Every table, column, type, default, CHECK, UNIQUE, foreign key (with its ON DELETE) and index of
-- the source is here by the source's name. Additions (docs/modules/voice.md lists each, with why):
-- an index on the created_by foreign key, CHECKs on the ranges the source states in comments
-- (scores, confidence) and on non-negative durations/retries and ended_at >= started_at.

-- Table 1: agent_configurations
CREATE TABLE IF NOT EXISTS agent_configurations (
    id UUID PRIMARY KEY DEFAULT gen_random_uuid(),
    name VARCHAR(255) NOT NULL,
    system_prompt TEXT NOT NULL,
    scenario_type VARCHAR(50) NOT NULL CHECK (scenario_type IN ('check-in', 'emergency')),

    -- Retell AI Settings (JSONB for flexibility)
    retell_settings JSONB DEFAULT '{
        "voice_id": "default",
        "backchannel_enabled": true,
        "filler_words_enabled": true,
        "interruption_sensitivity": "high",
        "response_latency_ms": 200
    }'::jsonb,

    -- Conversation Configuration
    conversation_config JSONB DEFAULT '{
        "max_retries": 3,
        "timeout_seconds": 300,
        "emergency_keywords": ["accident", "blowout", "breakdown", "injured"]
    }'::jsonb,

    -- Metadata
    created_at TIMESTAMPTZ DEFAULT NOW(),
    updated_at TIMESTAMPTZ DEFAULT NOW(),
    created_by UUID REFERENCES auth.users(id) ON DELETE SET NULL,
    is_active BOOLEAN DEFAULT true
);

CREATE INDEX IF NOT EXISTS idx_agent_config_scenario ON agent_configurations(scenario_type);
CREATE INDEX IF NOT EXISTS idx_agent_config_active ON agent_configurations(is_active);
CREATE INDEX IF NOT EXISTS idx_agent_config_created ON agent_configurations(created_at DESC);
-- Added: the created_by foreign key needs an index (ON DELETE SET NULL scans it; RLS filters on it).
CREATE INDEX IF NOT EXISTS idx_agent_config_created_by ON agent_configurations(created_by);

COMMENT ON TABLE agent_configurations IS 'AI agent configurations with prompts and Retell settings';
COMMENT ON COLUMN agent_configurations.retell_settings IS 'Retell AI voice settings (backchanneling, filler words, etc.)';
COMMENT ON COLUMN agent_configurations.conversation_config IS 'Conversation flow settings (retries, timeouts, keywords)';

-- Table 2: test_calls
CREATE TABLE IF NOT EXISTS test_calls (
    id UUID PRIMARY KEY DEFAULT gen_random_uuid(),

    -- Foreign Keys
    agent_config_id UUID NOT NULL REFERENCES agent_configurations(id) ON DELETE CASCADE,

    -- Driver Information
    driver_name VARCHAR(255) NOT NULL,
    phone_number VARCHAR(20) NOT NULL,
    load_number VARCHAR(100) NOT NULL,

    -- Retell Call Details
    retell_call_id VARCHAR(255) UNIQUE,
    retell_agent_id VARCHAR(255),

    -- Call Status
    status VARCHAR(50) NOT NULL DEFAULT 'initiated'
        CHECK (status IN ('initiated', 'ringing', 'in_progress', 'completed', 'failed', 'no_answer', 'busy')),

    -- Call Metadata
    duration_seconds INTEGER,
    started_at TIMESTAMPTZ,
    ended_at TIMESTAMPTZ,

    -- Error Handling
    error_message TEXT,
    retry_count INTEGER DEFAULT 0,

    -- Timestamps
    created_at TIMESTAMPTZ DEFAULT NOW(),
    updated_at TIMESTAMPTZ DEFAULT NOW()
);

-- Added CHECKs (none narrows a value the source allows for a real call): a duration and a retry
-- count are never negative, and a call cannot end before it started.
DO $$
BEGIN
  IF NOT EXISTS (SELECT 1 FROM pg_constraint WHERE conrelid = 'test_calls'::regclass AND conname = 'test_calls_duration_seconds_check') THEN
    ALTER TABLE test_calls ADD CONSTRAINT test_calls_duration_seconds_check CHECK (duration_seconds >= 0);
  END IF;
  IF NOT EXISTS (SELECT 1 FROM pg_constraint WHERE conrelid = 'test_calls'::regclass AND conname = 'test_calls_retry_count_check') THEN
    ALTER TABLE test_calls ADD CONSTRAINT test_calls_retry_count_check CHECK (retry_count >= 0);
  END IF;
  IF NOT EXISTS (SELECT 1 FROM pg_constraint WHERE conrelid = 'test_calls'::regclass AND conname = 'test_calls_ended_after_started') THEN
    ALTER TABLE test_calls ADD CONSTRAINT test_calls_ended_after_started CHECK (ended_at >= started_at);
  END IF;
END
$$;

CREATE INDEX IF NOT EXISTS idx_test_calls_agent_config ON test_calls(agent_config_id);
CREATE INDEX IF NOT EXISTS idx_test_calls_status ON test_calls(status);
CREATE INDEX IF NOT EXISTS idx_test_calls_retell_id ON test_calls(retell_call_id);
CREATE INDEX IF NOT EXISTS idx_test_calls_created ON test_calls(created_at DESC);
CREATE INDEX IF NOT EXISTS idx_test_calls_phone ON test_calls(phone_number);

COMMENT ON TABLE test_calls IS 'Test call records with driver info and Retell call IDs';
COMMENT ON COLUMN test_calls.retell_call_id IS 'Unique call ID from Retell AI API';
COMMENT ON COLUMN test_calls.status IS 'Current call status (initiated, in_progress, completed, failed)';

-- Table 3: call_results
CREATE TABLE IF NOT EXISTS call_results (
    id UUID PRIMARY KEY DEFAULT gen_random_uuid(),

    -- Foreign Key
    call_id UUID NOT NULL REFERENCES test_calls(id) ON DELETE CASCADE,

    -- Transcript Data
    transcript TEXT NOT NULL,
    transcript_object JSONB, -- Full Retell transcript with timestamps

    -- Structured Data (Varies by Scenario)
    structured_data JSONB NOT NULL,

    -- Extraction Metadata
    extraction_model VARCHAR(100), -- e.g., "gpt-4o", "claude-3-5-sonnet"
    extraction_confidence DECIMAL(3, 2), -- 0.00 to 1.00
    extraction_timestamp TIMESTAMPTZ DEFAULT NOW(),

    -- Call Analytics
    sentiment_score DECIMAL(3, 2), -- -1.00 (negative) to 1.00 (positive)
    call_quality_score DECIMAL(3, 2), -- 0.00 to 1.00

    -- Audio Recording
    recording_url TEXT,

    -- Timestamps
    created_at TIMESTAMPTZ DEFAULT NOW()
);

-- Added CHECKs: the ranges the source states in its column comments.
DO $$
BEGIN
  IF NOT EXISTS (SELECT 1 FROM pg_constraint WHERE conrelid = 'call_results'::regclass AND conname = 'call_results_extraction_confidence_check') THEN
    ALTER TABLE call_results ADD CONSTRAINT call_results_extraction_confidence_check CHECK (extraction_confidence BETWEEN 0 AND 1);
  END IF;
  IF NOT EXISTS (SELECT 1 FROM pg_constraint WHERE conrelid = 'call_results'::regclass AND conname = 'call_results_sentiment_score_check') THEN
    ALTER TABLE call_results ADD CONSTRAINT call_results_sentiment_score_check CHECK (sentiment_score BETWEEN -1 AND 1);
  END IF;
  IF NOT EXISTS (SELECT 1 FROM pg_constraint WHERE conrelid = 'call_results'::regclass AND conname = 'call_results_call_quality_score_check') THEN
    ALTER TABLE call_results ADD CONSTRAINT call_results_call_quality_score_check CHECK (call_quality_score BETWEEN 0 AND 1);
  END IF;
END
$$;

CREATE INDEX IF NOT EXISTS idx_call_results_call_id ON call_results(call_id);
CREATE INDEX IF NOT EXISTS idx_call_results_created ON call_results(created_at DESC);
-- One GIN index on structured_data. The source creates it twice: here (section 2.1) and again as
-- idx_call_results_structured_data_gin (section 5.2, under "Indexes (Already Created Above)"): two
-- identical indexes double the write cost and serve no query better, so the module keeps the first.
CREATE INDEX IF NOT EXISTS idx_call_results_structured_data ON call_results USING GIN(structured_data);

COMMENT ON TABLE call_results IS 'Call transcripts and extracted structured data';
COMMENT ON COLUMN call_results.structured_data IS 'Extracted key-value pairs (varies by scenario: check-in vs emergency)';
COMMENT ON COLUMN call_results.transcript_object IS 'Full Retell transcript with timestamps and speaker labels';
