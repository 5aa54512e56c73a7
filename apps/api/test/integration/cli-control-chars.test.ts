import { describe, expect, it } from 'vitest';
import { fleetscope, inputFolder } from '../support/cli.ts';

const { file } = inputFolder('fleetscope-cli-ctl-');

/** Any character a terminal would act on, other than line feed and tab. */
// biome-ignore lint/suspicious/noControlCharactersInRegex: finding control characters is the test
const CONTROL = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/;

const ESC = '\u001b';
const CLEAR_SCREEN = `${ESC}[2J${ESC}[H`;
const SET_TITLE = `${ESC}]0;pwned\u0007`;
const C1_CSI = '\u009b31m';
const RTL_OVERRIDE = '\u202e';

describe('fleetscope analyze never echoes control sequences from its input', () => {
  it('escapes them in a JSON parse error, on one line', async () => {
    const path = file('evil.json', `${SET_TITLE}${CLEAR_SCREEN}\n{ "kind": ${C1_CSI}`);
    const { code, stderr } = await fleetscope('analyze', path);
    expect(code).toBe(2);
    expect(stderr).not.toMatch(CONTROL);
    expect(stderr.trimEnd().split('\n')).toHaveLength(1);
    expect(stderr).toContain('not valid JSON');
    expect(stderr).toContain('\\u001b');
  });

  it('escapes them in "Ignored kinds" and in rejected objects, without breaking lines', async () => {
    const list = {
      kind: 'List',
      items: [
        { kind: `Evil${CLEAR_SCREEN}\nFake line${RTL_OVERRIDE}`, metadata: { name: 'x' } },
        { kind: `Other${C1_CSI}`, metadata: { name: 'y' } },
        { kind: 'Pod', metadata: { name: `bad${SET_TITLE}` }, spec: 42 },
      ],
    };
    const path = file('kinds.json', JSON.stringify(list));
    const { code, stdout, stderr } = await fleetscope('analyze', path);
    expect(code).toBe(0);
    expect(stdout).not.toMatch(CONTROL);
    expect(stderr).not.toMatch(CONTROL);
    const ignored = stdout.split('\n').find((l) => l.includes('Ignored kinds'));
    expect(ignored).toContain('Evil\\u001b[2J\\u001b[H\\u000aFake line\\u202e ×1');
    expect(ignored).toContain('Other\\u009b31m ×1');
    expect(stdout).not.toMatch(/^Fake line/m);
  });

  it('keeps JSON output valid and faithful while escaping C1 controls', async () => {
    const path = file('c1.json', JSON.stringify({ kind: 'List', items: [{ kind: `Other${C1_CSI}` }] }));
    const { code, stdout } = await fleetscope('analyze', path, '--format', 'json');
    expect(code).toBe(0);
    expect(stdout).not.toMatch(CONTROL);
    const report = JSON.parse(stdout) as { ignored: Record<string, number> };
    expect(report.ignored).toEqual({ [`Other${C1_CSI}`]: 1 });
  });

  it('escapes them in malformed exposition lines', async () => {
    const path = file(
      'evil.prom',
      `apiserver_request_total{verb="GET"} 1\n${CLEAR_SCREEN}garbage ${C1_CSI}\n`,
    );
    const { stderr } = await fleetscope('analyze', '--metrics', path);
    expect(stderr).not.toMatch(CONTROL);
  });
});
