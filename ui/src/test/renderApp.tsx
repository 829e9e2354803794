import * as Tooltip from "@radix-ui/react-tooltip";
import { QueryClient, QueryClientProvider } from "@tanstack/react-query";
import { render } from "@testing-library/react";
import { App } from "../App";
import { DiagnosticsProvider } from "../components/Diagnostics";
import { ThemeProvider } from "../components/ThemeProvider";
import { ToastProvider } from "../components/Toast";
import { UpdatesProvider } from "../updates/UpdatesProvider";

/** Renders the whole app with the providers main.tsx uses and a fresh query cache. */
export function renderApp() {
  const client = new QueryClient({ defaultOptions: { queries: { retry: false }, mutations: { retry: false } } });
  return render(
    <QueryClientProvider client={client}>
      <ThemeProvider>
        <Tooltip.Provider>
          <ToastProvider>
            <DiagnosticsProvider>
              <UpdatesProvider>
                <App />
              </UpdatesProvider>
            </DiagnosticsProvider>
          </ToastProvider>
        </Tooltip.Provider>
      </ThemeProvider>
    </QueryClientProvider>,
  );
}
