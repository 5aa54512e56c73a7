import type { GitOpsTrace } from '@fleetscope/types';
import { type JsonObject, mapEntryString, optionalObject } from './fields.ts';

export const ARGOCD_TRACKING_ID = 'argocd.argoproj.io/tracking-id';
/** Argo CD's default label for label-based tracking (Helm charts set it too: see below). */
export const INSTANCE_LABEL = 'app.kubernetes.io/instance';
const MANAGED_BY_LABEL = 'app.kubernetes.io/managed-by';
export const FLUX_KUSTOMIZE_NAME = 'kustomize.toolkit.fluxcd.io/name';
const FLUX_KUSTOMIZE_NAMESPACE = 'kustomize.toolkit.fluxcd.io/namespace';
export const FLUX_HELM_NAME = 'helm.toolkit.fluxcd.io/name';
const FLUX_HELM_NAMESPACE = 'helm.toolkit.fluxcd.io/namespace';

function qualified(namespace: string, name: string): string {
  return namespace === '' ? name : `${namespace}/${name}`;
}

/**
 * Which GitOps tool applied an object, from the traces it leaves; undefined when none. Read key by
 * key (annotations can be large). In order: Argo CD's tracking annotation
 * (`<app>:<group>/<kind>:<namespace>/<name>`), Flux's Kustomization and HelmRelease labels, then
 * Argo CD's instance label — only when Helm does not claim the object, since Helm charts set the same
 * label to the release name.
 */
export function readGitOps(metadata: JsonObject): GitOpsTrace | undefined {
  const annotations = optionalObject(metadata, 'annotations', 'metadata') ?? {};
  const labels = optionalObject(metadata, 'labels', 'metadata') ?? {};
  const tracking = mapEntryString(annotations, ARGOCD_TRACKING_ID, 'metadata.annotations');
  if (tracking !== '') {
    const app = tracking.split(':')[0] ?? tracking;
    return {
      tool: 'Argo CD',
      name: app.replace('_', '/'),
      evidence: `annotation ${ARGOCD_TRACKING_ID}=${tracking}`,
    };
  }
  const kustomization = mapEntryString(labels, FLUX_KUSTOMIZE_NAME, 'metadata.labels');
  if (kustomization !== '') {
    const namespace = mapEntryString(labels, FLUX_KUSTOMIZE_NAMESPACE, 'metadata.labels');
    return {
      tool: 'Flux',
      name: qualified(namespace, kustomization),
      evidence: `label ${FLUX_KUSTOMIZE_NAME}=${kustomization} (Kustomization)`,
    };
  }
  const release = mapEntryString(labels, FLUX_HELM_NAME, 'metadata.labels');
  if (release !== '') {
    const namespace = mapEntryString(labels, FLUX_HELM_NAMESPACE, 'metadata.labels');
    return {
      tool: 'Flux',
      name: qualified(namespace, release),
      evidence: `label ${FLUX_HELM_NAME}=${release} (HelmRelease)`,
    };
  }
  const instance = mapEntryString(labels, INSTANCE_LABEL, 'metadata.labels');
  if (instance !== '' && mapEntryString(labels, MANAGED_BY_LABEL, 'metadata.labels') !== 'Helm') {
    return { tool: 'Argo CD', name: instance, evidence: `label ${INSTANCE_LABEL}=${instance}` };
  }
  return undefined;
}
