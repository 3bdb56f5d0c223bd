import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

/** `npm run dev -w web` proxies the API of a running `npm start` (or API_URL / ADMIN_URL). */
const apiUrl = process.env.API_URL ?? 'http://127.0.0.1:8080';
const adminUrl = process.env.ADMIN_URL ?? 'http://127.0.0.1:8081';

export default defineConfig({
  plugins: [react()],
  build: {
    manifest: true,
    target: 'es2022',
    // hls.js alone is ~580 kB (180 kB gzipped) and loads only on the player page.
    chunkSizeWarningLimit: 600,
  },
  server: {
    proxy: {
      '/api/admin': { target: adminUrl },
      '/api': { target: apiUrl },
    },
  },
});
