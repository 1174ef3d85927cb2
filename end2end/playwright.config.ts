import { defineConfig } from '@playwright/test';
import { PORTS } from './ports';

// Each demo runs from the release build (`./x build`) on its own port.
const server = (demo: string, port: number) => ({
  command: `../target/release/ferrio-demo ${demo}`,
  url: `http://127.0.0.1:${port}/config`,
  env: {
    LEPTOS_SITE_ADDR: `127.0.0.1:${port}`,
    LEPTOS_SITE_ROOT: '../target/site',
    RUST_LOG: 'warn',
  },
  reuseExistingServer: false,
  timeout: 30_000,
});

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
    server('custom-component', PORTS.customComponent),
    server('image', PORTS.image),
    server('tabbed', PORTS.tabbed),
    server('chat', PORTS.chat),
    server('multimodal-chat', PORTS.multimodalChat),
  ],
});
