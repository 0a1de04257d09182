-- What Supabase adds to a database, per database, after roles.sql: the `extensions` schema, the
-- `auth` schema owned by supabase_admin with GoTrue's auth.users and auth.identities owned by
-- supabase_auth_admin, auth.uid()/role()/email()/jwt(), what postgres may and may not do there,
-- and Supabase's default privileges in `public`. Run as supabase_admin. Idempotent.
-- Written by us from Supabase's documented behaviour; each block names its source. No code was
-- taken from Supabase's repositories.

-- The database belongs to postgres (a Supabase project's `postgres` database is owned by postgres,
-- and demote-postgres grants it ALL on the database), so `public` (owned by pg_database_owner)
-- is postgres's to create in, and postgres may create schemas.
DO $db$
BEGIN
  EXECUTE format('ALTER DATABASE %I OWNER TO postgres', current_database());
  EXECUTE format('GRANT ALL ON DATABASE %I TO postgres', current_database());
  -- GoTrue runs its own migrations in the database (supabase/auth init: CREATE on the database).
  EXECUTE format('GRANT CREATE ON DATABASE %I TO supabase_auth_admin', current_database());
END
$db$;

-- public: USAGE for postgres and the API roles (initial-schema).
GRANT USAGE ON SCHEMA public TO postgres, anon, authenticated, service_role;

-- extensions: uuid-ossp and pgcrypto live here, usable by postgres and the API roles
-- (initial-schema "Extension namespacing"); postgres has ALL on the schema and its routines
-- (demote-postgres). splinter lint 0014 flags extensions installed in public.
CREATE SCHEMA IF NOT EXISTS extensions AUTHORIZATION supabase_admin;
CREATE EXTENSION IF NOT EXISTS "uuid-ossp" WITH SCHEMA extensions;
CREATE EXTENSION IF NOT EXISTS pgcrypto WITH SCHEMA extensions;
-- pg_stat_statements is on in every Supabase project, in extensions (supabase/postgres
-- init-scripts; its docs' Query Performance report and `supabase inspect db outliers|calls` read
-- it). It collects only where the server preloads it (the local server does, local/instance.ts).
CREATE EXTENSION IF NOT EXISTS pg_stat_statements WITH SCHEMA extensions;
GRANT USAGE ON SCHEMA extensions TO postgres, anon, authenticated, service_role;
GRANT ALL ON SCHEMA extensions TO postgres;
GRANT ALL ON ALL TABLES IN SCHEMA extensions TO postgres;
GRANT ALL ON ALL SEQUENCES IN SCHEMA extensions TO postgres;
GRANT ALL ON ALL ROUTINES IN SCHEMA extensions TO postgres;

-- auth: owned by supabase_admin (supabase/postgres 00000000000001-auth-schema.sql); the API roles
-- may use it; GoTrue's role may create in it; postgres has USAGE but, since 2025
-- (supabase/postgres 20250421084701), no CREATE there and no membership in supabase_auth_admin:
-- it reads and writes the rows of auth tables but cannot ALTER or DROP them.
CREATE SCHEMA IF NOT EXISTS auth AUTHORIZATION supabase_admin;
GRANT USAGE ON SCHEMA auth TO anon, authenticated, service_role, postgres;
GRANT ALL ON SCHEMA auth TO supabase_auth_admin;
REVOKE CREATE ON SCHEMA auth FROM postgres;

-- GoTrue creates its tables as supabase_auth_admin, so it owns them.
SET ROLE supabase_auth_admin;

