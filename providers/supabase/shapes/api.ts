// Fields every Management API kind carries, and bounds the Supabase shapes share (pure).
import { z } from "zod";

export const apiFields = {
  /** Management API token (SUPABASE_ACCESS_TOKEN); stored as a secret, never compared. */
  accessToken: z.string().min(1, "accessToken is required (SUPABASE_ACCESS_TOKEN)"),
  /** Default https://api.supabase.com. */
  apiUrl: z.string().url("must be a URL").optional(),
};

export interface ApiInputs {
  accessToken: string;
  apiUrl?: string;
}

/** How long to wait for the project (or a setting) to become healthy. */
export const timeoutSeconds = z.number().int().min(1).max(7200);
/** How often to ask the API while waiting (it allows about 60 requests a minute). */
export const pollSeconds = z.number().min(0.05).max(120);
