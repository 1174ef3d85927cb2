import { defineConfig } from '@playwright/test';
import { PORTS } from './ports';

import { dirname } from 'node:path';

// Each app runs on its own port from what `./x build` made: the demos' debug binary (the one
// `cargo test` builds), the custom app as `cargo leptos build` makes it, the first app's release.
const run = (command: string, port: number, env: Record<string, string> = {}, cwd?: string) => ({
  command,
  cwd,
  url: `http://127.0.0.1:${port}/config`,
  env: { LEPTOS_SITE_ADDR: `127.0.0.1:${port}`, RUST_LOG: 'warn', ...env },
  reuseExistingServer: false,
  timeout: 30_000,
});
// The demos use only built-in components: the bundle embedded in the binary.
const server = (demo: string, port: number) => run(`../target/debug/ferrio-demo ${demo}`, port);
// The README's first app, built by `./x build` outside the workspace and run alone from an
// otherwise empty directory.
const firstApp = process.env.FIRST_APP;
if (!firstApp) {
  throw new Error('FIRST_APP (the first app\'s binary) is set by ./x e2e');
}

export default defineConfig({
  testDir: './tests',
  timeout: 30_000,
  expect: { timeout: 10_000 },
  fullyParallel: true,
  workers: 2,
  forbidOnly: !!process.env.CI,
  reporter: [['list']],
  use: {
    trace: 'retain-on-failure',
    launchOptions: {
      // Debian's Chromium; Playwright's own browser download is never used.
      executablePath: '/usr/bin/chromium',
      args: [
        '--headless',
        '--no-sandbox',
        '--disable-gpu',
        '--disable-quic',
        '--no-first-run',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
        '--disable-dev-shm-usage',
        // A stand-in camera and microphone, allowed without asking (the capture tests).
        '--use-fake-ui-for-media-stream',
        '--use-fake-device-for-media-stream',
      ],
    },
  },
  webServer: [
    server('reference', PORTS.reference),
    server('hello', PORTS.hello),
    server('typewriter', PORTS.typewriter),
    server('interface', PORTS.interface),
    server('kitchen-sink', PORTS.kitchenSink),
    // An app with a custom component: its own wasm, from the site cargo-leptos built.
    run('../target/debug/ferrio-custom-app', PORTS.customComponent, {
      LEPTOS_SITE_ROOT: '../target/site',
    }),
    run(firstApp, PORTS.firstApp, {}, dirname(firstApp)),
    server('image', PORTS.image),
    server('tabbed', PORTS.tabbed),
    server('chat', PORTS.chat),
    server('multimodal-chat', PORTS.multimodalChat),
    server('big', PORTS.big),
  ],
});