-- auth.users as GoTrue's migrations leave it today (supabase/auth migrations: 00 init,
-- 20210710035447 and 20211120223705 alter_users, 20210722035447 adds_confirmed_at (generated),
-- 20210730183235 email_change_confirm_status, 20220114185340 banned_until, 20220323170000
-- reauthentication, 20220429102000 token unique indexes, 20221130112646 deleted_at,
-- 20221215195500 is_sso_user and users_email_partial_key, 20240214120130 is_anonymous).
-- GoTrue finds users by instance_id '00000000-0000-0000-0000-000000000000' and reads the token
-- columns as non-null strings.
CREATE TABLE IF NOT EXISTS auth.users (
  instance_id uuid,
  id uuid NOT NULL,
  aud varchar(255),
  role varchar(255),
  email varchar(255),
  encrypted_password varchar(255),
  email_confirmed_at timestamptz,
  invited_at timestamptz,
  confirmation_token varchar(255),
  confirmation_sent_at timestamptz,
  recovery_token varchar(255),
  recovery_sent_at timestamptz,
  email_change_token_new varchar(255),
  email_change varchar(255),
  email_change_sent_at timestamptz,
  last_sign_in_at timestamptz,
  raw_app_meta_data jsonb,
  raw_user_meta_data jsonb,
  is_super_admin boolean,
  created_at timestamptz,
  updated_at timestamptz,
  phone text DEFAULT NULL,
  phone_confirmed_at timestamptz,
  phone_change text DEFAULT '',
  phone_change_token varchar(255) DEFAULT '',
  phone_change_sent_at timestamptz,
  confirmed_at timestamptz GENERATED ALWAYS AS (least(email_confirmed_at, phone_confirmed_at)) STORED,
  email_change_token_current varchar(255) DEFAULT '',
  email_change_confirm_status smallint DEFAULT 0,
  banned_until timestamptz,
  reauthentication_token varchar(255) DEFAULT '',
  reauthentication_sent_at timestamptz,
  is_sso_user boolean NOT NULL DEFAULT false,
  deleted_at timestamptz,
  is_anonymous boolean NOT NULL DEFAULT false,
  CONSTRAINT users_pkey PRIMARY KEY (id),
  CONSTRAINT users_phone_key UNIQUE (phone),
  CONSTRAINT users_email_change_confirm_status_check CHECK (email_change_confirm_status >= 0 AND email_change_confirm_status <= 2)
);
CREATE INDEX IF NOT EXISTS users_instance_id_idx ON auth.users (instance_id);
CREATE INDEX IF NOT EXISTS users_instance_id_email_idx ON auth.users (instance_id, lower(email::text));
CREATE UNIQUE INDEX IF NOT EXISTS users_email_partial_key ON auth.users (email) WHERE is_sso_user = false;
CREATE UNIQUE INDEX IF NOT EXISTS confirmation_token_idx ON auth.users (confirmation_token) WHERE confirmation_token::text !~ '^[0-9 ]*$';
CREATE UNIQUE INDEX IF NOT EXISTS recovery_token_idx ON auth.users (recovery_token) WHERE recovery_token::text !~ '^[0-9 ]*$';
CREATE UNIQUE INDEX IF NOT EXISTS email_change_token_current_idx ON auth.users (email_change_token_current) WHERE email_change_token_current::text !~ '^[0-9 ]*$';
CREATE UNIQUE INDEX IF NOT EXISTS email_change_token_new_idx ON auth.users (email_change_token_new) WHERE email_change_token_new::text !~ '^[0-9 ]*$';
CREATE UNIQUE INDEX IF NOT EXISTS reauthentication_token_idx ON auth.users (reauthentication_token) WHERE reauthentication_token::text !~ '^[0-9 ]*$';
CREATE INDEX IF NOT EXISTS users_is_anonymous_idx ON auth.users (is_anonymous);
COMMENT ON TABLE auth.users IS 'Auth: Stores user login data within a secure schema.';

-- auth.identities: one row per way a user signs in (supabase/auth 20210909172000 create,
-- 20221124140122/20221215195800 generated email column, 20231117164230 id primary key with
-- provider_id and unique (provider_id, provider)). The email provider's provider_id is the user id.
CREATE TABLE IF NOT EXISTS auth.identities (
  provider_id text NOT NULL,
  user_id uuid NOT NULL,
  identity_data jsonb NOT NULL,
  provider text NOT NULL,
  last_sign_in_at timestamptz,
  created_at timestamptz,
  updated_at timestamptz,
  email text GENERATED ALWAYS AS (lower(identity_data ->> 'email')) STORED,
  id uuid NOT NULL DEFAULT gen_random_uuid(),
  CONSTRAINT identities_pkey PRIMARY KEY (id),
  CONSTRAINT identities_provider_id_provider_unique UNIQUE (provider_id, provider),
  CONSTRAINT identities_user_id_fkey FOREIGN KEY (user_id) REFERENCES auth.users (id) ON DELETE CASCADE
);
CREATE INDEX IF NOT EXISTS identities_user_id_idx ON auth.identities (user_id);
CREATE INDEX IF NOT EXISTS identities_email_idx ON auth.identities (email text_pattern_ops);
COMMENT ON TABLE auth.identities IS 'Auth: Stores identities associated to a user.';

-- RLS on every auth table, with no policy: the API roles see nothing even with a grant
-- (supabase/auth 20240612123726 enable_rls_update_grants). postgres and service_role bypass RLS.
ALTER TABLE auth.users ENABLE ROW LEVEL SECURITY;
ALTER TABLE auth.identities ENABLE ROW LEVEL SECURITY;

