// The HR import's rows as the platform checked them, before anybody is created: one dense
// line each with the login it would get, its roles, whether it is new, already has an account
// or has problems, and those problems one per line.
import type { ImportRow } from "../bindings";
import { RoleChips } from "./parts";
import { IMPORT_STATUS } from "./staffAccountsFormat";
import { teamLabel } from "./staffFormat";

export function ImportPreviewTable({ rows }: { rows: readonly ImportRow[] }) {
  return (
    <div className="import-table-host">
      <table className="import-table" data-testid="staff-import-preview">
        <thead>
          <tr>
            <th className="num">Line</th>
            <th>Name</th>
            <th>E-mail</th>
            <th>Login</th>
            <th>Team</th>
            <th>Roles</th>
            <th>Status</th>
            <th>Problems</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((r) => {
            const status = IMPORT_STATUS[r.status];
            return (
              <tr key={r.line} className={`import-row import-${r.status}`} data-testid="staff-import-row" data-status={r.status} data-line={r.line}>
                <td className="num faint">{r.line}</td>
                <td>{r.fullName}</td>
                <td className="muted">{r.email}</td>
                <td className="mono-small">{r.login}</td>
                <td>{teamLabel(r.team)}</td>
                <td>
                  <RoleChips roles={r.roles} />
                </td>
                <td>
                  <span className={`badge ${status.tone}`} data-testid="staff-import-status">
                    {status.label}
                  </span>
                </td>
                <td className="import-problems">
                  {r.problems.map((p, i) => (
                    <div key={i}>{p}</div>
                  ))}
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}
