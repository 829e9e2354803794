// What staging and production run, side by side: the value, its version, and who applied it
// when. Staging is where every change lands; production takes only what staging ran.
import type { LiveValue, SettingView } from "../bindings";
import { formatDateTime } from "../lib/format";
import { formatAbsolute } from "../lib/time";
import { environmentLabel, isNumberValue } from "./settingsFormat";
import { SettingValue, VersionTag } from "./settingsParts";

export function SettingEnvCards({ setting }: { setting: SettingView }) {
  return (
    <div className="setting-envs">
      <EnvCard env="staging" live={setting.staging} />
      <EnvCard env="production" live={setting.production} />
    </div>
  );
}

function EnvCard({ env, live }: { env: "staging" | "production"; live: LiveValue | null }) {
  return (
    <section className={`setting-env env-${env}`} data-testid={`setting-env-${env}`} data-version={live?.version} aria-label={environmentLabel(env)}>
      <div className="setting-env-head">
        <span className="section-label">{environmentLabel(env)}</span>
        {live === null ? null : <VersionTag version={live.version} />}
      </div>
      {live === null ? (
        <>
          <div className="setting-env-value faint">Not set</div>
          <div className="faint small">Nothing runs here yet.</div>
        </>
      ) : (
        <>
          <div className={`setting-env-value${isNumberValue(live.value) ? " num" : ""}`}>
            <SettingValue json={live.value} testId={`setting-env-${env}-value`} />
          </div>
          <div className="faint small setting-env-applied">
            {live.appliedBy} ·{" "}
            <time className="num" dateTime={live.appliedAt} title={formatAbsolute(live.appliedAt)}>
              {formatDateTime(live.appliedAt)}
            </time>
          </div>
        </>
      )}
    </section>
  );
}
