import { humanize } from "../lib/format";

/** The invoice statuses the platform uses, in their lifecycle order. */
export const INVOICE_STATUSES = ["draft", "open", "paid", "void", "uncollectible"] as const;

const TONE: Record<string, string> = {
  draft: "",
  open: "badge-accent",
  paid: "badge-ok",
  void: "badge-void",
  uncollectible: "badge-danger",
};

/** An invoice's status as a badge: open in the accent, paid green, uncollectible red, void struck through. */
export function InvoiceStatus({ status, testId }: { status: string; testId?: string }) {
  return (
    <span className={`badge ${TONE[status] ?? ""}`} data-testid={testId} data-status={status}>
      {humanize(status)}
    </span>
  );
}
