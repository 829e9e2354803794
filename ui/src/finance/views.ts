import { OctagonAlert, ArrowLeftRight, CalendarClock, ChartColumnStacked, FileText, Gavel, Layers, Scale, type LucideIcon } from "lucide-react";
import type { FinanceView } from "../lib/nav";

export type FinanceViewMeta = {
  /** The tab's label. */
  tab: string;
  /** The command palette's words. */
  title: string;
  /** The single-key shortcut shown on the tab (pressed without modifiers). */
  key: string;
  icon: LucideIcon;
};

/** Billing's sub-views: tab label, palette title, shortcut, icon. */
export const FINANCE_VIEW_META: Record<FinanceView, FinanceViewMeta> = {
  invoices: { tab: "Invoices", title: "Invoices", key: "I", icon: FileText },
  reconciliation: { tab: "Reconciliation", title: "Reconciliation", key: "R", icon: Scale },
  dunning: { tab: "Failed payments", title: "Failed payments", key: "F", icon: OctagonAlert },
  disputes: { tab: "Disputes", title: "Disputes", key: "D", icon: Gavel },
  aging: { tab: "AR aging", title: "AR aging", key: "A", icon: CalendarClock },
  mrr: { tab: "MRR", title: "MRR movements", key: "M", icon: ChartColumnStacked },
  revenue: { tab: "Revenue", title: "Revenue recognition", key: "V", icon: Layers },
  proration: { tab: "Proration", title: "Proration preview", key: "P", icon: ArrowLeftRight },
};
