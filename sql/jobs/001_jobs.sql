-- jobs: an agent job queue. Each job belongs to a user (auth.users) and moves through job_status.
-- The source created the table before its enum; the enum comes first here.

DO $$
BEGIN
  IF NOT EXISTS (SELECT 1 FROM pg_type t JOIN pg_namespace n ON n.oid = t.typnamespace
                  WHERE n.nspname = 'jobs' AND t.typname = 'job_status') THEN
    CREATE TYPE jobs.job_status AS ENUM ('pending', 'running', 'completed', 'failed', 'cancelled');
  END IF;
END
$$;

CREATE TABLE IF NOT EXISTS jobs.jobs (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  user_id uuid NOT NULL REFERENCES auth.users (id) ON DELETE CASCADE,
  job_type text NOT NULL CHECK (job_type ~ '^[a-z][a-z0-9_.-]*$'),
  name text NOT NULL CHECK (length(btrim(name)) > 0),
  status jobs.job_status NOT NULL DEFAULT 'pending',
  priority smallint NOT NULL DEFAULT 5 CHECK (priority BETWEEN 1 AND 10),
  payload jsonb NOT NULL DEFAULT '{}'::jsonb,
  result jsonb,
  error_message text,
  attempts smallint NOT NULL DEFAULT 0 CHECK (attempts >= 0),
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  started_at timestamptz,
  completed_at timestamptz,
  -- Timestamps agree with the status.
  CONSTRAINT jobs_pending_not_started CHECK (status <> 'pending' OR (started_at IS NULL AND completed_at IS NULL)),
  CONSTRAINT jobs_running_started CHECK (status <> 'running' OR (started_at IS NOT NULL AND completed_at IS NULL)),
  CONSTRAINT jobs_finished_completed CHECK (status NOT IN ('completed', 'failed') OR (started_at IS NOT NULL AND completed_at IS NOT NULL)),
  CONSTRAINT jobs_cancelled_completed CHECK (status <> 'cancelled' OR completed_at IS NOT NULL),
  CONSTRAINT jobs_failed_has_error CHECK (status <> 'failed' OR error_message IS NOT NULL),
  CONSTRAINT jobs_completed_has_no_error CHECK (status <> 'completed' OR error_message IS NULL),
  CONSTRAINT jobs_time_order CHECK (started_at IS NULL OR started_at >= created_at),
  CONSTRAINT jobs_completion_order CHECK (completed_at IS NULL OR completed_at >= coalesce(started_at, created_at))
);
CREATE INDEX IF NOT EXISTS jobs_user_id_created_at_idx ON jobs.jobs (user_id, created_at DESC);
CREATE INDEX IF NOT EXISTS jobs_queue_idx ON jobs.jobs (priority DESC, created_at) WHERE status = 'pending';
CREATE INDEX IF NOT EXISTS jobs_payload_idx ON jobs.jobs USING gin (payload jsonb_path_ops);
