/**
 * Builds the console into web/dist, which `lantern serve` serves at `/`.
 * Run from the repository root: `vite build --config web/vite.config.ts`.
 */
import { fileURLToPath } from "node:url";
import react from "@vitejs/plugin-react";
import { defineConfig } from "vite";

const webRoot = fileURLToPath(new URL(".", import.meta.url));

export default defineConfig({
  root: webRoot,
  base: "/",
  plugins: [react()],
  build: {
    outDir: fileURLToPath(new URL("./dist", import.meta.url)),
    emptyOutDir: true,
    chunkSizeWarningLimit: 1200,
  },
  server: {
    // `npm run lantern -- serve --demo` on 8110 (or LANTERN_API) answers the API during development.
    proxy: { "/api": { target: process.env.LANTERN_API ?? "http://127.0.0.1:8110", ws: true } },
  },
});
