import { Component, lazy, Suspense, type ReactNode } from "react";
import type { Theme } from "../lib/theme";

/** The theme's colours, read from the CSS variables in styles/theme.css. */
export type ChartPalette = {
  text: string;
  muted: string;
  faint: string;
  border: string;
  panel: string;
  accent: string;
  ok: string;
  warn: string;
  danger: string;
  font: string;
};

/** An ECharts option (kept loose here so this module does not load ECharts). */
export type ChartOption = Record<string, unknown>;

export type ChartProps = {
  /**
   * Builds the option from the theme's colours; called again when the theme changes or when
   * this function changes (so memoise it on the data).
   */
  option: (palette: ChartPalette, theme: Theme) => ChartOption;
  height: number;
  label: string;
  testId?: string;
};

// ECharts is large: it loads with the first chart, not with the window.
const EChart = lazy(() => import("./EChart").then((m) => ({ default: m.EChart })));

/** Keeps a chart that fails to load or draw from taking the screen down with it. */
class ChartBoundary extends Component<{ children: ReactNode; height: number }, { failed: boolean }> {
  override state = { failed: false };
  static getDerivedStateFromError(): { failed: boolean } {
    return { failed: true };
  }
  override componentDidCatch(error: unknown): void {
    console.error("chart failed:", error);
  }
  override render(): ReactNode {
    if (this.state.failed) {
      return (
        <div className="chart chart-placeholder" style={{ height: this.props.height }} data-testid="chart-failed">
          The chart could not be drawn.
        </div>
      );
    }
    return this.props.children;
  }
}

/** A chart drawn with ECharts in the theme's colours, resized with its box. */
export function Chart(props: ChartProps) {
  return (
    <ChartBoundary height={props.height}>
      <Suspense fallback={<div className="chart chart-placeholder" style={{ height: props.height }} aria-busy />}>
        <EChart {...props} />
      </Suspense>
    </ChartBoundary>
  );
}
