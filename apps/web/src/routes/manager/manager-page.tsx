import { type JSX, useState } from 'react';
import type { GpuHistoryGroupBy } from '../../graphql/generated/graphql.ts';
import { useManager } from '../../graphql/use-manager.ts';
import { MANAGER_RANGES, type ManagerRangeKey, rangeEndingAt } from '../../lib/gpu-usage.ts';
import { ManagerView } from './manager-view.tsx';

/** Route entry for `#/manager`: GPU allocation vs real use over days. */
export function ManagerPage(): JSX.Element {
  const [range, setRange] = useState<ManagerRangeKey>('7d');
  const [groupBy, setGroupBy] = useState<GpuHistoryGroupBy>('POOL');
  // The range ends when it was chosen (to 5 minutes): the same question is asked until the person changes it.
  const [span, setSpan] = useState(() => rangeEndingAt(Date.now(), 168));
  const result = useManager(span.from, span.to, groupBy);
  return (
    <ManagerView
      result={result}
      range={range}
      groupBy={groupBy}
      onRange={(key) => {
        setRange(key);
        setSpan(rangeEndingAt(Date.now(), MANAGER_RANGES.find((r) => r.key === key)?.hours ?? 168));
      }}
      onGroupBy={setGroupBy}
    />
  );
}
