/**
 * Debian packages the test suite needs (real Chromium for browser tests, real Prometheus for
 * integration tests). Installed when missing and we are root with apt; otherwise we stop with the
 * exact command to run. Tests never skip for a missing dependency.
 */
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';

export interface SystemDependency {
  /** Debian package name. */
  pkg: string;
  /** Paths, any of which proves the dependency is present. */
  binaries: string[];
}

export const TEST_DEPENDENCIES: SystemDependency[] = [
  { pkg: 'chromium', binaries: ['/usr/bin/chromium', '/usr/lib/chromium/chromium'] },
  { pkg: 'prometheus', binaries: ['/usr/bin/prometheus'] },
  // The broker of the sharded mode's failover test (started on loopback by the test itself).
  { pkg: 'redis-server', binaries: ['/usr/bin/redis-server'] },
];

/** How long we wait for another apt-get or dpkg (an unattended upgrade, a colleague) to let go of its lock. */
export const LOCK_WAIT_MS = 10 * 60_000;
const LOCK_RETRY_MS = 5_000;

export function missingDependencies(deps: SystemDependency[]): SystemDependency[] {
  return deps.filter((d) => !d.binaries.some((b) => existsSync(b)));
}

/** Runs one apt-get command: its exit status and what it printed on stderr. */
export type AptRunner = (args: string[]) => { status: number | null; stderr: string };

export interface AptDeps {
  run: AptRunner;
  sleep(ms: number): void;
  now(): number;
  log(line: string): void;
}

/** apt-get's words when another process holds the dpkg, frontend or lists lock. */
const LOCKED =
  /Could not get lock|Unable to lock|Unable to acquire the dpkg frontend lock|is another process using it/i;

/**
 * Runs an apt-get command, waiting (bounded) while another package manager holds a lock. apt's own
 * DPkg::Lock::Timeout covers the dpkg lock; the retry loop also covers the lists lock of `update`.
 * Returns null on success, or the one-line reason it failed.
 */
export function aptGet(args: string[], deps: AptDeps, waitMs = LOCK_WAIT_MS): string | null {
  const deadline = deps.now() + waitMs;
  const withTimeout = ['-o', `DPkg::Lock::Timeout=${Math.ceil(LOCK_RETRY_MS / 1000)}`, ...args];
  let told = false;
  for (;;) {
    const result = deps.run(withTimeout);
    if (result.status === 0) return null;
    if (!LOCKED.test(result.stderr)) {
      const last = result.stderr.trim().split('\n').at(-1) ?? '';
      return `apt-get ${args.join(' ')} failed (exit ${result.status ?? 'signal'})${last ? `: ${last}` : ''}`;
    }
    if (deps.now() >= deadline) {
      return `another apt-get or dpkg still holds the package lock after ${Math.round(waitMs / 60_000)} min; run the command again when it has finished`;
    }
    if (!told) {
      deps.log(
        `Another apt-get or dpkg holds the package lock; waiting up to ${Math.round(waitMs / 60_000)} min for it to finish…`,
      );
      told = true;
    }
    deps.sleep(LOCK_RETRY_MS);
  }
}

const realApt: AptDeps = {
  run: (args) => {
    const result = spawnSync('apt-get', args, {
      stdio: ['ignore', 'inherit', 'pipe'],
      env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' },
      encoding: 'utf8',
    });
    if (result.stderr) process.stderr.write(result.stderr);
    return { status: result.status, stderr: result.stderr ?? String(result.error ?? '') };
  },
  sleep: (ms) => Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms),
  now: () => Date.now(),
  log: (line) => console.log(line),
};

export function ensureSystemDependencies(deps: SystemDependency[], apt: AptDeps = realApt): void {
  const missing = missingDependencies(deps);
  if (missing.length === 0) return;
  const pkgs = missing.map((d) => d.pkg);
  const command = `apt-get update && apt-get install -y --no-install-recommends ${pkgs.join(' ')}`;
  const isRoot = process.getuid?.() === 0;
  const hasApt = spawnSync('sh', ['-c', 'command -v apt-get'], { stdio: 'ignore' }).status === 0;
  if (!isRoot || !hasApt) {
    console.error(
      `Missing system packages for the tests: ${pkgs.join(', ')}.\nInstall them with:\n  sudo ${command}`,
    );
    process.exit(1);
  }
  console.log(`Installing system packages for the tests: ${pkgs.join(', ')} (about 3 minutes)…`);
  const failure =
    aptGet(['update', '-qq'], apt) ??
    aptGet(['install', '-y', '-qq', '--no-install-recommends', ...pkgs], apt);
  if (failure) {
    console.error(`✗ ${failure}\n  The command: ${command}`);
    process.exit(1);
  }
  const still = missingDependencies(missing);
  if (still.length > 0) {
    console.error(`apt-get finished but ${still.map((d) => d.pkg).join(', ')} is still missing`);
    process.exit(1);
  }
}
