import { CircleAlert, Database, KeyRound, Pencil, Plus, Trash2 } from "lucide-react";
import { useRef, useState, type KeyboardEvent } from "react";
import type { ProfileView } from "../bindings";
import { Spinner } from "../components/Spinner";
import { deskErrorOf, errorMessage, errorTitle } from "../lib/errors";
import { useProfiles, useSignIn } from "../lib/queries";
import { ProfileFormDialog } from "./ProfileForm";
import { RemoveProfileDialog } from "./RemoveProfileDialog";
import { verifiesServer } from "./profileSchema";

const LAST_PROFILE_KEY = "penguin-desk.lastProfile";

function readLastProfile(): string | null {
  try {
    return window.localStorage.getItem(LAST_PROFILE_KEY);
  } catch {
    return null;
  }
}

function rememberLastProfile(id: string): void {
  try {
    window.localStorage.setItem(LAST_PROFILE_KEY, id);
  } catch {
    // Only a convenience: the first profile is selected instead next time.
  }
}

type FormState = { open: false } | { open: true; profile: ProfileView | null };

export function SignInScreen({ version, revoked = null }: { version: string; revoked?: string | null }) {
  const profiles = useProfiles();
  const signIn = useSignIn();
  const [selectedId, setSelectedId] = useState<string | null>(readLastProfile);
  const [password, setPassword] = useState("");
  const [form, setForm] = useState<FormState>({ open: false });
  const [removing, setRemoving] = useState<ProfileView | null>(null);
  const passwordRef = useRef<HTMLInputElement>(null);
  const listRef = useRef<HTMLDivElement>(null);

  const list = profiles.data ?? [];
  const selected = list.find((p) => p.id === selectedId) ?? list[0] ?? null;

  const select = (p: ProfileView) => {
    if (p.id !== selected?.id) {
      setPassword("");
      signIn.reset();
    }
    setSelectedId(p.id);
  };

  const submit = (target: ProfileView | null = selected) => {
    if (!target || signIn.isPending) return;
    rememberLastProfile(target.id);
    signIn.mutate({ profileId: target.id, password: password === "" ? null : password });
  };

  const onListKey = (e: KeyboardEvent<HTMLDivElement>) => {
    if (list.length === 0) return;
    const idx = selected ? list.findIndex((p) => p.id === selected.id) : -1;
    let next: ProfileView | undefined;
    if (e.key === "ArrowDown") next = list[Math.min(idx + 1, list.length - 1)];
    else if (e.key === "ArrowUp") next = list[Math.max(idx - 1, 0)];
    else if (e.key === "Home") next = list[0];
    else if (e.key === "End") next = list[list.length - 1];
    else if (e.key === "Enter") {
      e.preventDefault();
      if (selected?.hasPassword || password !== "") submit();
      else passwordRef.current?.focus();
      return;
    } else return;
    e.preventDefault();
    if (next) {
      select(next);
      document.getElementById(`profile-row-${next.id}`)?.scrollIntoView({ block: "nearest" });
    }
  };

  const signInError = signIn.error ? deskErrorOf(signIn.error) : null;

  return (
    <div className="signin" data-testid="signin-screen">
      <div className="signin-card">
        <header className="signin-header">
          <div className="brand-mark" aria-hidden>
            PD
          </div>
          <div>
            <h1>Sign in to Penguin Desk</h1>
            <p className="muted">Choose the platform you work on and sign in with your own PostgreSQL login.</p>
          </div>
        </header>

        {revoked && (
          <div className="banner banner-error" role="alert" data-testid="access-revoked">
            <CircleAlert size={14} aria-hidden />
            <span>{revoked}</span>
          </div>
        )}
        {profiles.isPending ? (
          <div className="signin-loading">
            <Spinner /> Loading profiles…
          </div>
        ) : profiles.isError ? (
          <div className="banner banner-error" role="alert">
            <CircleAlert size={14} aria-hidden />
            <span>Could not read the saved profiles: {errorMessage(profiles.error)}</span>
          </div>
        ) : list.length === 0 ? (
          <div className="empty-state empty-state-compact" data-testid="profiles-empty">
            <div className="empty-icon">
              <Database size={20} aria-hidden />
            </div>
            <h2>No platform profile yet</h2>
            <p>
              A profile tells Penguin Desk where the platform database is (host, port, database, TLS)
              and which PostgreSQL login you use there. Your password stays in the system keychain.
            </p>
            <button
              type="button"
              className="button button-primary button-large"
              data-testid="profile-add"
              onClick={() => setForm({ open: true, profile: null })}
            >
              <Plus size={14} aria-hidden /> Add profile
            </button>
          </div>
        ) : (
          <form
            className="signin-form"
            onSubmit={(e) => {
              e.preventDefault();
              submit();
            }}
          >
            <div className="section-label-row">
              <span className="section-label" id="profiles-label">
                Profiles
              </span>
              <div className="toolbar">
                <button
                  type="button"
                  className="button button-ghost button-small"
                  data-testid="profile-add"
                  onClick={() => setForm({ open: true, profile: null })}
                >
                  <Plus size={13} aria-hidden /> Add
                </button>
                <button
                  type="button"
                  className="button button-ghost button-small"
                  data-testid="profile-edit"
                  disabled={!selected}
                  onClick={() => selected && setForm({ open: true, profile: selected })}
                >
                  <Pencil size={13} aria-hidden /> Edit
                </button>
                <button
                  type="button"
                  className="button button-ghost button-small"
                  data-testid="profile-remove"
                  disabled={!selected}
                  onClick={() => selected && setRemoving(selected)}
                >
                  <Trash2 size={13} aria-hidden /> Remove
                </button>
              </div>
            </div>
            <div
              ref={listRef}
              className="profile-list"
              role="listbox"
              tabIndex={0}
              aria-labelledby="profiles-label"
              aria-activedescendant={selected ? `profile-row-${selected.id}` : undefined}
              onKeyDown={onListKey}
              data-testid="profile-list"
            >
              {list.map((p) => (
                <div
                  key={p.id}
                  id={`profile-row-${p.id}`}
                  role="option"
                  aria-selected={p.id === selected?.id}
                  className={`profile-row${p.id === selected?.id ? " selected" : ""}`}
                  data-testid="profile-row"
                  data-profile-id={p.id}
                  onClick={() => {
                    select(p);
                    listRef.current?.focus();
                  }}
                  onDoubleClick={() => {
                    select(p);
                    if (p.hasPassword) submit(p);
                    else passwordRef.current?.focus();
                  }}
                >
                  <Database size={15} className="profile-icon" aria-hidden />
                  <div className="profile-text">
                    <span className="profile-name">{p.name}</span>
                    <span className="profile-target mono">
                      {p.user}@{p.host}:{p.port}/{p.database}
                    </span>
                  </div>
                  {p.hasPassword ? (
                    <span title="Password stored in the keychain" className="profile-key">
                      <KeyRound size={13} aria-label="Password stored in the keychain" />
                    </span>
                  ) : null}
                  <span className={`badge ${verifiesServer(p.tlsMode) ? "badge-ok" : "badge-warn"}`} title="TLS mode">
                    {p.tlsMode}
                  </span>
                </div>
              ))}
            </div>

            <div className="field">
              <label htmlFor="signin-password">Password</label>
              <input
                id="signin-password"
                ref={passwordRef}
                className="input"
                type="password"
                data-testid="signin-password"
                value={password}
                onChange={(e) => setPassword(e.target.value)}
                placeholder={selected?.hasPassword ? "stored in keychain" : "Your PostgreSQL password"}
                autoComplete="current-password"
                disabled={signIn.isPending}
              />
            </div>

            {signIn.error ? (
              <div className="banner banner-error" role="alert" data-testid="signin-error">
                <CircleAlert size={14} aria-hidden />
                <div>
                  {signInError ? <strong>{errorTitle(signInError.code)}. </strong> : null}
                  <span>{signInError ? signInError.message : errorMessage(signIn.error)}</span>
                </div>
              </div>
            ) : null}

            <button
              type="submit"
              className="button button-primary button-large button-block"
              data-testid="signin-submit"
              disabled={!selected || signIn.isPending}
            >
              {signIn.isPending ? (
                <>
                  <Spinner /> Connecting…
                </>
              ) : (
                <>Sign in{selected ? ` to ${selected.name}` : ""}</>
              )}
            </button>
          </form>
        )}
      </div>
      <footer className="signin-footer muted">Penguin Desk {version}</footer>

      <ProfileFormDialog
        open={form.open}
        profile={form.open ? form.profile : null}
        onOpenChange={(o) => {
          if (!o) setForm({ open: false });
        }}
        onSaved={(p) => {
          setForm({ open: false });
          select(p);
        }}
      />
      <RemoveProfileDialog
        profile={removing}
        onOpenChange={(o) => {
          if (!o) setRemoving(null);
        }}
        onRemoved={(id) => {
          setRemoving(null);
          if (selectedId === id) setSelectedId(null);
        }}
      />
    </div>
  );
}
