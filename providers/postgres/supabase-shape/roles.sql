-- The roles of a Supabase project (they are per server), as Supabase documents and sets them up.
-- Run as a superuser other than `postgres` (the local server's is `supabase_admin`, initdb's
-- bootstrap superuser), before bootstrap.sql. Idempotent: running it again changes nothing.
-- Sources, by name (no code taken from them): supabase/postgres init scripts
-- (migrations/db/init-scripts/00000000000000-initial-schema.sql: supabase_admin, the API roles,
-- authenticator, statement timeouts), its migration 10000000000000_demote-postgres.sql (postgres
-- loses SUPERUSER, keeps CREATEDB CREATEROLE LOGIN REPLICATION BYPASSRLS), 20230529180330 (API roles
-- INHERIT), 20250605172253 (postgres holds the API roles WITH ADMIN OPTION), 20250421084701 (postgres
-- no longer a member of supabase_auth_admin); supabase/auth init (supabase_auth_admin NOINHERIT,
-- search_path auth). CREATEROLE on supabase_auth_admin was removed in 2026.
DO $roles$
BEGIN
  IF current_user = 'postgres' THEN
    RAISE EXCEPTION 'the Supabase bootstrap demotes postgres, so it must run as another superuser (supabase_admin)';
  END IF;
  IF NOT (SELECT rolsuper FROM pg_roles WHERE rolname = current_user) THEN
    RAISE EXCEPTION 'the Supabase bootstrap needs a superuser (supabase_admin); % is not one', current_user;
  END IF;
  IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'supabase_admin') THEN
    CREATE ROLE supabase_admin LOGIN SUPERUSER CREATEDB CREATEROLE REPLICATION BYPASSRLS;
  END IF;
  IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'postgres') THEN
    CREATE ROLE postgres LOGIN;
  END IF;
  IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'anon') THEN
    CREATE ROLE anon NOLOGIN;
  END IF;
  IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'authenticated') THEN
    CREATE ROLE authenticated NOLOGIN;
  END IF;
  IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'service_role') THEN
    CREATE ROLE service_role NOLOGIN;
  END IF;
  IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'authenticator') THEN
    CREATE ROLE authenticator LOGIN;
  END IF;
  IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'supabase_auth_admin') THEN
    CREATE ROLE supabase_auth_admin LOGIN;
  END IF;
END
$roles$;

-- The platform superuser, never handed to users (initial-schema: superuser createdb createrole
-- replication bypassrls; its search_path leaves auth out).
ALTER ROLE supabase_admin WITH LOGIN SUPERUSER CREATEDB CREATEROLE REPLICATION BYPASSRLS;
ALTER ROLE supabase_admin SET search_path TO public, extensions;

-- The customer's admin role, demoted after init (demote-postgres): not a superuser, so anything
-- that needs one fails here exactly as on a Supabase project.
ALTER ROLE postgres WITH LOGIN NOSUPERUSER INHERIT CREATEDB CREATEROLE REPLICATION BYPASSRLS;
ALTER ROLE postgres SET search_path TO "$user", public, extensions;

-- The API roles: NOLOGIN; service_role bypasses RLS; INHERIT since 2023; timeouts as set on them.
ALTER ROLE anon WITH NOLOGIN NOSUPERUSER INHERIT NOBYPASSRLS;
ALTER ROLE authenticated WITH NOLOGIN NOSUPERUSER INHERIT NOBYPASSRLS;
ALTER ROLE service_role WITH NOLOGIN NOSUPERUSER INHERIT BYPASSRLS;
ALTER ROLE anon SET statement_timeout = '3s';
ALTER ROLE authenticated SET statement_timeout = '8s';

-- PostgREST's login: NOINHERIT, switches to one of the API roles per request. (Supabase also
-- preloads its safeupdate/supautils libraries for it; those are not part of this server.)
ALTER ROLE authenticator WITH LOGIN NOSUPERUSER NOINHERIT NOBYPASSRLS;
ALTER ROLE authenticator SET statement_timeout = '8s';
ALTER ROLE authenticator SET lock_timeout = '8s';
GRANT anon, authenticated, service_role TO authenticator;

-- GoTrue's role: owns the auth tables and functions.
ALTER ROLE supabase_auth_admin WITH LOGIN NOSUPERUSER NOINHERIT NOCREATEROLE NOREPLICATION NOBYPASSRLS;
ALTER ROLE supabase_auth_admin SET search_path TO auth;

-- postgres may SET ROLE to the API roles (how tests and PostgREST-like checks impersonate) and,
-- on PG16+, grant them onwards; it reads everything and may signal backends, as on Supabase.
GRANT anon, authenticated, service_role TO postgres WITH ADMIN OPTION;
GRANT pg_read_all_data, pg_signal_backend, pg_monitor TO postgres;
