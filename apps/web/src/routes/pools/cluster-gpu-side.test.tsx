import { render, screen } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { ClusterGpuSideLine, gpuSideFacts } from './cluster-gpu-side.tsx';

type Side = Parameters<typeof gpuSideFacts>[0];
const side = (
  operatorState: Side['gpuOperator']['operatorState'],
  dra: Side['gpuDra'],
  summary = 's',
): Side => ({
  gpuOperator: { operatorState, summary },
  gpuDra: dra,
});
const noDra: Side['gpuDra'] = { draState: 'NOT_APPLICABLE', devices: null, free: null };

describe('gpuSideFacts', () => {
  it.each([
    { name: 'ready, no DRA', input: side('READY', noDra), facts: [['GPU Operator ready', false]] },
    {
      name: 'not ready is loud, with why',
      input: side('NOT_READY', noDra, 'ClusterPolicy p notReady: OperandNotReady'),
      facts: [['GPU Operator NOT READY — ClusterPolicy p notReady: OperandNotReady', true]],
    },
    { name: 'operator not installed, no DRA: nothing', input: side('NOT_APPLICABLE', noDra), facts: [] },
    {
      name: 'unknown is said, not ready',
      input: side('UNKNOWN', noDra),
      facts: [['GPU Operator state unknown', false]],
    },
    {
      name: 'no policy',
      input: side('NO_POLICY', noDra, 'ClusterPolicy CRD present but no ClusterPolicy exists'),
      facts: [['GPU Operator: ClusterPolicy CRD present but no ClusterPolicy exists', true]],
    },
    {
      name: 'DRA counted',
      input: side('READY', { draState: 'COUNTED', devices: 16, free: 11 }),
      facts: [
        ['GPU Operator ready', false],
        ['DRA 16 devices, 11 free', false],
      ],
    },
    {
      name: 'DRA not known yet: unknown, never 0',
      input: side('NOT_APPLICABLE', { draState: 'UNKNOWN', devices: null, free: null }),
      facts: [['DRA devices unknown', false]],
    },
  ])('$name', ({ input, facts }) => {
    expect(gpuSideFacts(input).map((f) => [f.text, f.bad])).toEqual(facts);
  });

  it('draws one line, nothing when no fact applies', () => {
    const { rerender } = render(<ClusterGpuSideLine cluster={side('READY', noDra)} />);
    expect(screen.getByTestId('pools-cluster-gpu-side').textContent).toBe('GPU Operator ready');
    rerender(<ClusterGpuSideLine cluster={side('NOT_APPLICABLE', noDra)} />);
    expect(screen.queryByTestId('pools-cluster-gpu-side')).toBeNull();
  });
});
