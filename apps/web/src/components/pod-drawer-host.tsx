import { type JSX, lazy, Suspense, useCallback } from 'react';
import { hashWithPod, usePodInLocation } from '../router.ts';

// The drawer and its query are their own chunk: loaded the first time a pod is opened, never on first paint.
const PodDrawer = lazy(() => import('./pod-drawer.tsx').then((m) => ({ default: m.PodDrawer })));

/** Shows the pod drawer while the location names a pod (`?pod=` or `#/clusters/…/pods/…/…`). */
export function PodDrawerHost(): JSX.Element | null {
  const pod = usePodInLocation();
  const close = useCallback(() => {
    window.location.hash = hashWithPod(window.location.hash, null);
  }, []);
  if (pod === null) return null;
  return (
    <Suspense fallback={null}>
      <PodDrawer key={`${pod.cluster}/${pod.namespace}/${pod.name}`} pod={pod} onClose={close} />
    </Suspense>
  );
}
