// What a restore as postgres applies from a dump's table of contents, and in which order (pure).
import { describe, expect, it } from "vitest";
import { inRestoreOrder, parseToc, restores, userSchemas } from "./dump";

const TOC = `;
; Archive created at 2026-12-07 01:30:00 UTC
8; 2615 16509 SCHEMA - agentflow postgres
4040; 0 0 ACL - SCHEMA agentflow postgres
16; 2615 16448 SCHEMA - auth supabase_admin
4041; 0 0 ACL - SCHEMA auth supabase_admin
4045; 0 0 ACL - SCHEMA public pg_database_owner
3; 3079 16411 EXTENSION - pgcrypto 
4049; 0 0 COMMENT - EXTENSION pgcrypto 
250; 1259 16449 TABLE auth users supabase_auth_admin
300; 1255 16600 FUNCTION agentflow touch() postgres
301; 1259 16610 TABLE agentflow leads postgres
302; 0 0 ACL agentflow TABLE leads postgres
4006; 0 16476 TABLE DATA auth identities supabase_auth_admin
4005; 0 16449 TABLE DATA auth users supabase_auth_admin
4100; 0 16610 TABLE DATA agentflow leads postgres
4260; 0 0 SEQUENCE SET agentflow leads_id_seq postgres
4261; 0 0 SEQUENCE SET auth refresh_tokens_id_seq supabase_auth_admin
2270; 826 16498 DEFAULT ACL public DEFAULT PRIVILEGES FOR TABLES postgres
2267; 826 16501 DEFAULT ACL public DEFAULT PRIVILEGES FOR TABLES supabase_admin
3900; 2606 16700 FK CONSTRAINT agentflow leads leads_user_fkey postgres
`;

describe("a dump's table of contents", () => {
  const entries = parseToc(TOC);
  const own = new Set(userSchemas(entries));

  it("reads kind, schema, name and owner of each entry", () => {
    expect(entries).toHaveLength(19);
    expect(entries[0]).toMatchObject({ desc: "SCHEMA", namespace: "-", name: "agentflow", owner: "postgres" });
    expect(entries.find((e) => e.line.startsWith("4005;"))).toMatchObject({ desc: "TABLE DATA", namespace: "auth", name: "users", owner: "supabase_auth_admin" });
    expect(entries.find((e) => e.line.startsWith("2267;"))).toMatchObject({ desc: "DEFAULT ACL", namespace: "public", owner: "supabase_admin" });
    expect(entries.find((e) => e.line.startsWith("3;"))).toMatchObject({ desc: "EXTENSION", name: "pgcrypto", owner: "" });
    expect([...own]).toEqual(["agentflow"]);
  });

  it("keeps what postgres owns and the auth tables' rows; leaves the platform's to the bootstrap", () => {
    const kept = entries.filter((e) => restores(e, own)).map((e) => e.line.split(";")[0]);
    expect(kept).toEqual(["8", "4040", "3", "300", "301", "302", "4006", "4005", "4100", "4260", "4261", "2270", "3900"]);
  });

  it("restores auth.users' rows before the rows that reference them", () => {
    const ordered = inRestoreOrder(entries, new Map([["identities", ["users"]]]));
    const data = ordered.filter((e) => e.desc === "TABLE DATA").map((e) => `${e.namespace}.${e.name}`);
    expect(data).toEqual(["auth.users", "auth.identities", "agentflow.leads"]);
    expect(ordered).toHaveLength(entries.length);
  });
});
