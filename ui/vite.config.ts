import react from "@vitejs/plugin-react";
import type { Plugin } from "vite";
import { defineConfig } from "vitest/config";

/**
 * The Tauri window freezes Object.prototype (`freezePrototype` in tauri.conf.json). ECharts'
 * Scheduler copies every enumerable name of a class prototype onto a plain object at import,
 * `constructor` included; assigning over the inherited, now read-only, `constructor` throws
 * (the "override mistake"), and the whole module fails to load. Defining the property instead
 * of assigning it is what the code means, and works with the prototype frozen. The build stops
 * if an ECharts update changes that line, so the patch is never silently lost.
 */
function echartsUnderFrozenPrototype(): Plugin {
  const from = "target[name_1] = noop;";
  const to = "Object.defineProperty(target, name_1, { value: noop, writable: true, configurable: true, enumerable: true });";
  return {
    name: "echarts-under-frozen-prototype",
    transform(code, id) {
      if (!id.replace(/\\/g, "/").endsWith("/echarts/lib/core/Scheduler.js")) return null;
      if (!code.includes(from)) this.error("ECharts' Scheduler changed: re-check the frozen-prototype patch in vite.config.ts");
      return { code: code.replace(from, to), map: null };
    },
  };
}

// Tauri serves the built files from disk and loads the dev server on a fixed port.
export default defineConfig({
  base: "./",
  plugins: [react(), echartsUnderFrozenPrototype()],
  clearScreen: false,
  server: {
    port: 1420,
    strictPort: true,
    watch: { ignored: ["**/src-tauri/**"] },
  },
  envPrefix: ["VITE_", "TAURI_ENV_"],
  build: {
    outDir: "dist",
    emptyOutDir: true,
    target: "es2022",
    sourcemap: false,
  },
  test: {
    environment: "jsdom",
    include: ["src/**/*.test.{ts,tsx}"],
    setupFiles: ["src/test/setup.ts"],
    restoreMocks: true,
  },
});
