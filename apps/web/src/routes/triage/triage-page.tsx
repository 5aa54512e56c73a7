import type { JSX } from 'react';
import { useFindingHistory, useTriage } from '../../graphql/use-triage.ts';
import { TriageView } from './triage-view.tsx';

/** Route entry for `#/triage`: scope triage, live. */
export function TriagePage({ kiosk = false }: { kiosk?: boolean }): JSX.Element {
  const result = useTriage();
  const history = useFindingHistory(result.data, result.receivedAt);
  return <TriageView result={result} history={history} kiosk={kiosk} />;
}
