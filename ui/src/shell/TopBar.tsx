import * as Tooltip from "@radix-ui/react-tooltip";
import { LogOut, Moon, Search, Sun } from "lucide-react";
import type { Session } from "../bindings";
import { Kbd } from "../components/Kbd";
import { Spinner } from "../components/Spinner";
import { useTheme } from "../components/ThemeProvider";

type Props = {
  title: string;
  session: Session;
  paletteKey: string;
  onOpenPalette: () => void;
  onSignOut: () => void;
  signingOut: boolean;
};

export function TopBar({ title, session, paletteKey, onOpenPalette, onSignOut, signingOut }: Props) {
  const { theme, toggle } = useTheme();
  const nextLabel = theme === "dark" ? "Switch to light theme" : "Switch to dark theme";
  return (
    <header className="topbar">
      <h1 className="topbar-title" data-testid="section-title">
        {title}
      </h1>
      <div className="topbar-actions">
        <button type="button" className="palette-hint" data-testid="palette-open" onClick={onOpenPalette}>
          <Search size={13} aria-hidden />
          <span>Search or run a command</span>
          <Kbd>{paletteKey}</Kbd>
        </button>
        <span className="topbar-user" data-testid="topbar-user" title={`Signed in to ${session.profileName}`}>
          <span className="avatar" aria-hidden>
            {session.login.slice(0, 1).toUpperCase()}
          </span>
          <span className="topbar-login">{session.login}</span>
          <span className="muted">·</span>
          <span className="muted">{session.profileName}</span>
        </span>
        <Tooltip.Root>
          <Tooltip.Trigger asChild>
            <button
              type="button"
              className="icon-button"
              data-testid="theme-toggle"
              aria-label={nextLabel}
              data-theme-current={theme}
              onClick={toggle}
            >
              {theme === "dark" ? <Sun size={15} aria-hidden /> : <Moon size={15} aria-hidden />}
            </button>
          </Tooltip.Trigger>
          <Tooltip.Portal>
            <Tooltip.Content className="tooltip" sideOffset={6}>
              {nextLabel}
            </Tooltip.Content>
          </Tooltip.Portal>
        </Tooltip.Root>
        <button
          type="button"
          className="button button-ghost button-small"
          data-testid="sign-out"
          onClick={onSignOut}
          disabled={signingOut}
        >
          {signingOut ? <Spinner size={13} /> : <LogOut size={13} aria-hidden />}
          Sign out
        </button>
      </div>
    </header>
  );
}
