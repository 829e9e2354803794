import * as Tooltip from "@radix-ui/react-tooltip";
import { QueryClient, QueryClientProvider } from "@tanstack/react-query";
import { render, screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { beforeEach, describe, expect, it, vi } from "vitest";
import type { DeskRole } from "../bindings";
import { ThemeProvider } from "../components/ThemeProvider";
import { ToastProvider } from "../components/Toast";
import { commands, ok, refused, resetBindings } from "../test/bindingsMock";
import { integrationBoard, integrationDetail, integrationProbe, onboardingBoard } from "../test/integrationFixtures";
import { IntegrationsView } from "./IntegrationsView";

vi.mock("../bindings", () => import("../test/bindingsMock"));

function renderView({ online = true, roles = ["ops"] }: { online?: boolean; roles?: DeskRole[] } = {}) {
  const client = new QueryClient({ defaultOptions: { queries: { retry: false }, mutations: { retry: false } } });
  return render(
    <QueryClientProvider client={client}>
      <ThemeProvider>
        <Tooltip.Provider>
          <ToastProvider>
            <IntegrationsView online={online} roles={roles} />
          </ToastProvider>
        </Tooltip.Provider>
      </ThemeProvider>
    </QueryClientProvider>,
  );
}

beforeEach(() => {
  resetBindings();
  commands.opsIntegrations.mockImplementation(() => ok(integrationBoard()));
  commands.opsIntegration.mockImplementation((name: string) => ok(integrationDetail(name)));
  commands.opsLastIntegrationProbes.mockImplementation(() => ok([integrationProbe("stripe"), integrationProbe("okta", { status: "down", statusCode: null, latencyMs: 5000, detail: "no answer within 5 s" })]));
  commands.opsOnboardings.mockImplementation(() => ok(onboardingBoard()));
  commands.opsSetDeprecationStatus.mockImplementation(() => ok(null));
  commands.opsRecordRotation.mockImplementation(() => ok(null));
  commands.opsAssignOnboardingStep.mockImplementation(() => ok(null));
  commands.opsCompleteOnboardingStep.mockImplementation(() => ok(null));
  commands.opsStartOnboarding.mockImplementation(() => ok("ob-new"));
});

describe("integrations", () => {
  it("lists each integration with its recorded status, probe, errors, p95, deprecation and rotation", async () => {
    renderView();
    const table = await screen.findByTestId("integrations-table");
    expect(within(table).getAllByRole("row").slice(1).map((r) => r.getAttribute("data-testid"))).toEqual(["integration-row-okta", "integration-row-sendgrid", "integration-row-stripe"]);
    const sendgrid = screen.getByTestId("integration-row-sendgrid");
    expect(within(sendgrid).getByTestId("integration-status-sendgrid")).toHaveTextContent("Degraded");
    expect(within(sendgrid).getByTestId("integration-open-sendgrid")).toHaveTextContent("1 open");
    expect(within(sendgrid).getByTestId("integration-errors-sendgrid")).toHaveTextContent("3 %");
    expect(within(sendgrid).getByTestId("integration-errors-sendgrid")).toHaveClass("negative");
    expect(within(sendgrid).getByLabelText("worse than the week before")).toBeInTheDocument();
    expect(within(sendgrid).getByTestId("integration-p95-sendgrid")).toHaveTextContent("900 ms");
    expect(within(sendgrid).getByTestId("probe-integration-sendgrid")).toHaveTextContent("Not probed");
    const stripe = screen.getByTestId("integration-row-stripe");
    expect(within(stripe).getByTestId("integration-deprecation-stripe")).toHaveTextContent("21 days left");
    expect(within(stripe).getByTestId("integration-deprecation-stripe")).toHaveClass("negative");
    expect(within(stripe).getByTestId("integration-rotation-stripe")).toHaveTextContent("due in 10 days");
    expect(within(stripe).getByTestId("integration-rotation-stripe")).toHaveClass("attention");
    expect(within(stripe).getByTestId("probe-integration-stripe")).toHaveTextContent("HTTP 200 in 12 ms");
    const okta = screen.getByTestId("integration-row-okta");
    expect(within(okta).getByTestId("integration-rotation-okta")).toHaveTextContent("3 days overdue");
    expect(within(okta).getByTestId("integration-rotation-okta")).toHaveClass("negative");
    expect(within(okta).getByTestId("probe-integration-okta")).toHaveTextContent("no answer within 5 s");
    expect(screen.getByTestId("integrations-deprecation-alerts")).toHaveTextContent("1 deprecation under 30 days");
    expect(screen.getByTestId("integrations-rotations-overdue")).toHaveTextContent("1 rotation overdue");
    expect(screen.getByTestId("deprecation-row-stripe")).toHaveAttribute("data-alert", "true");
    expect(screen.getByTestId("deprecation-row-hubspot")).toHaveAttribute("data-alert", "false");
  });

  it("probes every status endpoint now with a spinner and fills the probe column", async () => {
    let answer: (v: unknown) => void = () => undefined;
    commands.opsProbeIntegrations.mockImplementation(() => new Promise((r) => (answer = r)));
    renderView();
    await screen.findByTestId("integrations-table");
    const button = screen.getByTestId("integration-probe");
    await userEvent.click(button);
    expect(button).toBeDisabled();
    expect(button).toHaveTextContent("Probing…");
    answer({ status: "ok", data: [integrationProbe("sendgrid", { status: "down", statusCode: 503, detail: "HTTP 503 in 4 ms" })] });
    await waitFor(() => expect(screen.getByTestId("probe-integration-sendgrid")).toHaveTextContent("HTTP 503 in 4 ms"));
    expect(screen.getByTestId("probe-integration-sendgrid")).toHaveAttribute("data-status", "down");
    expect(button).toBeEnabled();
  });

  it("opens an integration from the keyboard with its charts, failure timeline and checks; Esc closes it", async () => {
    renderView();
    const table = await screen.findByTestId("integrations-table");
    await waitFor(() => expect(table).toHaveFocus());
    await userEvent.keyboard("{ArrowDown}{Enter}");
    const detail = await screen.findByTestId("integration-detail");
    expect(detail).toHaveAttribute("data-name", "sendgrid");
    await waitFor(() => expect(within(detail).getByTestId("integration-chart-p95")).toBeInTheDocument());
    expect(within(detail).getByTestId("integration-chart-errors")).toBeInTheDocument();
    expect(within(detail).getByTestId("integration-worse")).toHaveTextContent("error rate 0.20 % → 3.00 % (+1400 %)");
    const failures = within(detail).getAllByTestId("integration-failure");
    expect(failures).toHaveLength(2);
    expect(failures[0]).toHaveAttribute("data-open", "true");
    expect(failures[0]).toHaveTextContent("ongoing");
    expect(within(detail).getByTestId("integration-checks")).toHaveTextContent("3 of 288 failed");
    expect(within(detail).getAllByTestId("integration-check-run")).toHaveLength(1);
    await userEvent.keyboard("{Escape}");
    await waitFor(() => expect(screen.queryByTestId("integration-detail")).toBeNull());
  });

  it("changes a deprecation's migration status; done needs its note; a conflict shows", async () => {
    renderView();
    await userEvent.click(await screen.findByTestId("integration-row-stripe"));
    const detail = await screen.findByTestId("integration-detail");
    const item = await within(detail).findByTestId("deprecation");
    expect(within(item).getByTestId("deprecation-days")).toHaveTextContent("21 days left");
    expect(within(item).getByTestId("deprecation-days")).toHaveClass("negative");
    await userEvent.selectOptions(within(item).getByTestId("deprecation-status"), "done");
    await userEvent.click(within(item).getByTestId("deprecation-save"));
    expect(within(item).getByTestId("deprecation-error-note")).toHaveTextContent("Say how the migration was done.");
    expect(commands.opsSetDeprecationStatus).not.toHaveBeenCalled();

    await userEvent.selectOptions(within(item).getByTestId("deprecation-status"), "in_progress");
    await userEvent.type(within(item).getByTestId("deprecation-note"), "Webhook handler in review");
    commands.opsSetDeprecationStatus.mockImplementationOnce(() => refused("invalidInput", "the deprecation of stripe 2024-06-20 changed since you loaded it (your version 1, now 2)"));
    await userEvent.click(within(item).getByTestId("deprecation-save"));
    await waitFor(() => expect(within(item).getByTestId("deprecation-refused")).toHaveTextContent("changed since you loaded it"));
    await userEvent.click(within(item).getByTestId("deprecation-save"));
    await waitFor(() => expect(commands.opsSetDeprecationStatus).toHaveBeenLastCalledWith("dep-stripe", "in_progress", "Webhook handler in review", 1));
  });

  it("records a rotation with the next due date; the platform's refusal shows beside it", async () => {
    renderView();
    await userEvent.click(await screen.findByTestId("integration-row-okta"));
    const detail = await screen.findByTestId("integration-detail");
    await waitFor(() => expect(within(detail).getByTestId("integration-rotation-due")).toHaveAttribute("data-rotation", "overdue"));
    expect(within(detail).getAllByTestId("integration-rotation")).toHaveLength(1);
    await userEvent.click(within(detail).getByTestId("integration-record-rotation"));
    const dialog = await screen.findByTestId("rotation-dialog");
    const due = within(dialog).getByTestId("rotation-next-due");
    await userEvent.clear(due);
    await userEvent.type(due, "2026-12-01");
    await userEvent.type(within(dialog).getByTestId("rotation-note"), "Token rolled");
    commands.opsRecordRotation.mockImplementationOnce(() => refused("invalidInput", "The rotation is refused (1 problem(s))\nnext due: the next rotation must be after today"));
    await userEvent.click(within(dialog).getByTestId("rotation-submit"));
    await waitFor(() => expect(within(dialog).getByTestId("rotation-error-next-due")).toHaveTextContent("The next rotation must be after today"));
    await userEvent.clear(due);
    await userEvent.type(due, "2027-03-01");
    await userEvent.click(within(dialog).getByTestId("rotation-submit"));
    await waitFor(() => expect(commands.opsRecordRotation).toHaveBeenLastCalledWith("okta", "2027-03-01", "Token rolled", 3));
    await waitFor(() => expect(screen.queryByTestId("rotation-dialog")).toBeNull());
  });
});

describe("the integration dialogs", () => {
  it("are described, point a refused field at its refusal, and Cancel closes them", async () => {
    renderView();
    await userEvent.click(await screen.findByTestId("integration-row-okta"));
    const detail = await screen.findByTestId("integration-detail");
    await userEvent.click(await within(detail).findByTestId("integration-record-rotation"));
    const dialog = await screen.findByTestId("rotation-dialog");
    expect(dialog).toHaveAccessibleName(/Record a rotation of okta/);
    expect(dialog).toHaveAccessibleDescription(/Our credentials for okta were rotated now/);
    const due = within(dialog).getByTestId("rotation-next-due");
    expect(due).toHaveFocus();
    expect(within(dialog).getByLabelText("Next rotation due")).toBe(due);
    expect(within(dialog).getByLabelText("Note")).toBe(within(dialog).getByTestId("rotation-note"));

    await userEvent.clear(due);
    await userEvent.click(within(dialog).getByTestId("rotation-submit"));
    expect(within(dialog).getByTestId("rotation-error-next-due")).toHaveTextContent("Say when the next rotation is due.");
    expect(due).toHaveAttribute("aria-invalid", "true");
    expect(due).toHaveAttribute("aria-describedby", within(dialog).getByTestId("rotation-error-next-due").id);
    expect(commands.opsRecordRotation).not.toHaveBeenCalled();

    // A refusal of the note shows under the note, the rest above the form.
    await userEvent.type(due, "2027-03-01");
    expect(due).not.toHaveAttribute("aria-invalid");
    commands.opsRecordRotation.mockImplementationOnce(() => refused("invalidInput", "The rotation is refused (1 problem(s))\nnote: at most 500 characters"));
    await userEvent.click(within(dialog).getByTestId("rotation-submit"));
    await waitFor(() => expect(within(dialog).getByTestId("rotation-error-note")).toHaveTextContent("At most 500 characters."));
    expect(within(dialog).getByTestId("rotation-refused")).toHaveTextContent("The rotation is refused (1 problem(s))");
    expect(within(dialog).getByTestId("rotation-note")).toHaveAttribute("aria-invalid", "true");

    await userEvent.click(within(dialog).getByRole("button", { name: "Cancel" }));
    await waitFor(() => expect(screen.queryByTestId("rotation-dialog")).toBeNull());
  });

  it("shows the step's refusals about the order and the owner above the evidence", async () => {
    renderView();
    await userEvent.click(await screen.findByTestId("integrations-sub-onboarding"));
    const postmark = within(await screen.findByTestId("onboarding-list")).getByTestId("onboarding-postmark");
    await userEvent.click(within(postmark).getByTestId("onboarding-complete-staging_test"));
    const dialog = await screen.findByTestId("complete-step-dialog");
    expect(dialog).toHaveAccessibleName("Complete staging test of postmark");
    expect(dialog).toHaveAccessibleDescription(/Say what shows the step is done/);
    expect(within(dialog).getByTestId("complete-step-evidence")).toHaveFocus();
    await userEvent.type(within(dialog).getByTestId("complete-step-evidence"), "Staging run #812");
    commands.opsCompleteOnboardingStep.mockImplementationOnce(() =>
      refused("invalidInput", "Completing the step is refused (2 problem(s))\nstep: complete design before staging test\nowner: give staging test an owner before completing it"),
    );
    await userEvent.click(within(dialog).getByTestId("complete-step-submit"));
    const banner = await within(dialog).findByTestId("complete-step-refused");
    expect(banner).toHaveTextContent("Completing the step is refused (2 problem(s))");
    expect(banner).toHaveTextContent("Complete design before staging test.");
    expect(banner).toHaveTextContent("Give staging test an owner before completing it.");
    expect(within(dialog).queryByTestId("complete-step-error-evidence")).toBeNull();
    expect(screen.getByTestId("complete-step-dialog")).toBeInTheDocument();
  });

  it("says offline that starting an onboarding needs the platform, and spins while it is sent", async () => {
    renderView({ online: false });
    await userEvent.click(await screen.findByTestId("integrations-sub-onboarding"));
    await userEvent.click(await screen.findByTestId("onboarding-new"));
    const dialog = await screen.findByTestId("onboarding-dialog");
    expect(dialog).toHaveAccessibleDescription(/requirements, design, staging test, security review and production/);
    expect(within(dialog).getByTestId("onboarding-start-offline")).toBeInTheDocument();
    expect(within(dialog).getByLabelText("Kind")).toBe(within(dialog).getByTestId("onboarding-kind"));
    expect(within(dialog).getByLabelText("Why the platform needs it")).toBe(within(dialog).getByTestId("onboarding-purpose"));
    let answer: (v: unknown) => void = () => undefined;
    commands.opsStartOnboarding.mockImplementationOnce(() => new Promise((resolve) => (answer = resolve)));
    await userEvent.type(within(dialog).getByTestId("onboarding-name"), "postmark");
    await userEvent.click(within(dialog).getByTestId("onboarding-submit"));
    await waitFor(() => expect(within(dialog).getByTestId("onboarding-submit")).toBeDisabled());
    expect(within(dialog).getByTestId("onboarding-submit")).toHaveAttribute("aria-busy", "true");
    answer({ status: "error", error: { code: "unreachable", message: "The platform database is unreachable" } });
    await waitFor(() => expect(within(dialog).getByTestId("onboarding-start-refused")).toHaveTextContent("The platform database is unreachable"));
    expect(within(dialog).getByTestId("onboarding-submit")).toBeEnabled();
  });
});

describe("onboarding", () => {
  it("shows each onboarding as its five steps and completes the next one with evidence", async () => {
    renderView();
    await userEvent.click(await screen.findByTestId("integrations-sub-onboarding"));
    const list = await screen.findByTestId("onboarding-list");
    const postmark = within(list).getByTestId("onboarding-postmark");
    expect(postmark).toHaveAttribute("data-next", "staging_test");
    expect(within(postmark).getByTestId("onboarding-progress")).toHaveTextContent("2 of 5 steps");
    expect(within(postmark).getByTestId("onboarding-evidence-design")).toHaveTextContent("Design review ENG-4520");
    expect(within(postmark).getByTestId("onboarding-complete-security_review")).toBeDisabled();
    expect(within(postmark).getByTestId("onboarding-complete-security_review")).toHaveAttribute("title", "Complete staging test first");
    expect(within(postmark).getByTestId("onboarding-complete-production")).toBeDisabled();
    const intercom = within(list).getByTestId("onboarding-intercom");
    expect(within(intercom).getByTestId("onboarding-complete-security_review")).toHaveAttribute("title", "Completed by security");

    await userEvent.click(within(postmark).getByTestId("onboarding-complete-staging_test"));
    const dialog = await screen.findByTestId("complete-step-dialog");
    await userEvent.click(within(dialog).getByTestId("complete-step-submit"));
    expect(within(dialog).getByTestId("complete-step-error-evidence")).toHaveTextContent("Say what shows the step is done");
    expect(commands.opsCompleteOnboardingStep).not.toHaveBeenCalled();
    await userEvent.type(within(dialog).getByTestId("complete-step-evidence"), "Staging run #812: 64 passed");
    await userEvent.click(within(dialog).getByTestId("complete-step-submit"));
    await waitFor(() => expect(commands.opsCompleteOnboardingStep).toHaveBeenCalledWith("ob-postmark", "staging_test", "Staging run #812: 64 passed", 4));
    await waitFor(() => expect(screen.queryByTestId("complete-step-dialog")).toBeNull());
  });

  it("assigns an owner, offering only security for the security review, and shows a refusal", async () => {
    renderView();
    await userEvent.click(await screen.findByTestId("integrations-sub-onboarding"));
    const postmark = within(await screen.findByTestId("onboarding-list")).getByTestId("onboarding-postmark");
    const review = within(postmark).getByTestId("onboarding-owner-security_review");
    expect(within(review).getAllByRole("option").map((o) => o.getAttribute("value"))).toEqual(["sue_sec"]);
    commands.opsAssignOnboardingStep.mockImplementationOnce(() => refused("invalidInput", "owner: nobody is not an active staff member"));
    await userEvent.selectOptions(within(postmark).getByTestId("onboarding-owner-production"), "sam_ops");
    await waitFor(() => expect(within(postmark).getByTestId("onboarding-refused")).toHaveTextContent("Nobody is not an active staff member"));
    expect(commands.opsAssignOnboardingStep).toHaveBeenCalledWith("ob-postmark", "production", "sam_ops", 4);
  });

  it("starts an onboarding; a refused field shows beside it", async () => {
    renderView();
    await userEvent.click(await screen.findByTestId("integrations-sub-onboarding"));
    await userEvent.click(await screen.findByTestId("onboarding-new"));
    const dialog = await screen.findByTestId("onboarding-dialog");
    await userEvent.type(within(dialog).getByTestId("onboarding-name"), "Post Mark");
    await userEvent.selectOptions(within(dialog).getByTestId("onboarding-kind"), "chat");
    await userEvent.type(within(dialog).getByTestId("onboarding-vendor"), "Postmark");
    await userEvent.type(within(dialog).getByTestId("onboarding-api-version"), "v1");
    commands.opsStartOnboarding.mockImplementationOnce(() => refused("invalidInput", "The onboarding is refused (1 problem(s))\nname: 2 to 40 lower-case letters, digits and dashes, e.g. sendgrid"));
    await userEvent.click(within(dialog).getByTestId("onboarding-submit"));
    await waitFor(() => expect(within(dialog).getByTestId("onboarding-name-error")).toHaveTextContent("2 to 40 lower-case letters"));
    await userEvent.clear(within(dialog).getByTestId("onboarding-name"));
    await userEvent.type(within(dialog).getByTestId("onboarding-name"), "postmark");
    await userEvent.click(within(dialog).getByTestId("onboarding-submit"));
    await waitFor(() =>
      expect(commands.opsStartOnboarding).toHaveBeenLastCalledWith({ name: "postmark", kind: "chat", vendor: "Postmark", apiVersion: "v1", statusUrl: null, purpose: "" }),
    );
    await waitFor(() => expect(screen.queryByTestId("onboarding-dialog")).toBeNull());
  });

  it("shows security only the onboardings, where it completes the security review", async () => {
    renderView({ roles: ["security"] });
    const list = await screen.findByTestId("onboarding-list");
    expect(screen.queryByTestId("integrations-sub-list")).toBeNull();
    expect(screen.queryByTestId("onboarding-new")).toBeNull();
    expect(commands.opsIntegrations).not.toHaveBeenCalled();
    const intercom = within(list).getByTestId("onboarding-intercom");
    expect(within(intercom).getByTestId("onboarding-owner-text-security_review")).toHaveTextContent("Sue Sec");
    expect(within(intercom).getByTestId("onboarding-complete-security_review")).toBeEnabled();
    expect(within(within(list).getByTestId("onboarding-postmark")).getByTestId("onboarding-complete-staging_test")).toHaveAttribute("title", "Completed by ops");
    await userEvent.click(within(intercom).getByTestId("onboarding-complete-security_review"));
    const dialog = await screen.findByTestId("complete-step-dialog");
    await userEvent.type(within(dialog).getByTestId("complete-step-evidence"), "Pen test SEC-311: no findings");
    await userEvent.click(within(dialog).getByTestId("complete-step-submit"));
    await waitFor(() => expect(commands.opsCompleteOnboardingStep).toHaveBeenCalledWith("ob-intercom", "security_review", "Pen test SEC-311: no findings", 4));
  });
});
