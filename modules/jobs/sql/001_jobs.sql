-- jobs: the AI Agent Template's job table (source: jobs.md, "Database Schema"), every column by the
-- source's name, type, default and NOT NULL; the enum; every index of "Indexes and Performance".
-- Corrections and additions (each recorded in docs/modules/jobs.md):
--   * the enum is created BEFORE the table (the source creates it after, so its table fails);
--   * user_id defaults to the caller's auth.uid() (a signed-in user need not send it);
--   * CHECKs keep timestamps coherent with the status (pending has neither start nor completion,
--     running has a start and no completion, a finished job has a completion, times in order) and
--     job_data/result are JSON objects. None narrows the source's status values.
-- Re-runnable: the enum and constraints are guarded, tables and indexes IF NOT EXISTS.

DO $$
BEGIN
  IF NOT EXISTS (SELECT 1 FROM pg_type t JOIN pg_namespace n ON n.oid = t.typnamespace
                  WHERE n.nspname = current_schema() AND t.typname = 'job_status') THEN
    CREATE TYPE job_status AS ENUM ('pending', 'running', 'completed', 'failed', 'cancelled');
  END IF;
END
$$;

CREATE TABLE IF NOT EXISTS jobs (
  id uuid DEFAULT gen_random_uuid() PRIMARY KEY,
  user_id uuid DEFAULT auth.uid() REFERENCES auth.users (id) ON DELETE CASCADE,
  agent_identifier text NOT NULL,
  status job_status NOT NULL DEFAULT 'pending',
  job_data jsonb,
  result jsonb,
  error_message text,
  created_at timestamp with time zone DEFAULT now(),
  updated_at timestamp with time zone DEFAULT now(),
  started_at timestamp with time zone,
  completed_at timestamp with time zone,
  CONSTRAINT jobs_agent_identifier_not_blank CHECK (length(btrim(agent_identifier)) > 0),
  CONSTRAINT jobs_job_data_object CHECK (job_data IS NULL OR jsonb_typeof(job_data) = 'object'),
  CONSTRAINT jobs_pending_not_started CHECK (status <> 'pending' OR (started_at IS NULL AND completed_at IS NULL)),
  CONSTRAINT jobs_running_started CHECK (status <> 'running' OR (started_at IS NOT NULL AND completed_at IS NULL)),
  CONSTRAINT jobs_finished_completed CHECK (status IN ('pending', 'running') OR completed_at IS NOT NULL),
  CONSTRAINT jobs_started_after_created CHECK (started_at IS NULL OR started_at >= created_at),
  CONSTRAINT jobs_completed_after_started CHECK (completed_at IS NULL OR completed_at >= coalesce(started_at, created_at)),
  CONSTRAINT jobs_updated_after_created CHECK (updated_at >= created_at)
);

-- The source's indexes, by the source's names.
CREATE INDEX IF NOT EXISTS idx_jobs_user_id ON jobs (user_id);
CREATE INDEX IF NOT EXISTS idx_jobs_status ON jobs (status);
CREATE INDEX IF NOT EXISTS idx_jobs_created_at ON jobs (created_at DESC);
CREATE INDEX IF NOT EXISTS idx_jobs_agent_identifier ON jobs (agent_identifier);
CREATE INDEX IF NOT EXISTS idx_jobs_updated_at ON jobs (updated_at DESC);
CREATE INDEX IF NOT EXISTS idx_jobs_user_status ON jobs (user_id, status);
CREATE INDEX IF NOT EXISTS idx_jobs_user_created ON jobs (user_id, created_at DESC);
CREATE INDEX IF NOT EXISTS idx_jobs_status_created ON jobs (status, created_at DESC);
CREATE INDEX IF NOT EXISTS idx_jobs_data_gin ON jobs USING gin (job_data);

-- "Real-time Subscriptions": Supabase Realtime streams changes of tables in the supabase_realtime
-- publication (and checks each subscriber's RLS). Added to it where it exists (a Supabase project);
-- a plain PostgreSQL has no such publication, and nothing happens. Only the publication's owner
-- (postgres on Supabase) may add to it; anyone else gets a notice with the command to run.
DO $$
BEGIN
  IF EXISTS (SELECT 1 FROM pg_publication WHERE pubname = 'supabase_realtime')
     AND NOT EXISTS (SELECT 1 FROM pg_publication_tables WHERE pubname = 'supabase_realtime' AND schemaname = current_schema() AND tablename = 'jobs') THEN
    IF EXISTS (SELECT 1 FROM pg_publication WHERE pubname = 'supabase_realtime' AND pg_has_role(current_user, pubowner, 'USAGE')) THEN
      ALTER PUBLICATION supabase_realtime ADD TABLE jobs;
    ELSE
      RAISE NOTICE '%.jobs is not in supabase_realtime: as its owner run ALTER PUBLICATION supabase_realtime ADD TABLE %.jobs',
        quote_ident(current_schema()), quote_ident(current_schema());
    END IF;
  END IF;
END
$$;
