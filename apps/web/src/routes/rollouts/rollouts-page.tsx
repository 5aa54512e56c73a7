import type { JSX } from 'react';
import { useRollouts } from '../../graphql/use-rollouts.ts';
import { useDataRenderedMark } from '../../lib/view-marks.ts';
import { RolloutsView } from './rollouts-view.tsx';

/** Route entry for `#/clusters/<name>/rollouts`: the cluster's unfinished rollouts, live. */
export function RolloutsPage({ name }: { name: string }): JSX.Element {
  const result = useRollouts(name);
  useDataRenderedMark('rollouts', result.data !== null);
  return <RolloutsView name={name} result={result} />;
}
