import type { ControllerRevisionRecord } from '@fleetscope/types';
import { mapEntryString, optionalInteger, optionalObject } from './fields.ts';
import { metadataOf, readController, readIdentity } from './metadata.ts';
import { readPodTemplate } from './pod-template.ts';
import { type ProjectionResult, project } from './result.ts';

/** The label on a ControllerRevision (and on the pods of that revision). */
export const CONTROLLER_REVISION_HASH = 'controller-revision-hash';

/**
 * Projects an apps/v1 ControllerRevision: owner, revision number, hash label and — from `data`, the
 * StatefulSet or DaemonSet patch that holds `spec.template` — the compact template the diff compares.
 * The rest of `data` is dropped on arrival.
 */
export function projectControllerRevision(raw: unknown): ProjectionResult<ControllerRevisionRecord> {
  return project('ControllerRevision', raw, (object) => {
    const metadata = metadataOf(object);
    const labels = optionalObject(metadata, 'labels', 'metadata') ?? {};
    const data = optionalObject(object, 'data', '');
    const spec = data === undefined ? undefined : optionalObject(data, 'spec', 'data');
    const template = spec === undefined ? undefined : readPodTemplate(spec);
    return {
      kind: 'ControllerRevision',
      ...readIdentity(metadata, true),
      controller: readController(metadata),
      revision: optionalInteger(object, 'revision', ''),
      hash: mapEntryString(labels, CONTROLLER_REVISION_HASH, 'metadata.labels'),
      ...(template === undefined ? {} : { template }),
    };
  });
}
