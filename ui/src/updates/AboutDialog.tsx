// About Penguin Desk: the version (also in the diagnostics), how this copy was installed and what
// an update does for it, when the desk last looked for one, the Tauri and WebView versions, and
// the release channel (stable or beta) the updates come from, saved as an app preference.
import * as Dialog from "@radix-ui/react-dialog";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { X } from "lucide-react";
import { commands, type About, type AppPrefs, type UpdateChannel } from "../bindings";
import { Spinner } from "../components/Spinner";
import { errorMessage, unwrap } from "../lib/errors";
import { SUPPORT_TEXT } from "./UpdateDialog";

const PREFS_KEY = ["appPrefs"] as const;
const ABOUT_KEY = ["about"] as const;

type Props = { open: boolean; onOpenChange: (open: boolean) => void; onCheck: () => void };

export function AboutDialog({ open, onOpenChange, onCheck }: Props) {
  return (
    <Dialog.Root open={open} onOpenChange={onOpenChange}>
      <Dialog.Portal>
        <Dialog.Overlay className="dialog-overlay" />
        <Dialog.Content className="dialog dialog-narrow" data-testid="about-dialog" aria-describedby={undefined}>
          <div className="dialog-header">
            <Dialog.Title className="dialog-title">About Penguin Desk</Dialog.Title>
            <Dialog.Close className="icon-button" aria-label="Close">
              <X size={14} />
            </Dialog.Close>
          </div>
          {open ? <AboutBody onCheck={onCheck} /> : null}
        </Dialog.Content>
      </Dialog.Portal>
    </Dialog.Root>
  );
}

function AboutBody({ onCheck }: { onCheck: () => void }) {
  const qc = useQueryClient();
  const about = useQuery({ queryKey: ABOUT_KEY, queryFn: async (): Promise<About> => unwrap(await commands.appAbout()), staleTime: 0 });
  const prefs = useQuery({ queryKey: PREFS_KEY, queryFn: async (): Promise<AppPrefs> => unwrap(await commands.appPrefs()) });
  const save = useMutation({
    mutationFn: async (p: AppPrefs): Promise<null> => unwrap(await commands.saveAppPrefs(p)),
    onSettled: () => Promise.all([qc.invalidateQueries({ queryKey: PREFS_KEY }), qc.invalidateQueries({ queryKey: ABOUT_KEY })]),
  });
  if (about.isPending) return <Spinner size={14} label="Reading the version" />;
  if (about.isError) return <p className="field-error">Could not read the version: {errorMessage(about.error)}</p>;
  const a = about.data;
  const channel = prefs.data?.updateChannel ?? a.channel;
  return (
    <>
      <dl className="about-facts">
        <dt>Version</dt>
        <dd data-testid="about-version">{a.version}</dd>
        <dt>Installed as</dt>
        <dd data-testid="about-install">{a.installLabel}</dd>
        <dt>Updates</dt>
        <dd className="muted">{SUPPORT_TEXT[a.installSupport]}</dd>
        <dt>Last checked</dt>
        <dd data-testid="about-last-check">{a.lastCheck ? new Date(a.lastCheck).toLocaleString() : "Not yet"}</dd>
        <dt>Tauri</dt>
        <dd>{a.tauriVersion}</dd>
        <dt>WebView</dt>
        <dd>{a.webviewVersion}</dd>
      </dl>
      <div className="field about-channel">
        <label htmlFor="about-channel">Release channel</label>
        <select
          id="about-channel"
          className="input select"
          data-testid="about-channel"
          value={channel}
          disabled={!prefs.data || save.isPending}
          onChange={(e) => {
            if (prefs.data) save.mutate({ ...prefs.data, updateChannel: e.target.value as UpdateChannel });
          }}
        >
          <option value="stable">Stable: released versions</option>
          <option value="beta">Beta: pre-releases too</option>
        </select>
      </div>
      {save.isError ? (
        <p className="field-error" role="alert">
          Not saved: {errorMessage(save.error)}
        </p>
      ) : null}
      <div className="dialog-actions">
        <button type="button" className="button" data-testid="about-check" onClick={onCheck}>
          Check for updates
        </button>
        <Dialog.Close className="button button-primary">Close</Dialog.Close>
      </div>
    </>
  );
}
