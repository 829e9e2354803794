import * as DropdownMenu from "@radix-ui/react-dropdown-menu";
import { ChevronDown, FileDown, FileText } from "lucide-react";
import type { BriefFormat } from "../../bindings";
import { Spinner } from "../../components/Spinner";
import { useToast } from "../../components/Toast";
import { errorMessage } from "../../lib/errors";
import { useExportBrief } from "../queries";

/** "Export brief": the call-prep brief as a one-page PDF or Markdown, saved to Downloads. */
export function ExportMenu({ tenantId }: { tenantId: string }) {
  const exporter = useExportBrief();
  const toast = useToast();
  const run = (format: BriefFormat) =>
    exporter.mutate(
      { tenantId, format },
      {
        onSuccess: (path) => toast.show(`Brief saved to ${path}`),
        onError: (e) => toast.show(`Could not export the brief: ${errorMessage(e)}`, "error"),
      },
    );
  return (
    <DropdownMenu.Root>
      <DropdownMenu.Trigger asChild>
        <button type="button" className="button" data-testid="export-brief" disabled={exporter.isPending}>
          {exporter.isPending ? <Spinner size={13} /> : <FileDown size={13} aria-hidden />}
          Export brief
          <ChevronDown size={12} aria-hidden />
        </button>
      </DropdownMenu.Trigger>
      <DropdownMenu.Portal>
        <DropdownMenu.Content className="menu" align="end" sideOffset={4}>
          <DropdownMenu.Item className="menu-item" data-testid="export-pdf" onSelect={() => run("pdf")}>
            <FileDown size={13} aria-hidden /> PDF, one page
          </DropdownMenu.Item>
          <DropdownMenu.Item className="menu-item" data-testid="export-markdown" onSelect={() => run("markdown")}>
            <FileText size={13} aria-hidden /> Markdown
          </DropdownMenu.Item>
        </DropdownMenu.Content>
      </DropdownMenu.Portal>
    </DropdownMenu.Root>
  );
}
