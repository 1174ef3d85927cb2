import { expect, Page } from '@playwright/test';
import { PORTS } from '../ports';

export const REFERENCE = `http://127.0.0.1:${PORTS.reference}`;
export const HELLO = `http://127.0.0.1:${PORTS.hello}`;
export const TYPEWRITER = `http://127.0.0.1:${PORTS.typewriter}`;
export const INTERFACE = `http://127.0.0.1:${PORTS.interface}`;
export const KITCHEN_SINK = `http://127.0.0.1:${PORTS.kitchenSink}`;
export const CUSTOM_COMPONENT = `http://127.0.0.1:${PORTS.customComponent}`;
export const IMAGE = `http://127.0.0.1:${PORTS.image}`;
export const TABBED = `http://127.0.0.1:${PORTS.tabbed}`;
export const CHAT = `http://127.0.0.1:${PORTS.chat}`;
export const MULTIMODAL_CHAT = `http://127.0.0.1:${PORTS.multimodalChat}`;
export const BIG = `http://127.0.0.1:${PORTS.big}`;

/** Opens the app and waits until hydration has made it live (an Effect sets the attribute). */
export async function openApp(page: Page, url: string) {
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  await page.goto(url);
  await expect(page.locator('.ferrio-app[data-hydrated="true"]')).toBeVisible();
  return errors;
}
/** The view chunks' files (`split_<chunk>.wasm`) the page fetches from now on, by chunk name. */
export function viewChunksFetched(page: Page): Set<string> {
  const chunks = new Set<string>();
  page.on('request', (r) => {
    const own = r.url().match(/\/pkg\/[0-9a-f]{16}\/split_(\w+)\.wasm$/);
    if (own) chunks.add(own[1]);
  });
  return chunks;
}

export const FIRST_APP = `http://127.0.0.1:${PORTS.firstApp}`;

/** A PNG drawn in the page: `width`×`height`, left column red, the rest blue. */
export async function png(page: Page, width: number, height: number): Promise<Buffer> {
  const base64 = await page.evaluate(
    ([w, h]) => {
      const canvas = document.createElement('canvas');
      canvas.width = w;
      canvas.height = h;
      const ctx = canvas.getContext('2d')!;
      ctx.fillStyle = 'blue';
      ctx.fillRect(0, 0, w, h);
      ctx.fillStyle = 'red';
      ctx.fillRect(0, 0, 1, h);
      return canvas.toDataURL('image/png').split(',')[1];
    },
    [width, height],
  );
  return Buffer.from(base64, 'base64');
}

/** The image component labelled `label`. */
export function imageBlock(page: Page, label: string) {
  return page.locator('[data-testid^="image-"]', { hasText: label });
}

/** The natural size of the picture an image component shows, once it has loaded. */
export async function shownSize(page: Page, label: string) {
  const img = imageBlock(page, label).locator('img.image-shown');
  await expect(img).toBeVisible();
  await expect
    .poll(() => img.evaluate((el: HTMLImageElement) => el.complete && el.naturalWidth))
    .toBeTruthy();
  return img.evaluate((el: HTMLImageElement) => [el.naturalWidth, el.naturalHeight]);
}