-- The JWT helpers, as GoTrue defines them today (supabase/auth 20220224000811, 20220531120530,
-- 20240624145325): SQL, STABLE, empty search_path, the modern request.jwt.claims setting with the
-- legacy per-claim settings first; executable by PUBLIC (the default for functions).
CREATE OR REPLACE FUNCTION auth.uid() RETURNS uuid
LANGUAGE sql STABLE SET search_path = '' AS $$
  SELECT coalesce(
    nullif(current_setting('request.jwt.claim.sub', true), ''),
    (nullif(current_setting('request.jwt.claims', true), '')::jsonb ->> 'sub')
  )::uuid
$$;

CREATE OR REPLACE FUNCTION auth.role() RETURNS text
LANGUAGE sql STABLE SET search_path = '' AS $$
  SELECT coalesce(
    nullif(current_setting('request.jwt.claim.role', true), ''),
    (nullif(current_setting('request.jwt.claims', true), '')::jsonb ->> 'role')
  )::text
$$;

CREATE OR REPLACE FUNCTION auth.email() RETURNS text
LANGUAGE sql STABLE SET search_path = '' AS $$
  SELECT coalesce(
    nullif(current_setting('request.jwt.claim.email', true), ''),
    (nullif(current_setting('request.jwt.claims', true), '')::jsonb ->> 'email')
  )::text
$$;

CREATE OR REPLACE FUNCTION auth.jwt() RETURNS jsonb
LANGUAGE sql STABLE SET search_path = '' AS $$
  SELECT coalesce(
    nullif(current_setting('request.jwt.claim', true), ''),
    nullif(current_setting('request.jwt.claims', true), '')
  )::jsonb
$$;

RESET ROLE;

-- postgres reads and writes auth rows (demote-postgres: ALL on auth's tables, sequences and
-- routines; enable_rls_update_grants: SELECT WITH GRANT OPTION so it can expose a table
-- to other roles). Owning them stays with supabase_auth_admin, so ALTER TABLE auth.* fails for
-- postgres with "must be owner of table", as on Supabase.
GRANT ALL ON auth.users, auth.identities TO postgres;
GRANT SELECT ON auth.users, auth.identities TO postgres WITH GRANT OPTION;
GRANT ALL ON ALL ROUTINES IN SCHEMA auth TO postgres;

-- Default privileges in public (initial-schema: ALL on new tables, functions and sequences to
-- postgres and the API roles, for objects made by postgres and by supabase_admin). Since the 2026
-- change (Supabase changelog; CLI `[api] auto_expose_new_tables = false`; new projects from
-- 2026-05-30, all projects from 2026-10-30), new objects postgres makes in public are no longer
-- exposed to the Data API roles: select/insert/update/delete on tables, usage/select on
-- sequences and execute on functions are revoked from them by default. Modules use schemas of
-- their own and grant explicitly.
ALTER DEFAULT PRIVILEGES FOR ROLE postgres IN SCHEMA public GRANT ALL ON TABLES TO postgres, anon, authenticated, service_role;
ALTER DEFAULT PRIVILEGES FOR ROLE postgres IN SCHEMA public GRANT ALL ON FUNCTIONS TO postgres, anon, authenticated, service_role;
ALTER DEFAULT PRIVILEGES FOR ROLE postgres IN SCHEMA public GRANT ALL ON SEQUENCES TO postgres, anon, authenticated, service_role;
ALTER DEFAULT PRIVILEGES FOR ROLE supabase_admin IN SCHEMA public GRANT ALL ON TABLES TO postgres, anon, authenticated, service_role;
ALTER DEFAULT PRIVILEGES FOR ROLE supabase_admin IN SCHEMA public GRANT ALL ON FUNCTIONS TO postgres, anon, authenticated, service_role;
ALTER DEFAULT PRIVILEGES FOR ROLE supabase_admin IN SCHEMA public GRANT ALL ON SEQUENCES TO postgres, anon, authenticated, service_role;
ALTER DEFAULT PRIVILEGES FOR ROLE postgres IN SCHEMA public REVOKE SELECT, INSERT, UPDATE, DELETE ON TABLES FROM anon, authenticated, service_role;
ALTER DEFAULT PRIVILEGES FOR ROLE postgres IN SCHEMA public REVOKE USAGE, SELECT ON SEQUENCES FROM anon, authenticated, service_role;
ALTER DEFAULT PRIVILEGES FOR ROLE postgres IN SCHEMA public REVOKE EXECUTE ON FUNCTIONS FROM anon, authenticated, service_role;
