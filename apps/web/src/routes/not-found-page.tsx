import type { JSX } from 'react';
import { FLEET_HREF } from '../router.ts';

export function NotFoundPage({ path }: { path: string }): JSX.Element {
  return (
    <div className="page-message">
      <h1>No view at {path}</h1>
      <p>
        <a href={FLEET_HREF}>Back to the fleet</a>
      </p>
    </div>
  );
}
