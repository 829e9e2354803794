import { z } from "zod";
import type { ProfileView, ProfileInput, TlsMode } from "../bindings";

// These rules mirror crates/desk-domain/src/profile.rs (ProfileDraft::validate), messages included,
// so the form refuses exactly what the core would refuse. The core checks again on save.

export const MAX_NAME_LEN = 64;

export const TLS_MODES = [
  "verify-full",
  "verify-ca",
  "require",
  "prefer",
  "disable",
] as const satisfies readonly TlsMode[];

export const TLS_LABELS: Record<TlsMode, string> = {
  "verify-full": "verify-full",
  "verify-ca": "verify-ca",
  require: "require",
  prefer: "prefer",
  disable: "disable",
};

/** Length in Unicode scalar values, as Rust's `chars().count()` measures it. */
export function codePoints(s: string): number {
  let n = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    // A high surrogate followed by a low one is a single scalar value.
    if (c >= 0xd800 && c <= 0xdbff && i + 1 < s.length) {
      const d = s.charCodeAt(i + 1);
      if (d >= 0xdc00 && d <= 0xdfff) i++;
    }
    n++;
  }
  return n;
}

/** Whether a TLS mode checks who is at the other end. */
export function verifiesServer(mode: TlsMode): boolean {
  return mode === "verify-full" || mode === "verify-ca";
}

function isLoopbackV6(h: string): boolean {
  // Expand "::" and compare with 0:0:0:0:0:0:0:1, as std::net::Ipv6Addr::is_loopback does.
  if (!/^[0-9a-f:]+$/i.test(h)) return false;
  const halves = h.split("::");
  if (halves.length > 2) return false;
  const head = halves[0] ? halves[0].split(":") : [];
  const tail = halves.length === 2 && halves[1] ? halves[1].split(":") : [];
  const missing = 8 - head.length - tail.length;
  if (halves.length === 1 ? missing !== 0 : missing < 1) return false;
  const groups = [...head, ...Array<string>(Math.max(missing, 0)).fill("0"), ...tail];
  if (groups.some((g) => g.length === 0 || g.length > 4)) return false;
  return groups.every((g, i) => Number.parseInt(g, 16) === (i === 7 ? 1 : 0));
}

/** Whether `host` names this machine, where unverified TLS is acceptable (mirrors is_loopback). */
export function isLoopback(host: string): boolean {
  const h = host.trim().replace(/^\[+/, "").replace(/\]+$/, "");
  if (h.toLowerCase() === "localhost") return true;
  const v4 = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/.exec(h);
  if (v4) {
    const octets = v4.slice(1).map(Number);
    return octets.every((o) => o <= 255) && octets[0] === 127;
  }
  return isLoopbackV6(h);
}

const TLS_MESSAGE =
  "Only verify-full or verify-ca may be used for a host that is not this machine: " +
  "anything weaker lets a stranger on the network read or impersonate the database.";

/** What the form holds: text fields as typed. */
export type ProfileFormValues = {
  name: string;
  host: string;
  port: string;
  database: string;
  tlsMode: TlsMode;
  user: string;
  password: string;
  rememberPassword: boolean;
};

export type ProfileField = keyof ProfileFormValues;

export const profileSchema = z
  .object({
    name: z
      .string()
      .trim()
      .min(1, "Give the profile a name.")
      .refine((s) => codePoints(s) <= MAX_NAME_LEN, `At most ${MAX_NAME_LEN} characters.`),
    host: z
      .string()
      .trim()
      .min(1, "Enter the database host.")
      .refine((s) => !/[\s/@]/.test(s), "A host name has no spaces, slashes or @."),
    port: z
      .string()
      .trim()
      .refine((s) => /^\d{1,5}$/.test(s) && Number(s) >= 1 && Number(s) <= 65535, {
        message: "The port is a number from 1 to 65535.",
      })
      .transform(Number),
    database: z.string().trim().min(1, "Enter the database name."),
    tlsMode: z.enum(TLS_MODES, { message: "Choose a TLS mode." }),
    user: z.string().trim().min(1, "Enter your PostgreSQL login."),
    password: z.string(),
    rememberPassword: z.boolean(),
  })
  .superRefine((v, ctx) => {
    const host = v.host.trim();
    if (host && !isLoopback(host) && !verifiesServer(v.tlsMode)) {
      ctx.addIssue({ code: "custom", path: ["tlsMode"], message: TLS_MESSAGE });
    }
  });

export type FieldErrors = Partial<Record<ProfileField, string>>;

export type FormResult = { ok: true; input: ProfileInput } | { ok: false; errors: FieldErrors };

/**
 * Validates the form and builds the command input. For an existing profile an empty password
 * means "keep the stored one" (null); for a new one it means "no password".
 */
export function validateProfileForm(values: ProfileFormValues, existingId: string | null): FormResult {
  const errors: FieldErrors = {};
  // The TLS rule depends only on host and mode, so report it even when other fields are wrong,
  // as the core does.
  const host = values.host.trim();
  if (host && !isLoopback(host) && !verifiesServer(values.tlsMode)) errors.tlsMode = TLS_MESSAGE;

  const parsed = profileSchema.safeParse(values);
  if (!parsed.success) {
    for (const issue of parsed.error.issues) {
      const field = issue.path[0];
      if (typeof field === "string" && field in values) {
        const key = field as ProfileField;
        errors[key] ??= issue.message;
      }
    }
    return { ok: false, errors };
  }
  const v = parsed.data;
  return {
    ok: true,
    input: {
      id: existingId,
      name: v.name,
      host: v.host,
      port: v.port,
      database: v.database,
      tlsMode: v.tlsMode,
      user: v.user,
      password: v.password === "" ? null : v.password,
      rememberPassword: v.rememberPassword,
    },
  };
}

export function emptyFormValues(): ProfileFormValues {
  return {
    name: "",
    host: "",
    port: "5432",
    database: "",
    tlsMode: "verify-full",
    user: "",
    password: "",
    rememberPassword: true,
  };
}

export function formValuesFromProfile(p: ProfileView): ProfileFormValues {
  return {
    name: p.name,
    host: p.host,
    port: String(p.port),
    database: p.database,
    tlsMode: p.tlsMode,
    user: p.user,
    password: "",
    rememberPassword: p.hasPassword,
  };
}
