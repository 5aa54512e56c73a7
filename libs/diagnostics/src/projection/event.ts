import type { EventRecord } from '@fleetscope/types';
import {
  describeValue,
  fail,
  type JsonObject,
  optionalInteger,
  optionalObject,
  optionalString,
  optionalTime,
} from './fields.ts';
import { metadataOf, readCreatedAt, readIdentity } from './metadata.ts';
import { type ProjectionResult, project } from './result.ts';

/** Field names of the two Event shapes: core/v1 and events.k8s.io/v1 (its deprecated* mirror core's). */
interface EventShape {
  subject: string;
  message: string;
  count: string;
  firstTimestamp: string;
  lastTimestamp: string;
  source: string;
  reporter: string;
}

const CORE_V1: EventShape = {
  subject: 'involvedObject',
  message: 'message',
  count: 'count',
  firstTimestamp: 'firstTimestamp',
  lastTimestamp: 'lastTimestamp',
  source: 'source',
  reporter: 'reportingComponent',
};

const EVENTS_V1: EventShape = {
  subject: 'regarding',
  message: 'note',
  count: 'deprecatedCount',
  firstTimestamp: 'deprecatedFirstTimestamp',
  lastTimestamp: 'deprecatedLastTimestamp',
  source: 'deprecatedSource',
  reporter: 'reportingController',
};

/** LIST items carry no apiVersion, so the shape is told by its fields when needed. */
function shapeOf(object: JsonObject): EventShape {
  const apiVersion = object.apiVersion;
  if (typeof apiVersion === 'string') return apiVersion.startsWith('events.k8s.io/') ? EVENTS_V1 : CORE_V1;
  const looksV1 = object.regarding !== undefined || object.note !== undefined;
  return looksV1 && object.involvedObject === undefined ? EVENTS_V1 : CORE_V1;
}

function eventType(object: JsonObject): EventRecord['type'] {
  const value = optionalString(object, 'type', '', 'Normal');
  if (value === 'Normal' || value === 'Warning') return value;
  return fail(`type is not Normal or Warning: ${describeValue(value)}`);
}

/**
 * Projects an Event in either the core/v1 or the events.k8s.io/v1 shape. Repeats are folded by
 * the recorder into `series` (new API) or `count` (old), so both are read; lastSeenAt falls back
 * through series, last, event and first timestamps to creation time.
 */
export function projectEvent(raw: unknown): ProjectionResult<EventRecord> {
  return project('Event', raw, (object) => {
    const shape = shapeOf(object);
    const metadata = metadataOf(object);
    const meta = readIdentity(metadata, true);
    const subject = optionalObject(object, shape.subject, '') ?? {};
    const series = optionalObject(object, 'series', '');
    const source = optionalObject(object, shape.source, '') ?? {};
    const legacyCount = optionalInteger(object, shape.count, '');
    const seriesCount = series === undefined ? 0 : optionalInteger(series, 'count', 'series');
    const lastSeenAt =
      (series === undefined ? null : optionalTime(series, 'lastObservedTime', 'series')) ??
      optionalTime(object, shape.lastTimestamp, '') ??
      optionalTime(object, 'eventTime', '') ??
      optionalTime(object, shape.firstTimestamp, '') ??
      readCreatedAt(metadata);
    const sourceComponent = optionalString(source, 'component', shape.source);
    return {
      kind: 'Event',
      uid: meta.uid,
      namespace: meta.namespace,
      name: meta.name,
      resourceVersion: meta.resourceVersion,
      type: eventType(object),
      reason: optionalString(object, 'reason', ''),
      message: optionalString(object, shape.message, ''),
      involvedKind: optionalString(subject, 'kind', shape.subject),
      involvedName: optionalString(subject, 'name', shape.subject),
      involvedNamespace: optionalString(subject, 'namespace', shape.subject),
      // An event seen once has no series and count 1 (or 0/absent in the new API).
      count: Math.max(seriesCount, legacyCount, 1),
      lastSeenAt,
      reportingComponent:
        shape === CORE_V1
          ? sourceComponent || optionalString(object, shape.reporter, '')
          : optionalString(object, shape.reporter, '') || sourceComponent,
    };
  });
}
