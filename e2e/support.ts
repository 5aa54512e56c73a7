import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { type Browser, chromium } from 'playwright-core';

export const REPO = fileURLToPath(new URL('..', import.meta.url));
export const SCREENSHOTS = join(REPO, 'artifacts', 'screenshots');
const MAIN = join(REPO, 'apps/api/dist/apps/api/src/main.js');
const CHROMIUM = ['/usr/bin/chromium', '/usr/lib/chromium/chromium'].find((p) => existsSync(p));

export interface DemoServer {
  url: string;
  /** Everything the server printed on stdout so far. */
  stdout(): string;
  stop(): Promise<void>;
}

/** Starts the server exactly as `npm start` does (built API, embedded simulated fleet, built web app). */
export async function startDemoServer(env: Record<string, string> = {}): Promise<DemoServer> {
  if (!existsSync(MAIN) || !existsSync(join(REPO, 'apps/web/dist/index.html'))) {
    throw new Error('the API or web build is missing: run `npm run build` first (npm test does)');
  }
  const child: ChildProcess = spawn(process.execPath, [MAIN, '--port', '0', '--log-level', 'warn'], {
    cwd: REPO,
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, ...env },
  });
  let out = '';
  child.stdout?.on('data', (d) => {
    out += String(d);
  });
  let stderr = '';
  child.stderr?.on('data', (d) => {
    stderr += String(d);
  });
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`server did not start in 60 s:\n${stderr}`)), 60_000);
    child.stdout?.on('data', () => {
      const match = /Fleetscope is up: (http:\/\/\S+)/.exec(out);
      if (match?.[1]) {
        clearTimeout(timer);
        resolve(match[1]);
      }
    });
    child.on('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`server exited with ${code}:\n${stderr}`));
    });
  });
  return {
    url,
    stdout: () => out,
    stop: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null) return resolve();
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
      }),
  };
}

/** Debian's Chromium, headless, with no background networking (Playwright gives each launch a fresh profile). */
export async function launchChromium(): Promise<Browser> {
  if (!CHROMIUM)
    throw new Error('chromium is not installed: apt-get install -y chromium (npm test installs it)');
  mkdirSync(SCREENSHOTS, { recursive: true });
  return chromium.launch({
    executablePath: CHROMIUM,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
    ],
  });
}
