import * as Dialog from "@radix-ui/react-dialog";
import { Command } from "cmdk";
import { Copy, LogOut, Moon, RefreshCw, Sun } from "lucide-react";
import type { Section } from "../bindings";
import { requestSync } from "../lib/queries";
import { SECTION_LABELS } from "../lib/sections";
import type { Theme } from "../lib/theme";
import { SECTION_ICONS } from "./sectionIcons";

type Props = {
  open: boolean;
  onOpenChange: (open: boolean) => void;
  sections: readonly Section[];
  theme: Theme;
  onGo: (s: Section) => void;
  onToggleTheme: () => void;
  onCopyDiagnostics: () => void;
  onSignOut: () => void;
};

export function CommandPalette(props: Props) {
  const { open, onOpenChange, sections, theme } = props;
  const run = (action: () => void) => () => {
    onOpenChange(false);
    action();
  };
  return (
    <Dialog.Root open={open} onOpenChange={onOpenChange}>
      <Dialog.Portal>
        <Dialog.Overlay className="dialog-overlay palette-overlay" />
        <Dialog.Content className="palette" data-testid="command-palette" aria-describedby={undefined}>
          <Dialog.Title className="sr-only">Command palette</Dialog.Title>
          <Command label="Command palette" loop>
            <Command.Input className="palette-input" data-testid="palette-input" placeholder="Type a command or a section…" autoFocus />
            <Command.List className="palette-list">
              <Command.Empty className="palette-empty">No matching command.</Command.Empty>
              <Command.Group heading="Navigation">
                {sections.map((s) => {
                  const Icon = SECTION_ICONS[s];
                  return (
                    <Command.Item
                      key={s}
                      value={`Go to ${SECTION_LABELS[s]}`}
                      data-testid={`palette-go-${s}`}
                      onSelect={run(() => props.onGo(s))}
                    >
                      <Icon size={14} aria-hidden /> Go to {SECTION_LABELS[s]}
                    </Command.Item>
                  );
                })}
              </Command.Group>
              <Command.Group heading="Actions">
                <Command.Item value={theme === "dark" ? "Switch to light theme" : "Switch to dark theme"} data-testid="palette-theme" onSelect={run(props.onToggleTheme)}>
                  {theme === "dark" ? <Sun size={14} aria-hidden /> : <Moon size={14} aria-hidden />}
                  {theme === "dark" ? "Switch to light theme" : "Switch to dark theme"}
                </Command.Item>
                <Command.Item value="Sync now" data-testid="palette-sync" onSelect={run(() => void requestSync())}>
                  <RefreshCw size={14} aria-hidden /> Sync now
                </Command.Item>
                <Command.Item value="Copy diagnostics" data-testid="palette-diagnostics" onSelect={run(props.onCopyDiagnostics)}>
                  <Copy size={14} aria-hidden /> Copy diagnostics
                </Command.Item>
                <Command.Item value="Sign out" data-testid="palette-sign-out" onSelect={run(props.onSignOut)}>
                  <LogOut size={14} aria-hidden /> Sign out
                </Command.Item>
              </Command.Group>
            </Command.List>
          </Command>
        </Dialog.Content>
      </Dialog.Portal>
    </Dialog.Root>
  );
}
