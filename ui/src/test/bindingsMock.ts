// A stand-in for src/bindings.ts (the Tauri commands and events) that the screen tests share, so
// each test file no longer declares its own `vi.hoisted` mocks, `vi.mock` factory, result helpers
// and signed-in session. A test file mocks the bindings with this module and sets answers on it:
//
//   vi.mock("../bindings", () => import("../test/bindingsMock"));
//   import { commands, ok, resetBindings, sessionFor } from "../test/bindingsMock";
//
//   beforeEach(() => {
//     resetBindings();
//     commands.appStatus.mockReturnValue(ok(appStatus({ session: sessionFor("admin"), connection: "online" })));
//   });
//
// vi.mock's factory is hoisted above the imports, so it imports this module itself; the test file's
// own import of it gets the same instance. Nothing here imports src/bindings.ts at run time.
import { vi, type Mock } from "vitest";
import type { DeskRole, commands as realCommands, events as realEvents, Session } from "../bindings";

type CommandName = keyof typeof realCommands;
type EventName = keyof typeof realEvents;
/** What an event's listeners receive as `payload`. */
type Payload<E extends EventName> = Parameters<Parameters<(typeof realEvents)[E]["listen"]>[0]>[0]["payload"];
type Handler = (event: { payload: unknown }) => void;

const commandMocks = new Map<string, Mock>();
const listenMocks = new Map<string, Mock>();
const handlers = new Map<string, Set<Handler>>();

/**
 * Every command of src/bindings.ts as a `vi.fn()`, made the first time it is read and kept for the
 * whole test file. One nobody gave an answer returns `undefined`, as the hand-written mocks did.
 */
export const commands = new Proxy({} as Readonly<Record<CommandName, Mock>>, {
  get(_target, name) {
    // Not a command: symbols, and `then`, so the object is never taken for a promise.
    if (typeof name !== "string" || name === "then") return undefined;
    let mock = commandMocks.get(name);
    if (mock === undefined) {
      mock = vi.fn();
      commandMocks.set(name, mock);
    }
    return mock;
  },
});

/** The listen mock of one event: it keeps the callback for `emit` and resolves to its unlisten. */
function listenMock(name: string): Mock {
  return vi.fn((cb: Handler) => {
    let live = handlers.get(name);
    if (live === undefined) {
      live = new Set();
      handlers.set(name, live);
    }
    live.add(cb);
    return Promise.resolve(() => {
      live.delete(cb);
    });
  });
}

/**
 * Every event of src/bindings.ts with its `listen` a `vi.fn()` (one per event, made the first time
 * it is read). Unless a test gives it another implementation, it registers the callback for `emit`
 * and resolves to a function that unregisters it.
 */
export const events = new Proxy({} as Readonly<Record<EventName, { readonly listen: Mock }>>, {
  get(_target, name) {
    if (typeof name !== "string" || name === "then") return undefined;
    let listen = listenMocks.get(name);
    if (listen === undefined) {
      listen = listenMock(name);
      listenMocks.set(name, listen);
    }
    return { listen };
  },
});

/** Delivers an event to every callback listening to it now, as the core's emit would. */
export function emit<E extends EventName>(event: E, payload: Payload<E>): void {
  for (const cb of [...(handlers.get(event) ?? [])]) cb({ payload });
}

/** Whether anything listens to the event now. */
export function listening(event: EventName): boolean {
  return (handlers.get(event)?.size ?? 0) > 0;
}

/**
 * Forgets every command's answers and calls, and every event's listeners, for the next test; call it
 * in `beforeEach`. (The config's `restoreMocks` only restores `vi.spyOn` spies, not these.)
 */
export function resetBindings(): void {
  for (const mock of commandMocks.values()) mock.mockReset();
  // mockReset puts back the implementation the vi.fn was made with: keep, and unlisten.
  for (const listen of listenMocks.values()) listen.mockReset();
  handlers.clear();
}

/** A command's success, as the bindings resolve it. */
export const ok = <T>(data: T) => Promise.resolve({ status: "ok" as const, data });

/** A command's refusal with the core's error code and message. */
export const refused = (code: string, message: string) => Promise.resolve({ status: "error" as const, error: { code, message } });

const SANDBOX: Record<DeskRole, Pick<Session, "profileName" | "login" | "sections">> = {
  admin: { profileName: "Sandbox (admin)", login: "sandbox_admin", sections: ["home", "admin"] },
  finance: { profileName: "Sandbox (finance)", login: "sandbox_finance", sections: ["home", "billing"] },
  cs: { profileName: "Sandbox (cs)", login: "sandbox_cs", sections: ["home", "customers"] },
  ops: { profileName: "Sandbox (ops)", login: "sandbox_ops", sections: ["home", "alerts", "operations"] },
  security: { profileName: "Sandbox (security)", login: "sandbox_security", sections: ["home", "alerts", "operations"] },
};

/** A session signed in now to the sandbox profile as one role, online, with `over` on top. */
export function sessionFor(role: DeskRole, over: Partial<Session> = {}): Session {
  return {
    profileId: "p1",
    ...SANDBOX[role],
    roles: [role],
    online: true,
    signedInAt: new Date().toISOString(),
    setupPendingUntil: null,
    ...over,
  };
}
