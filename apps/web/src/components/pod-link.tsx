import type { JSX, MouseEvent, ReactNode } from 'react';
import { hashWithPod, type PodRef } from '../router.ts';

export interface PodLinkProps {
  pod: PodRef;
  children?: ReactNode;
  className?: string;
}

/**
 * A pod's name as a link that opens its explanation (the pod drawer) over the current view: `?pod=` on the
 * current route, so the link can be shared and the view stays put. The href is computed again at click
 * time, since a memoised card may have been drawn under another hash.
 */
export function PodLink({ pod, children, className }: PodLinkProps): JSX.Element {
  const onClick = (e: MouseEvent<HTMLAnchorElement>): void => {
    if (e.button !== 0 || e.metaKey || e.ctrlKey || e.shiftKey || e.altKey) return;
    e.preventDefault();
    window.location.hash = hashWithPod(window.location.hash, pod);
  };
  return (
    <a
      href={hashWithPod(window.location.hash, pod)}
      onClick={onClick}
      className={className === undefined ? 'pod-link' : `pod-link ${className}`}
      data-testid="pod-link"
      data-pod={`${pod.namespace}/${pod.name}`}
      title={`Why ${pod.namespace}/${pod.name} is not serving`}
    >
      {children ?? `${pod.namespace}/${pod.name}`}
    </a>
  );
}
