import { Spinner } from "./components/Spinner";
import { useAppStatus, useStatusEvents } from "./lib/queries";
import { CoreErrorScreen } from "./problem/CoreErrorScreen";
import { StoreProblemScreen } from "./problem/StoreProblemScreen";
import { Shell } from "./shell/Shell";
import { ChoosePasswordScreen } from "./signin/ChoosePasswordScreen";
import { SignInScreen } from "./signin/SignInScreen";

export function App() {
  useStatusEvents();
  const status = useAppStatus();

  if (status.isPending) {
    return (
      <div className="splash" data-testid="splash">
        <Spinner size={18} label="Starting Penguin Desk" />
      </div>
    );
  }
  if (status.isError) {
    return <CoreErrorScreen error={status.error} onRetry={() => void status.refetch()} retrying={status.isFetching} />;
  }
  const s = status.data;
  if (s.storeProblem) return <StoreProblemScreen problem={s.storeProblem} version={s.version} />;
  if (!s.session) return <SignInScreen version={s.version} revoked={s.accessRevoked} />;
  // Signed in with a one-time setup code: the member chooses their password before anything else.
  if (s.session.setupPendingUntil) return <ChoosePasswordScreen session={s.session} version={s.version} />;
  return <Shell status={s} session={s.session} />;
}
