import { fireEvent, render, screen } from "@testing-library/react";
import { describe, expect, it, vi } from "vitest";
import { ListPosition } from "./grid";
import { useKeyboardTable, type KeyboardTableOptions } from "./useKeyboardTable";

const NAMES = Array.from({ length: 30 }, (_, i) => `r${i}`);

function Table({ open = null, onOpen, onChoose, options }: { open?: string | null; onOpen: (name: string) => void; onChoose: (name: string) => void; options?: KeyboardTableOptions }) {
  const { current, table, body, onKeyDown, openRow } = useKeyboardTable(NAMES, open, onOpen, onChoose, options);
  return (
    <table ref={table} role="grid" tabIndex={0} data-testid="grid" onKeyDown={onKeyDown}>
      <tbody ref={body}>
        {NAMES.map((n, i) => (
          <tr key={n} data-testid={`row-${n}`} aria-selected={i === current} onClick={() => openRow(i)}>
            <td>{n}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

const chosen = () => screen.getAllByRole("row").findIndex((r) => r.getAttribute("aria-selected") === "true");

describe("useKeyboardTable", () => {
  it("takes focus, starts on the open record, moves ten rows a page, and Enter opens the choice", () => {
    const onOpen = vi.fn();
    const onChoose = vi.fn();
    render(<Table open="r3" onOpen={onOpen} onChoose={onChoose} />);
    const grid = screen.getByTestId("grid");
    expect(grid).toHaveFocus();
    expect(chosen()).toBe(3);
    fireEvent.keyDown(grid, { key: "j" });
    fireEvent.keyDown(grid, { key: "PageDown" });
    expect(chosen()).toBe(14);
    expect(onChoose).toHaveBeenLastCalledWith("r14");
    fireEvent.keyDown(grid, { key: "Enter" });
    expect(onOpen).toHaveBeenCalledWith("r14");
    fireEvent.keyDown(grid, { key: "End", ctrlKey: true });
    expect(chosen()).toBe(14);
  });

  it("with a position starts where the list was left, notes each choice, pages and scrolls as told", () => {
    const onOpen = vi.fn();
    const position = new ListPosition();
    position.saveSelected(5);
    const scrollTo = vi.fn();
    render(<Table open="r3" onOpen={onOpen} onChoose={vi.fn()} options={{ position, pageRows: () => 4, scrollTo }} />);
    const grid = screen.getByTestId("grid");
    expect(chosen()).toBe(5);
    fireEvent.keyDown(grid, { key: "PageDown" });
    expect(chosen()).toBe(9);
    expect(position.selected).toBe(9);
    expect(scrollTo).toHaveBeenCalledWith(9);
    fireEvent.click(screen.getByTestId("row-r2"));
    expect(onOpen).toHaveBeenCalledWith("r2");
    expect(position.selected).toBe(2);
  });
});
