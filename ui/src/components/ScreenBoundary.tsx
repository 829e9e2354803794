import { AlertTriangle } from "lucide-react";
import { Component, type ReactNode } from "react";
import { errorMessage } from "../lib/errors";

type Props = { children: ReactNode; onReset?: () => void };

/** Keeps a screen's failure inside that screen, with what went wrong and a way to try again. */
export class ScreenBoundary extends Component<Props, { error: unknown }> {
  override state: { error: unknown } = { error: null };
  static getDerivedStateFromError(error: unknown): { error: unknown } {
    return { error };
  }
  override componentDidCatch(error: unknown): void {
    console.error("screen failed:", error);
  }
  override render(): ReactNode {
    if (this.state.error === null) return this.props.children;
    return (
      <div className="empty-state" data-testid="screen-error">
        <div className="empty-icon">
          <AlertTriangle size={20} aria-hidden />
        </div>
        <h2>This screen ran into a problem</h2>
        <p className="mono">{errorMessage(this.state.error)}</p>
        <button
          type="button"
          className="button"
          onClick={() => {
            this.props.onReset?.();
            this.setState({ error: null });
          }}
        >
          Try again
        </button>
      </div>
    );
  }
}
