/// <reference types="vitest/config" />
// The embeddable chat widget (web/widget/): one classic script, dist/widget.js, built after the app (whose build
// empties dist/). An IIFE without exports, so the only global is the `window.Parley` the script sets itself.
import { defineConfig } from 'vite';

export default defineConfig({
  publicDir: false,
  build: {
    outDir: 'dist',
    emptyOutDir: false,
    sourcemap: false,
    target: 'es2022',
    modulePreload: false,
    rolldownOptions: {
      input: 'widget/main.ts',
      output: { format: 'iife', entryFileNames: 'widget.js', codeSplitting: false },
    },
  },
});
