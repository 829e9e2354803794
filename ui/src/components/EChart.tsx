import { BarChart, LineChart } from "echarts/charts";
import { GridComponent, LegendComponent, MarkLineComponent, TooltipComponent } from "echarts/components";
import * as echarts from "echarts/core";
import { SVGRenderer } from "echarts/renderers";
import { useEffect, useRef } from "react";
import { useTheme } from "./ThemeProvider";

echarts.use([BarChart, LineChart, GridComponent, LegendComponent, MarkLineComponent, TooltipComponent, SVGRenderer]);

import type { ChartPalette, ChartProps } from "./Chart";

function readPalette(): ChartPalette {
  const css = getComputedStyle(document.documentElement);
  const v = (name: string, fallback: string) => css.getPropertyValue(name).trim() || fallback;
  return {
    text: v("--text", "#1b1b1f"),
    muted: v("--text-muted", "#6b6b76"),
    faint: v("--text-faint", "#9a9aa4"),
    border: v("--border", "#e4e4e8"),
    panel: v("--bg-panel", "#ffffff"),
    accent: v("--accent", "#5e5ce6"),
    ok: v("--ok", "#1f9d55"),
    warn: v("--warn", "#b7791f"),
    danger: v("--danger", "#d93f3f"),
    font: v("--font-sans", "sans-serif"),
  };
}

/**
 * An ECharts chart: initialised once its box has a size, resized with the box (ResizeObserver),
 * redrawn in the theme's colours, and disposed on unmount.
 */
export function EChart({ option, height, label, testId }: ChartProps) {
  const host = useRef<HTMLDivElement>(null);
  const chart = useRef<echarts.ECharts | null>(null);
  const { theme } = useTheme();
  useEffect(() => {
    const el = host.current;
    if (!el) return;
    const draw = () => {
      if (el.clientWidth === 0 || el.clientHeight === 0) return;
      chart.current ??= echarts.init(el, undefined, { renderer: "svg" });
      chart.current.setOption(option(readPalette(), theme) as echarts.EChartsCoreOption, { notMerge: true });
    };
    draw();
    const ro = new ResizeObserver(() => {
      if (chart.current) chart.current.resize();
      else draw();
    });
    ro.observe(el);
    return () => ro.disconnect();
  }, [theme, option]);

  useEffect(
    () => () => {
      chart.current?.dispose();
      chart.current = null;
    },
    [],
  );

  return <div ref={host} className="chart" style={{ height }} role="img" aria-label={label} data-testid={testId} />;
}
