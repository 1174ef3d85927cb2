import { expect, test } from '@playwright/test';
import { HELLO, openApp } from './helpers';

test('markdown is rendered and the layout holds the components', async ({ page }) => {
  await openApp(page, HELLO);
  await expect(page.getByRole('heading', { name: 'Hello, Ferrio' })).toBeVisible();
  await expect(page.locator('.markdown strong')).toHaveText('Greet');
  await expect(page.locator('.row .column').getByLabel('Name')).toBeVisible();
});

test('greet: click the primary button', async ({ page }) => {
  await openApp(page, HELLO);
  await page.getByLabel('Name').fill('Ada');
  await page.getByLabel('Excitement').fill('3');
  await page.getByRole('button', { name: 'Greet' }).click();
  await expect(page.getByLabel('Greeting')).toHaveValue('Hello, Ada!!!');
});

test('greet: press Enter in the name box', async ({ page }) => {
  await openApp(page, HELLO);
  await page.getByLabel('Name').fill('Grace');
  await page.getByLabel('Name').press('Enter');
  await expect(page.getByLabel('Greeting')).toHaveValue('Hello, Grace!');
});

test("the function's error is shown next to the output", async ({ page }) => {
  await openApp(page, HELLO);
  await page.getByLabel('Name').fill('   ');
  await page.getByRole('button', { name: 'Greet' }).click();
  await expect(page.getByRole('alert')).toHaveText('Please enter a name.');
  await page.getByLabel('Name').fill('Ada');
  await page.getByRole('button', { name: 'Greet' }).click();
  await expect(page.getByLabel('Greeting')).toHaveValue('Hello, Ada!');
  await expect(page.getByRole('alert')).toHaveCount(0);
});

test('a warning from inside the function shows as a toast that can be closed', async ({ page }) => {
  await openApp(page, HELLO);
  await page.getByLabel('Name').fill('Ada');
  await page.getByLabel('Excitement').fill('7');
  await page.getByRole('button', { name: 'Greet' }).click();
  await expect(page.getByLabel('Greeting')).toHaveValue('Hello, Ada!!!!!!!');
  const toast = page.getByRole('status').filter({ hasText: 'That is a lot of excitement!' });
  await expect(toast).toBeVisible();
  await expect(toast).toContainText('Warning');
  await toast.getByRole('button', { name: 'Close' }).click();
  await expect(toast).toHaveCount(0);
});

test('a .success step runs after each greeting, and not after an error', async ({ page }) => {
  await openApp(page, HELLO);
  const history = page.getByLabel('Greeted so far');
  await page.getByLabel('Name').fill('Ada');
  await page.getByRole('button', { name: 'Greet' }).click();
  await expect(history).toHaveValue('Hello, Ada!');
  await page.getByLabel('Name').fill('Bob');
  await page.getByLabel('Name').press('Enter');
  await expect(history).toHaveValue('Hello, Ada!\nHello, Bob!');
  await page.getByLabel('Name').fill('');
  await page.getByRole('button', { name: 'Greet' }).click();
  await expect(page.getByRole('alert')).toHaveText('Please enter a name.');
  await page.waitForTimeout(300);
  await expect(history).toHaveValue('Hello, Ada!\nHello, Bob!');
});

test('the slider moves with the keyboard, shows its value, and the function gets it', async ({ page }) => {
  await openApp(page, HELLO);
  const slider = page.getByRole('slider', { name: 'Excitement' });
  await expect(slider).toHaveValue('1');
  await slider.focus();
  await page.keyboard.press('ArrowRight');
  await page.keyboard.press('ArrowRight');
  await expect(slider).toHaveValue('3');
  await expect(page.locator('.block.slider output')).toHaveText('3');
  await page.getByLabel('Name').fill('Ada');
  await page.getByRole('button', { name: 'Greet' }).click();
  await expect(page.getByLabel('Greeting')).toHaveValue('Hello, Ada!!!');
});

test('load runs once per visit: the page fills in its welcome by itself', async ({ page }) => {
  await openApp(page, HELLO);
  const visits = page.getByLabel('Visits');
  await expect(visits).toHaveValue(/^Welcome! This page has been opened \d+ times?\.$/);
  const count = async () => Number((await visits.inputValue()).match(/\d+/)?.[0] ?? -1);
  const first = await count();
  // Typing elsewhere doesn't run it again.
  await page.getByLabel('Name').fill('Ada');
  await page.waitForTimeout(300);
  expect(await count()).toBe(first);
  await page.reload();
  await expect(page.locator('.ferrio-app[data-hydrated="true"]')).toBeVisible();
  await expect.poll(count).toBeGreaterThan(first);
});
