import { QueryClient, QueryClientProvider } from "@tanstack/react-query";
import * as Tooltip from "@radix-ui/react-tooltip";
import { StrictMode } from "react";
import { createRoot } from "react-dom/client";
import { App } from "./App";
import { DiagnosticsProvider } from "./components/Diagnostics";
import { ThemeProvider } from "./components/ThemeProvider";
import { ToastProvider } from "./components/Toast";
import { UpdatesProvider } from "./updates/UpdatesProvider";
import { applyTheme, browserStorage, readStoredTheme, resolveTheme, systemPrefersDark } from "./lib/theme";
import "./styles/theme.css";
import "./styles/base.css";
import "./styles/components.css";
import "./styles/screens.css";
import "./styles/cs.css";
import "./styles/finance.css";
import "./styles/alerts.css";
import "./styles/admin.css";
import "./styles/ops.css";
import "./styles/integrations.css";
import "./styles/updates.css";
import "./styles/kpi.css";
import "./styles/security.css";

// Apply the theme before the first paint (no inline script is allowed by the CSP).
applyTheme(document.documentElement, resolveTheme(readStoredTheme(browserStorage()), systemPrefersDark()));

const queryClient = new QueryClient({
  defaultOptions: {
    // Commands are local IPC calls: a failure is an answer, not a flaky network, so do not retry;
    // freshness comes from the core's status-changed events, not from polling on focus.
    queries: { retry: false, refetchOnWindowFocus: false, staleTime: 30_000 },
    mutations: { retry: false },
  },
});

const root = document.getElementById("root");
if (!root) throw new Error("index.html has no #root element");

createRoot(root).render(
  <StrictMode>
    <QueryClientProvider client={queryClient}>
      <ThemeProvider>
        <Tooltip.Provider delayDuration={400} skipDelayDuration={200}>
          <ToastProvider>
            <DiagnosticsProvider>
              <UpdatesProvider>
                <App />
              </UpdatesProvider>
            </DiagnosticsProvider>
          </ToastProvider>
        </Tooltip.Provider>
      </ThemeProvider>
    </QueryClientProvider>
  </StrictMode>,
);
