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
