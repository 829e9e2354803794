import type { DeskError } from "../bindings";

/** What every generated command resolves to (tauri-specta's typedError shape). */
export type Result<T, E> = { status: "ok"; data: T } | { status: "error"; error: E };

/** An error from a Rust command, carrying the typed DeskError so screens can branch on `code`. */
export class DeskCommandError extends Error {
  readonly desk: DeskError;

  constructor(desk: DeskError) {
    super(desk.message);
    this.name = "DeskCommandError";
    this.desk = desk;
  }

  get code(): DeskError["code"] {
    return this.desk.code;
  }
}

/** Returns the data of an ok result, or throws a DeskCommandError (so TanStack Query surfaces it). */
export function unwrap<T>(r: Result<T, DeskError>): T {
  if (r.status === "ok") return r.data;
  throw new DeskCommandError(r.error);
}

/** The DeskError inside an unknown thrown value, if there is one. */
export function deskErrorOf(e: unknown): DeskError | null {
  return e instanceof DeskCommandError ? e.desk : null;
}

/** A message for the user from anything thrown. */
export function errorMessage(e: unknown): string {
  if (e instanceof Error && e.message) return e.message;
  if (typeof e === "string" && e) return e;
  return "Something went wrong, and no further detail was given.";
}

const TITLES: Record<DeskError["code"], string> = {
  keychainUnavailable: "No keychain is reachable",
  storeKeyMissing: "The local store's key is missing",
  storeKeyMismatch: "The local store's key does not match",
  store: "The local store cannot be opened",
  invalidInput: "Some input is not acceptable",
  notFound: "Not found",
  authFailed: "Sign-in refused",
  unreachable: "The platform database is unreachable",
  notADeskUser: "Not a Penguin Desk user",
  platform: "The platform database reported a problem",
  schemaMismatch: "The platform database has another schema version",
  notSignedIn: "Not signed in",
  pendingChanges: "Changes are still waiting for the platform",
  internal: "Internal error",
};

/** A short headline for an error code. */
export function errorTitle(code: DeskError["code"]): string {
  return TITLES[code];
}
