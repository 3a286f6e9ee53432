import { chromium, type Browser, type Page } from 'playwright-core';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { freshProfile, installExtension, provisionedPaths, REPO_ROOT, startCodeServer, type RunningServer } from './vscode-server';

/** Debian's chromium, with the flags a machine without internet needs to start quickly. */
export async function launchBrowser(): Promise<Browser> {
  return chromium.launch({
    executablePath: provisionedPaths().chromium,
    headless: true,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
}

export async function newWorkbenchPage(browser: Browser): Promise<Page> {
  const context = await browser.newContext({ viewport: { width: 1400, height: 900 } });
  return context.newPage();
}

export const SCREENSHOT_DIR = join(REPO_ROOT, 'test', 'e2e', 'screenshots');

export async function screenshot(page: Page, name: string): Promise<string> {
  mkdirSync(SCREENSHOT_DIR, { recursive: true });
  const file = join(SCREENSHOT_DIR, `${name.replace(/[^a-z0-9-]+/gi, '-').toLowerCase()}.png`);
  await page.screenshot({ path: file });
  return file;
}

/** The packaged extension in a fresh code-server profile, opened on `folder` in chromium. */
export async function openPackagedExtensionOn(folder: string): Promise<{ server: RunningServer; browser: Browser; page: Page }> {
  const profile = freshProfile();
  installExtension(join(REPO_ROOT, 'preflight.vsix'), profile.extensionsDir, profile.userDataDir);
  const server = await startCodeServer({ folder, ...profile });
  const browser = await launchBrowser();
  const page = await newWorkbenchPage(browser);
  await page.goto(`${server.url}/?folder=${encodeURIComponent(folder)}`);
  await page.waitForSelector('.monaco-workbench', { timeout: 90_000 });
  return { server, browser, page };
}

/**
 * Quick Open (Ctrl+P) a file by name, or (F1) run a command by its palette title, and click the row.
 * A key pressed while the workbench moves focus (a view or editor opening) can be lost, and a quick
 * input that loses focus to a late editor closes: each failed step starts again from the key.
 */
export async function pickFromQuickInput(page: Page, key: 'Control+P' | 'F1', query: string, row: string): Promise<void> {
  const input = page.locator('.quick-input-widget input');
  const entry = page.locator('.quick-input-list .monaco-list-row', { hasText: row }).first();
  for (let attempt = 1; ; attempt++) {
    try {
      await page.keyboard.press(key);
      await input.waitFor({ timeout: 5_000 });
      await input.fill(query, { timeout: 5_000 });
      await entry.click({ timeout: 10_000 });
      return;
    } catch (error) {
      if (attempt === 3) throw error;
      await page.keyboard.press('Escape');
    }
  }
}

/** `row`: the row's text where it differs from the title (the palette shows some commands without their category). */
export async function runPaletteCommand(page: Page, title: string, row = title): Promise<void> {
  await pickFromQuickInput(page, 'F1', `>${title}`, row);
}

export async function showProblemsPanel(page: Page): Promise<void> {
  if (await page.locator('.markers-panel').isVisible()) return;
  await runPaletteCommand(page, 'View: Focus on Problems View', 'Focus on Problems View');
}
