import "@testing-library/jest-dom/vitest";
import { cleanup } from "@testing-library/react";
import { afterEach } from "vitest";

// jsdom lacks a few browser APIs that Radix and cmdk call.
if (!("scrollIntoView" in Element.prototype)) {
  Object.defineProperty(Element.prototype, "scrollIntoView", {
    value: function scrollIntoView() {
      // Nothing to scroll in jsdom.
    },
  });
}
if (!("ResizeObserver" in globalThis)) {
  class NoopResizeObserver {
    observe(): void {
      // jsdom has no layout, so nothing ever resizes.
    }
    unobserve(): void {
      // See observe.
    }
    disconnect(): void {
      // See observe.
    }
  }
  Object.defineProperty(globalThis, "ResizeObserver", { value: NoopResizeObserver });
}

afterEach(() => {
  cleanup();
  localStorage.clear();
});
