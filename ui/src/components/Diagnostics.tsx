import * as Dialog from "@radix-ui/react-dialog";
import { X } from "lucide-react";
import { createContext, useCallback, useContext, useMemo, useState, type ReactNode } from "react";
import { commands } from "../bindings";
import { errorMessage, unwrap } from "../lib/errors";
import { useToast } from "./Toast";

type DiagnosticsApi = { copy: () => Promise<void>; busy: boolean };

const DiagnosticsContext = createContext<DiagnosticsApi | null>(null);

/**
 * Collects the diagnostics text from the core and copies it to the clipboard; when the clipboard
 * refuses (permissions, no secure context), shows the text in a dialog to copy by hand.
 */
export function DiagnosticsProvider({ children }: { children: ReactNode }) {
  const toast = useToast();
  const [busy, setBusy] = useState(false);
  const [fallback, setFallback] = useState<string | null>(null);

  const copy = useCallback(async () => {
    setBusy(true);
    let text: string;
    try {
      text = unwrap(await commands.diagnostics());
    } catch (e) {
      setBusy(false);
      toast.show(`Could not collect diagnostics: ${errorMessage(e)}`, "error");
      return;
    }
    try {
      // navigator.clipboard is undefined outside a secure context: that TypeError lands below too.
      await navigator.clipboard.writeText(text);
      toast.show("Diagnostics copied");
    } catch {
      setFallback(text);
    } finally {
      setBusy(false);
    }
  }, [toast]);

  const api = useMemo(() => ({ copy, busy }), [copy, busy]);

  return (
    <DiagnosticsContext.Provider value={api}>
      {children}
      <Dialog.Root open={fallback !== null} onOpenChange={(o) => !o && setFallback(null)}>
        <Dialog.Portal>
          <Dialog.Overlay className="dialog-overlay" />
          <Dialog.Content className="dialog" data-testid="diagnostics-dialog">
            <div className="dialog-header">
              <Dialog.Title className="dialog-title">Diagnostics</Dialog.Title>
              <Dialog.Close className="icon-button" aria-label="Close">
                <X size={14} />
              </Dialog.Close>
            </div>
            <Dialog.Description className="dialog-description">
              The clipboard refused the text. Select it below and copy it by hand.
            </Dialog.Description>
            <textarea
              className="diagnostics-text"
              data-testid="diagnostics-text"
              readOnly
              value={fallback ?? ""}
              onFocus={(e) => e.currentTarget.select()}
              rows={14}
              spellCheck={false}
            />
            <div className="dialog-actions">
              <Dialog.Close className="button button-primary">Done</Dialog.Close>
            </div>
          </Dialog.Content>
        </Dialog.Portal>
      </Dialog.Root>
    </DiagnosticsContext.Provider>
  );
}

export function useDiagnostics(): DiagnosticsApi {
  const ctx = useContext(DiagnosticsContext);
  if (!ctx) throw new Error("useDiagnostics must be used inside <DiagnosticsProvider>");
  return ctx;
}
