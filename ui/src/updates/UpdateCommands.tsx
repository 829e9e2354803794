// The command palette's entries for updates and the About panel.
import { Command } from "cmdk";
import { ArrowUpCircle, Info } from "lucide-react";
import { useUpdates } from "./UpdatesProvider";

/** "Check for updates" and "About Penguin Desk"; `close` closes the palette first. */
export function UpdateCommands({ close }: { close: () => void }) {
  const updates = useUpdates();
  return (
    <>
      <Command.Item
        value="Check for updates"
        keywords={["update", "upgrade", "new version", "release", "install"]}
        data-testid="palette-check-updates"
        onSelect={() => {
          close();
          updates.checkForUpdates();
        }}
      >
        <ArrowUpCircle size={14} aria-hidden /> Check for updates
      </Command.Item>
      <Command.Item
        value="About Penguin Desk"
        keywords={["about", "version", "channel", "beta", "stable"]}
        data-testid="palette-about"
        onSelect={() => {
          close();
          updates.openAbout();
        }}
      >
        <Info size={14} aria-hidden /> About Penguin Desk
      </Command.Item>
    </>
  );
}
