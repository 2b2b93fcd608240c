// Built by CMake (src/connect/web): `vite build --outDir <build>/ui/dist`; the takt binary embeds the result.
import { defineConfig } from "vitest/config";

export default defineConfig({
  esbuild: { jsx: "automatic", jsxImportSource: "preact" },
  resolve: { alias: { react: "preact/compat", "react-dom": "preact/compat" } },
  build: {
    target: "es2022",
    assetsDir: "assets",
    sourcemap: false,
    // Each screen is its own chunk (lazy routes), so the operator terminal loads no chart or Gantt code.
    chunkSizeWarningLimit: 1200,
  },
  test: { environment: "node", include: ["src/**/*.test.ts"] },
});
