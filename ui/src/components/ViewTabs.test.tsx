import { fireEvent, render, screen } from "@testing-library/react";
import { Flag, ScrollText, Users } from "lucide-react";
import { useState } from "react";
import { describe, expect, it } from "vitest";
import { ViewTabs } from "./ViewTabs";

const VIEWS = ["staff", "audit", "flags"] as const;
type View = (typeof VIEWS)[number];
const TABS = { staff: { label: "Staff", icon: Users }, audit: { label: "Audit trail", icon: ScrollText, kbd: "A" }, flags: { label: "Flags", icon: Flag } };

function Bar() {
  const [view, setView] = useState<View>("staff");
  return (
    <>
      <ViewTabs label="Admin views" views={VIEWS} active={view} tab={(v) => TABS[v]} onOpen={setView} testIdPrefix="tab-" />
      <p data-testid="shown">{view}</p>
    </>
  );
}

describe("ViewTabs", () => {
  it("marks the active view, opens a clicked one and shows key hints", () => {
    render(<Bar />);
    expect(screen.getByRole("tablist", { name: "Admin views" })).toBeTruthy();
    expect(screen.getByTestId("tab-staff").getAttribute("aria-selected")).toBe("true");
    expect(screen.getByTestId("tab-audit").textContent).toBe("Audit trailA");
    fireEvent.click(screen.getByTestId("tab-flags"));
    expect(screen.getByTestId("shown").textContent).toBe("flags");
    expect(screen.getByTestId("tab-flags").getAttribute("aria-selected")).toBe("true");
    expect(screen.getByTestId("tab-staff").getAttribute("aria-selected")).toBe("false");
  });

  it("moves between views with the arrows, wrapping, and Home/End; only the active tab is in the Tab order", () => {
    render(<Bar />);
    const bar = screen.getByRole("tablist");
    fireEvent.keyDown(bar, { key: "ArrowRight" });
    expect(screen.getByTestId("shown").textContent).toBe("audit");
    fireEvent.keyDown(bar, { key: "ArrowLeft" });
    fireEvent.keyDown(bar, { key: "ArrowLeft" });
    expect(screen.getByTestId("shown").textContent).toBe("flags");
    fireEvent.keyDown(bar, { key: "Home" });
    expect(screen.getByTestId("shown").textContent).toBe("staff");
    fireEvent.keyDown(bar, { key: "End" });
    expect(screen.getByTestId("shown").textContent).toBe("flags");
    fireEvent.keyDown(bar, { key: "ArrowRight", ctrlKey: true });
    expect(screen.getByTestId("shown").textContent).toBe("flags");
    expect(screen.getByTestId("tab-flags").tabIndex).toBe(0);
    expect(screen.getByTestId("tab-staff").tabIndex).toBe(-1);
  });
});
