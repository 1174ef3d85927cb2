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

/** Opens the app and waits until hydration has made it live (an Effect sets the attribute). */
export async function openApp(page: Page, url: string) {
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  await page.goto(url);
  await expect(page.locator('.ferrio-app[data-hydrated="true"]')).toBeVisible();
  return errors;
}
export const FIRST_APP = `http://127.0.0.1:${PORTS.firstApp}`;
