/// <reference types="vitest/config" />
import tailwindcss from '@tailwindcss/vite';
import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

// During `npm run dev` the API runs elsewhere (default: a local `parley serve` on :8080).
const apiTarget = process.env.PARLEY_API ?? 'http://127.0.0.1:8080';

export default defineConfig({
  plugins: [react(), tailwindcss()],
  server: {
    proxy: {
      '/api': { target: apiTarget, changeOrigin: false },
      '/healthz': apiTarget,
      '/readyz': apiTarget,
      // Live updates (Socket.IO over WebSocket).
      '/socket.io': { target: apiTarget, ws: true },
      // The demo's WhatsApp simulator (customer phone page).
      '/sim': apiTarget,
    },
  },
  build: {
    sourcemap: true,
    rolldownOptions: {
      output: {
        // Libraries change less often than the app: separate chunks stay cached across deploys.
        codeSplitting: {
          groups: [
            // use-sync-external-store: react-i18next's (first page) and zustand's (React Flow), so not in the xyflow chunk.
            { name: 'react', test: /node_modules[\\/](react|react-dom|scheduler|react-router|use-sync-external-store)[\\/]/ },
            // Only the deals board uses dnd-kit: its own chunk, loaded with the board (not with every page).
            { name: 'dnd-kit', test: /node_modules[\\/]@dnd-kit[\\/]/ },
            // Only the QR card of a QR-linked number draws codes: its own chunk, loaded with that card.
            { name: 'qrcode', test: /node_modules[\\/]qrcode\.react[\\/]/ },
            // d3's colour, interpolation, easing and timer modules serve both React Flow and Recharts: their own small
            // chunk, so neither pulls in the other's.
            { name: 'd3-common', test: /node_modules[\\/]d3-(color|interpolate|ease|timer)[\\/]/ },
            // Only the flow builder draws graphs: React Flow and what it brings (d3 zoom and drag, zustand) load with it.
            { name: 'xyflow', test: /node_modules[\\/](@xyflow|d3-(dispatch|drag|selection|transition|zoom)|zustand|classcat)[\\/]/ },
            // Only a campaign's live page draws charts: Recharts and what it brings (its d3 scales and shapes, Redux) load with it.
            {
              name: 'charts',
              test: /node_modules[\\/](recharts|victory-vendor|d3-(array|format|path|scale|shape|time|time-format)|@reduxjs|redux|redux-thunk|react-redux|immer|reselect|es-toolkit|eventemitter3|tiny-invariant|decimal\.js-light|react-is|internmap)[\\/]/,
            },
            { name: 'vendor', test: /node_modules[\\/]/ },
          ],
        },
      },
    },
  },
  test: {
    environment: 'jsdom',
    globals: true,
    setupFiles: ['./src/test/setup.ts'],
    css: false,
    include: ['src/**/*.test.{ts,tsx}', 'widget/**/*.test.ts'],
  },
});
