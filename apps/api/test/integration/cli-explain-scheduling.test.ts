import { parseSchedulerMessage } from '@fleetscope/diagnostics';
import { describe, expect, it } from 'vitest';
import { fleetscope, fleetscopeWithInput } from '../support/cli.ts';

// From pangeo-data/pangeo-eosc#74 (a real FailedScheduling event).
const MESSAGE =
  '0/36 nodes are available: 3 node(s) were unschedulable, 33 Insufficient nvidia.com/gpu. preemption: 0/36 nodes are available: 1 Insufficient nvidia.com/gpu, 3 Preemption is not helpful for scheduling, 32 No preemption victims found for incoming pod..';

describe('fleetscope explain-scheduling', () => {
  it('prints exactly the parsed object as JSON', async () => {
    const { code, stdout } = await fleetscope('explain-scheduling', '--format', 'json', MESSAGE);
    expect(code).toBe(0);
    const printed = JSON.parse(stdout);
    expect(printed).toEqual(parseSchedulerMessage(MESSAGE));
    expect(Object.keys(printed)).toEqual(['nodesTotal', 'reasons']);
    expect(printed.reasons[1]).toEqual({
      section: 'filter',
      count: 33,
      reason: 'Insufficient nvidia.com/gpu',
      plugin: 'NodeResourcesFit',
      resource: 'nvidia.com/gpu',
    });
  });

  it('reads the message from standard input', async () => {
    const { code, stdout } = await fleetscopeWithInput(`${MESSAGE}\n`, 'explain-scheduling', '--format=json');
    expect(code).toBe(0);
    expect(JSON.parse(stdout).nodesTotal).toBe(36);
  });

  it('explains it for a person by default', async () => {
    const { code, stdout } = await fleetscope('explain-scheduling', MESSAGE);
    expect(code).toBe(0);
    expect(stdout).toContain('none of the 36 nodes fits this pod');
    expect(stdout).toMatch(/33 nodes lack free nvidia\.com\/gpu .*\[NodeResourcesFit\]/);
    expect(stdout).toMatch(/3 nodes are cordoned/);
    expect(stdout).toMatch(/Next: GPU fit is per node/);
  });

  it.each([
    { args: ['--format', 'xml', MESSAGE], code: 1, error: /--format must be json or text/ },
    { args: ['--bogus'], code: 1, error: /unknown option --bogus/ },
  ])('refuses $args.0 with exit $code', async ({ args, code, error }) => {
    const result = await fleetscope('explain-scheduling', ...args);
    expect(result.code).toBe(code);
    expect(result.stderr).toMatch(error);
  });

  it('exits 2 when there is no message at all', async () => {
    const result = await fleetscopeWithInput('', 'explain-scheduling');
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/no message/);
  });
});
