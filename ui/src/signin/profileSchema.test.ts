import { describe, expect, it } from "vitest";
import {
  codePoints,
  emptyFormValues,
  formValuesFromProfile,
  isLoopback,
  validateProfileForm,
  type ProfileFormValues,
} from "./profileSchema";

function good(over: Partial<ProfileFormValues> = {}): ProfileFormValues {
  return {
    name: " Production ",
    host: "db.internal.example",
    port: "5432",
    database: "platform",
    tlsMode: "verify-full",
    user: "ana",
    password: "",
    rememberPassword: true,
    ...over,
  };
}

function errorsOf(values: ProfileFormValues) {
  const r = validateProfileForm(values, null);
  if (r.ok) throw new Error("expected the form to be refused");
  return r.errors;
}

describe("profile form validation", () => {
  it("accepts a good profile, trims text and turns the port into a number", () => {
    const r = validateProfileForm(good(), null);
    expect(r).toEqual({
      ok: true,
      input: {
        id: null,
        name: "Production",
        host: "db.internal.example",
        port: 5432,
        database: "platform",
        tlsMode: "verify-full",
        user: "ana",
        password: null,
        rememberPassword: true,
      },
    });
  });

  it.each(["0", "65536", "-1", "54.5", "abc", "", "1e3"])("refuses port %j with the core's message", (port) => {
    expect(errorsOf(good({ port })).port).toBe("The port is a number from 1 to 65535.");
  });

  it.each(["1", "65535", " 5432 "])("accepts port %j", (port) => {
    expect(validateProfileForm(good({ port }), null).ok).toBe(true);
  });

  it("reports every bad field at once, one message each", () => {
    const errors = errorsOf(good({ name: "", host: "has space", port: "70000", database: " ", user: "" }));
    expect(errors).toEqual({
      name: "Give the profile a name.",
      host: "A host name has no spaces, slashes or @.",
      port: "The port is a number from 1 to 65535.",
      database: "Enter the database name.",
      user: "Enter your PostgreSQL login.",
    });
  });

  it("limits names to 64 characters, counting characters not UTF-16 units", () => {
    expect(errorsOf(good({ name: "x".repeat(65) })).name).toBe("At most 64 characters.");
    expect(validateProfileForm(good({ name: "x".repeat(64) }), null).ok).toBe(true);
    // 64 emoji are 128 UTF-16 units but 64 characters for the Rust core.
    expect(validateProfileForm(good({ name: "🐧".repeat(64) }), null).ok).toBe(true);
    expect(codePoints("🐧a")).toBe(2);
  });

  it("refuses hosts with slashes or @ like the core does", () => {
    expect(errorsOf(good({ host: "user@db" })).host).toMatch(/no spaces, slashes or @/);
    expect(errorsOf(good({ host: "db/x" })).host).toMatch(/no spaces, slashes or @/);
    expect(errorsOf(good({ host: "  " })).host).toBe("Enter the database host.");
  });

  it.each(["disable", "prefer", "require"] as const)("refuses TLS mode %s for a remote host", (tlsMode) => {
    expect(errorsOf(good({ tlsMode })).tlsMode).toMatch(/Only verify-full or verify-ca/);
  });

  it("reports a weak TLS mode even when other fields are wrong too", () => {
    const errors = errorsOf(good({ tlsMode: "disable", name: "" }));
    expect(errors.tlsMode).toMatch(/Only verify-full or verify-ca/);
    expect(errors.name).toBeDefined();
  });

  it.each(["127.0.0.1", "localhost", "LOCALHOST", "::1", "[::1]", "127.8.9.10", "0:0:0:0:0:0:0:1"])(
    "lets loopback host %s skip TLS",
    (host) => {
      expect(isLoopback(host)).toBe(true);
      expect(validateProfileForm(good({ host, tlsMode: "disable" }), null).ok).toBe(true);
    },
  );

  it.each(["128.0.0.1", "localhost.evil.com", "::2", "127.0.0.256", "::"])("does not treat %s as loopback", (host) => {
    expect(isLoopback(host)).toBe(false);
  });

  it("keeps the stored password when editing with an empty password field", () => {
    const r = validateProfileForm(good({ password: "" }), "p1");
    expect(r.ok && r.input).toMatchObject({ id: "p1", password: null });
    const typed = validateProfileForm(good({ password: " secret " }), "p1");
    // Passwords are sent exactly as typed, spaces included.
    expect(typed.ok && typed.input.password).toBe(" secret ");
  });

  it("starts a new profile with verify-full, port 5432 and remember checked", () => {
    expect(emptyFormValues()).toMatchObject({ tlsMode: "verify-full", port: "5432", rememberPassword: true });
  });

  it("fills the form from a profile without ever showing a password", () => {
    const v = formValuesFromProfile({
      id: "p1",
      name: "Prod",
      host: "h",
      port: 6432,
      database: "d",
      tlsMode: "verify-ca",
      user: "u",
      hasPassword: true,
    });
    expect(v).toMatchObject({ port: "6432", password: "", tlsMode: "verify-ca", rememberPassword: true });
  });
});
