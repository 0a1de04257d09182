-- crm: companies a signed-in user keeps, and their contacts. Every row belongs to a user (owner_id,
-- stamped from auth.uid() by default); RLS policies (index.ts) keep each user to their own rows.
CREATE TABLE IF NOT EXISTS crm.companies (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  owner_id uuid NOT NULL DEFAULT auth.uid() REFERENCES auth.users (id) ON DELETE CASCADE,
  name text NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
  domain text,
  created_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX IF NOT EXISTS companies_owner_id_idx ON crm.companies (owner_id);

CREATE TABLE IF NOT EXISTS crm.contacts (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  owner_id uuid NOT NULL DEFAULT auth.uid() REFERENCES auth.users (id) ON DELETE CASCADE,
  company_id uuid NOT NULL REFERENCES crm.companies (id) ON DELETE CASCADE,
  full_name text NOT NULL,
  email text,
  stage text NOT NULL DEFAULT 'lead' CHECK (stage IN ('lead', 'qualified', 'customer', 'lost')),
  created_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX IF NOT EXISTS contacts_owner_id_idx ON crm.contacts (owner_id);
CREATE INDEX IF NOT EXISTS contacts_company_id_idx ON crm.contacts (company_id);
