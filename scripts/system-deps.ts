/**
 * Debian packages the test suite needs (real Chromium for browser tests, real Prometheus for
 * integration tests). Installed when missing and we are root with apt; otherwise we stop with the
 * exact command to run. Tests never skip for a missing dependency.
 */
import { execFileSync, spawnSync } from 'node:child_process';
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
];

export function missingDependencies(deps: SystemDependency[]): SystemDependency[] {
  return deps.filter((d) => !d.binaries.some((b) => existsSync(b)));
}

export function ensureSystemDependencies(deps: SystemDependency[]): void {
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
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  execFileSync('apt-get', ['update', '-qq'], { stdio: 'inherit', env });
  execFileSync('apt-get', ['install', '-y', '-qq', '--no-install-recommends', ...pkgs], {
    stdio: 'inherit',
    env,
  });
  const still = missingDependencies(missing);
  if (still.length > 0) {
    console.error(`apt-get finished but ${still.map((d) => d.pkg).join(', ')} is still missing`);
    process.exit(1);
  }
}
