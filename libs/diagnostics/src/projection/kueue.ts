import type {
  ClusterQueueRecord,
  KueueWorkloadRecord,
  LocalQueueRecord,
  QueueQuota,
} from '@fleetscope/types';
import { readConditions } from './conditions.ts';
import {
  elementObject,
  nullableInteger,
  optionalArray,
  optionalInteger,
  optionalObject,
  optionalString,
  parseQuantity,
  requiredString,
} from './fields.ts';
import { metadataOf, readController, readCreatedAt, readIdentity } from './metadata.ts';
import { type ProjectionResult, project } from './result.ts';

/**
 * Projects a Kueue Workload (kueue.x-k8s.io v1beta1 or v1beta2: the fields read here are the same in
 * both): its queue, owner, admission and conditions.
 */
export function projectKueueWorkload(raw: unknown): ProjectionResult<KueueWorkloadRecord> {
  return project('Workload', raw, (object) => {
    const metadata = metadataOf(object);
    const spec = optionalObject(object, 'spec', '') ?? {};
    const status = optionalObject(object, 'status', '') ?? {};
    const admission = optionalObject(status, 'admission', 'status') ?? {};
    const refs = optionalArray(metadata, 'ownerReferences', 'metadata');
    const ownerUids = refs.map((r, i) =>
      requiredString(
        elementObject(r, 'metadata.ownerReferences', i),
        'uid',
        `metadata.ownerReferences[${i}]`,
      ),
    );
    let podCount = 0;
    const podSets = optionalArray(spec, 'podSets', 'spec');
    for (let i = 0; i < podSets.length; i++) {
      podCount += optionalInteger(
        elementObject(podSets[i], 'spec.podSets', i),
        'count',
        `spec.podSets[${i}]`,
        1,
      );
    }
    return {
      kind: 'Workload',
      ...readIdentity(metadata, true),
      createdAt: readCreatedAt(metadata),
      queueName: optionalString(spec, 'queueName', 'spec'),
      priority: nullableInteger(spec, 'priority', 'spec'),
      owner: readController(metadata),
      ownerUids,
      admittedClusterQueue: optionalString(admission, 'clusterQueue', 'status.admission'),
      conditions: readConditions(status, 'status'),
      podCount,
    };
  });
}

/** Projects a Kueue ClusterQueue: cohort, nominal quota per flavor and resource, what is reserved. */
export function projectClusterQueue(raw: unknown): ProjectionResult<ClusterQueueRecord> {
  return project('ClusterQueue', raw, (object) => {
    const metadata = metadataOf(object);
    const spec = optionalObject(object, 'spec', '') ?? {};
    const status = optionalObject(object, 'status', '') ?? {};
    const reserved = new Map<string, number>();
    const reservations = optionalArray(status, 'flavorsReservation', 'status');
    for (let i = 0; i < reservations.length; i++) {
      const flavor = elementObject(reservations[i], 'status.flavorsReservation', i);
      const name = optionalString(flavor, 'name', `status.flavorsReservation[${i}]`);
      const resources = optionalArray(flavor, 'resources', `status.flavorsReservation[${i}]`);
      for (let j = 0; j < resources.length; j++) {
        const r = elementObject(resources[j], `status.flavorsReservation[${i}].resources`, j);
        const total = parseQuantity(r.total);
        if (total !== null) reserved.set(`${name}/${optionalString(r, 'name', '')}`, total);
      }
    }
    const quotas: QueueQuota[] = [];
    const groups = optionalArray(spec, 'resourceGroups', 'spec');
    for (let g = 0; g < groups.length; g++) {
      const group = elementObject(groups[g], 'spec.resourceGroups', g);
      const flavors = optionalArray(group, 'flavors', `spec.resourceGroups[${g}]`);
      for (let f = 0; f < flavors.length; f++) {
        const fpath = `spec.resourceGroups[${g}].flavors[${f}]`;
        const flavor = elementObject(flavors[f], `spec.resourceGroups[${g}].flavors`, f);
        const flavorName = requiredString(flavor, 'name', fpath);
        const resources = optionalArray(flavor, 'resources', fpath);
        for (let r = 0; r < resources.length; r++) {
          const res = elementObject(resources[r], `${fpath}.resources`, r);
          const resource = requiredString(res, 'name', `${fpath}.resources[${r}]`);
          quotas.push({
            flavor: flavorName,
            resource,
            nominal: parseQuantity(res.nominalQuota) ?? 0,
            reserved: reserved.get(`${flavorName}/${resource}`) ?? null,
          });
        }
      }
    }
    return {
      kind: 'ClusterQueue',
      ...readIdentity(metadata, false),
      cohort: optionalString(spec, 'cohortName', 'spec') || optionalString(spec, 'cohort', 'spec'),
      quotas,
      pendingWorkloads: nullableInteger(status, 'pendingWorkloads', 'status'),
      admittedWorkloads: nullableInteger(status, 'admittedWorkloads', 'status'),
      conditions: readConditions(status, 'status'),
    };
  });
}

/** Projects a Kueue LocalQueue: the ClusterQueue it feeds. */
export function projectLocalQueue(raw: unknown): ProjectionResult<LocalQueueRecord> {
  return project('LocalQueue', raw, (object) => {
    const metadata = metadataOf(object);
    const spec = optionalObject(object, 'spec', '') ?? {};
    const status = optionalObject(object, 'status', '') ?? {};
    return {
      kind: 'LocalQueue',
      ...readIdentity(metadata, true),
      clusterQueue: optionalString(spec, 'clusterQueue', 'spec'),
      pendingWorkloads: nullableInteger(status, 'pendingWorkloads', 'status'),
      admittedWorkloads: nullableInteger(status, 'admittedWorkloads', 'status'),
    };
  });
}
