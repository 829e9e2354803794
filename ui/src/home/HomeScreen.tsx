import { Check } from "lucide-react";
import type { AppStatus, Session } from "../bindings";
import { ROLE_ABILITIES } from "../lib/sections";
import { formatAbsolute, formatRelative } from "../lib/time";
import { useNow } from "../lib/useNow";
import { LocalCopyPanel } from "./LocalCopyPanel";

function greeting(hour: number): string {
  if (hour < 5) return "Good evening";
  if (hour < 12) return "Good morning";
  if (hour < 18) return "Good afternoon";
  return "Good evening";
}

export function HomeScreen({ status, session }: { status: AppStatus; session: Session }) {
  const now = useNow();
  const online = status.connection === "online";
  return (
    <div className="home">
      <section className="home-hero">
        <h2 className="home-greeting">
          {greeting(now.getHours())}, {session.login}
        </h2>
        <p className="muted">
          Signed in to <strong>{session.profileName}</strong> {formatRelative(session.signedInAt, now)}.
        </p>
        <div className="badges" data-testid="home-roles">
          {session.roles.length === 0 ? (
            <span className="muted">No desk role granted yet: ask an administrator.</span>
          ) : (
            session.roles.map((r) => (
              <span key={r} className="badge badge-accent" data-testid={`role-${r}`}>
                {ROLE_ABILITIES[r].label}
              </span>
            ))
          )}
        </div>
      </section>

      <div className="home-grid">
        <LocalCopyPanel syncing={status.syncing} />
        <section className="panel">
          <h3 className="panel-title">Connection</h3>
          <dl className="facts">
            <dt>Platform</dt>
            <dd>
              <span className={`status-connection ${online ? "is-online" : "is-offline"}`}>
                <span className="dot" aria-hidden />
                {online ? "Online" : "Offline: working from the local copy"}
              </span>
            </dd>
            <dt>Last sync</dt>
            <dd title={formatAbsolute(status.lastSyncAt)}>{formatRelative(status.lastSyncAt, now)}</dd>
            <dt>Queued changes</dt>
            <dd>
              {status.queuedChanges === 0
                ? "None: everything you changed has reached the platform"
                : `${status.queuedChanges} waiting to be sent`}
            </dd>
            <dt>Login</dt>
            <dd className="mono">{session.login}</dd>
            <dt>Signed in</dt>
            <dd>{formatAbsolute(session.signedInAt)}</dd>
          </dl>
        </section>
        <section className="panel">
          <h3 className="panel-title">What you can do here</h3>
          {session.roles.length === 0 ? (
            <p className="muted">Your login has no desk role, so there is nothing to work on yet.</p>
          ) : (
            session.roles.map((r) => (
              <div key={r} className="ability-group">
                <div className="ability-role">{ROLE_ABILITIES[r].label}</div>
                <ul className="ability-list">
                  {ROLE_ABILITIES[r].abilities.map((a) => (
                    <li key={a}>
                      <Check size={13} aria-hidden /> {a}
                    </li>
                  ))}
                </ul>
              </div>
            ))
          )}
        </section>
      </div>
    </div>
  );
}
