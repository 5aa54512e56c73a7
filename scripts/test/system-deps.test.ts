import { describe, expect, it } from 'vitest';
import { type AptDeps, aptGet } from '../system-deps.ts';

const LOCKED =
  'E: Could not get lock /var/lib/dpkg/lock-frontend. It is held by process 4242 (apt-get)\n' +
  'E: Unable to acquire the dpkg frontend lock (/var/lib/dpkg/lock-frontend), is another process using it?';

/** A fake apt-get that answers from a script of results, on a fake clock that sleeping advances. */
function fakeApt(results: Array<{ status: number; stderr: string }>) {
  let clock = 0;
  const calls: string[][] = [];
  const logs: string[] = [];
  const deps: AptDeps = {
    run: (args) => {
      calls.push(args);
      return results[Math.min(calls.length - 1, results.length - 1)] ?? { status: 0, stderr: '' };
    },
    sleep: (ms) => {
      clock += ms;
    },
    now: () => clock,
    log: (line) => logs.push(line),
  };
  return { deps, calls, logs, elapsed: () => clock };
}

describe('aptGet', () => {
  it('waits while another apt-get holds the lock, says so once, then installs', () => {
    const apt = fakeApt([
      { status: 100, stderr: LOCKED },
      { status: 100, stderr: LOCKED },
      { status: 0, stderr: '' },
    ]);
    expect(aptGet(['install', '-y', 'chromium'], apt.deps)).toBeNull();
    expect(apt.calls).toHaveLength(3);
    expect(apt.calls[0]).toEqual(['-o', 'DPkg::Lock::Timeout=5', 'install', '-y', 'chromium']);
    expect(apt.logs).toEqual([
      'Another apt-get or dpkg holds the package lock; waiting up to 10 min for it to finish…',
    ]);
  });

  it('gives up after its bound with one clear line, not a stack trace', () => {
    const apt = fakeApt([{ status: 100, stderr: 'E: Could not get lock /var/lib/apt/lists/lock' }]);
    const failure = aptGet(['update'], apt.deps, 60_000);
    expect(failure).toBe(
      'another apt-get or dpkg still holds the package lock after 1 min; run the command again when it has finished',
    );
    expect(apt.elapsed()).toBeGreaterThanOrEqual(60_000);
    expect(apt.elapsed()).toBeLessThan(70_000);
  });

  it('does not wait on other failures, and names apt-get last words', () => {
    const apt = fakeApt([{ status: 100, stderr: 'E: Unable to locate package chromium' }]);
    expect(aptGet(['install', 'chromium'], apt.deps)).toBe(
      'apt-get install chromium failed (exit 100): E: Unable to locate package chromium',
    );
    expect(apt.calls).toHaveLength(1);
  });
});
