import type { JSX } from 'react';
import type { Connection } from '../graphql/use-live-query.ts';
import { formatClock } from '../lib/time.ts';

export interface ConnectionStatusProps {
  connection: Connection;
  receivedAt: number | null;
}

/** The state of the live feed, in words. */
export function ConnectionStatus({ connection, receivedAt }: ConnectionStatusProps): JSX.Element {
  let text: string;
  switch (connection) {
    case 'live':
      text = 'live';
      break;
    case 'reconnecting':
      text = receivedAt === null ? 'connecting…' : 'reconnecting… (polling every 10 s)';
      break;
    case 'offline':
      text =
        receivedAt === null
          ? 'offline — no data received'
          : `offline — showing data from ${formatClock(receivedAt)}`;
      break;
  }
  return (
    <div
      className={`connection connection--${connection}`}
      data-testid="connection"
      data-connection={connection}
    >
      <span className="connection__dot" aria-hidden="true" />
      {text}
    </div>
  );
}
