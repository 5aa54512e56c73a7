import { QueryClientProvider } from '@tanstack/react-query';
import { type JSX, lazy, Suspense, useEffect } from 'react';
import { PodDrawerHost } from './components/pod-drawer-host.tsx';
import { RouteErrorBoundary } from './components/route-error-boundary.tsx';
import { createAnswerCache } from './graphql/answers.ts';
import { type DisplayOptions, displayOptions, type Route, useRoute } from './router.ts';

// Every view is its own chunk: the first paint loads React and the shell only, and charts (Recharts)
// arrive with the views that draw them.
const FleetPage = lazy(() => import('./routes/fleet/fleet-page.tsx').then((m) => ({ default: m.FleetPage })));
const ClusterPage = lazy(() =>
  import('./routes/cluster/cluster-page.tsx').then((m) => ({ default: m.ClusterPage })),
);
const TriagePage = lazy(() =>
  import('./routes/triage/triage-page.tsx').then((m) => ({ default: m.TriagePage })),
);
const PoolsPage = lazy(() => import('./routes/pools/pools-page.tsx').then((m) => ({ default: m.PoolsPage })));
const ManagerPage = lazy(() =>
  import('./routes/manager/manager-page.tsx').then((m) => ({ default: m.ManagerPage })),
);
const RolloutsPage = lazy(() =>
  import('./routes/rollouts/rollouts-page.tsx').then((m) => ({ default: m.RolloutsPage })),
);
const WallPage = lazy(() => import('./routes/wall/wall-page.tsx').then((m) => ({ default: m.WallPage })));
const NotFoundPage = lazy(() =>
  import('./routes/not-found-page.tsx').then((m) => ({ default: m.NotFoundPage })),
);

function renderRoute(route: Route, options: DisplayOptions): JSX.Element {
  switch (route.view) {
    case 'fleet':
      return <FleetPage kiosk={options.kiosk} />;
    case 'triage':
      return <TriagePage kiosk={options.kiosk} />;
    case 'manager':
      return <ManagerPage />;
    case 'wall':
      return <WallPage rotateSeconds={options.rotateSeconds} />;
    case 'cluster':
      return <ClusterPage name={route.cluster} />;
    case 'pools':
      return <PoolsPage cluster={route.cluster} kiosk={options.kiosk} />;
    case 'rollouts':
      return <RolloutsPage name={route.cluster} />;
    case 'not-found':
      return <NotFoundPage path={route.path} />;
  }
}

/** One cache for the page's lifetime: a view left and come back to shows its last answer at once. */
const answerCache = createAnswerCache();

/** The shell: picks the view for the current hash route and loads it on demand. */
export function App(): JSX.Element {
  const route = useRoute();
  const options = displayOptions(window.location.search, window.location.hash);
  const kiosk = options.kiosk || route.view === 'wall';
  // Kiosk styling lives on <html>: the root font size (type scales with the screen) and no scrollbars.
  useEffect(() => {
    document.documentElement.classList.toggle('kiosk', kiosk);
  }, [kiosk]);
  return (
    <QueryClientProvider client={answerCache}>
      <RouteErrorBoundary key={JSON.stringify(route)}>
        <Suspense fallback={<p className="page-message">Loading view…</p>}>
          {renderRoute(route, options)}
        </Suspense>
      </RouteErrorBoundary>
      <PodDrawerHost />
    </QueryClientProvider>
  );
}
