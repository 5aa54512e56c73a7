import type {
  ClusterDetailFragment,
  ComponentHealthFieldsFragment,
  SeriesFieldsFragment,
} from './generated/graphql.ts';

/** The four API server paths, in the order the view shows them. */
export const PATH_KEYS = ['read', 'write', 'admission', 'watch'] as const;
/** The control-plane components beside the paths. */
export const COMPONENT_KEYS = ['etcd', 'scheduler', 'controllers'] as const;
/** Every part of the control plane that has its own verdict and history. */
export const CONTROL_PLANE_PARTS = [...PATH_KEYS, ...COMPONENT_KEYS] as const;

export type PathKey = (typeof PATH_KEYS)[number];
export type ComponentKey = (typeof COMPONENT_KEYS)[number];
export type ControlPlanePart = (typeof CONTROL_PLANE_PARTS)[number];

/** The verdict of one control-plane part. */
export function partHealth(
  controlPlane: ClusterDetailFragment['controlPlane'],
  part: ControlPlanePart,
): ComponentHealthFieldsFragment {
  switch (part) {
    case 'etcd':
    case 'scheduler':
    case 'controllers':
      return controlPlane[part];
    default:
      return controlPlane.paths[part];
  }
}

/** Card titles. */
export const PART_TITLES: Record<ControlPlanePart, string> = {
  read: 'Read path',
  write: 'Write path',
  admission: 'Admission path',
  watch: 'Watch path',
  etcd: 'etcd',
  scheduler: 'Scheduler',
  controllers: 'Controllers',
};

/** Series per control-plane part. */
export type SeriesByPart = Record<ControlPlanePart, SeriesFieldsFragment[]>;
