import { Field, Float, Int, ObjectType, registerEnumType } from '@nestjs/graphql';
import { HealthStatusEnum } from '../../common/models/enums.ts';

export const OptionalApiServedEnum = {
  SERVED: 'SERVED',
  NOT_SERVED: 'NOT_SERVED',
  UNKNOWN: 'UNKNOWN',
} as const;
registerEnumType(OptionalApiServedEnum, {
  name: 'OptionalApiServed',
  description: 'Whether a cluster serves an optional API group (a CRD set), as discovery found it.',
  valuesMap: {
    SERVED: { description: 'Served: its resources are watched.' },
    NOT_SERVED: { description: 'Not served: what depends on it is NOT_APPLICABLE.' },
    UNKNOWN: { description: 'Discovery has not answered, or failed: nothing concluded.' },
  },
});

export const KueueWorkloadStateEnum = { PENDING: 'PENDING', EVICTED: 'EVICTED' } as const;
registerEnumType(KueueWorkloadStateEnum, {
  name: 'KueueWorkloadState',
  description: 'Why a Kueue workload is listed: waiting for quota, or evicted (and waiting again).',
});

@ObjectType({ description: 'An optional API group (Gateway API, Kueue) in one cluster.' })
export class OptionalApi {
  @Field({ description: 'gateway.networking.k8s.io or kueue.x-k8s.io.' })
  group!: string;
  @Field(() => String, {
    nullable: true,
    description: 'The version read (v1, v1beta2, v1beta1); null unless SERVED.',
  })
  version!: string | null;
  @Field(() => OptionalApiServedEnum)
  served!: keyof typeof OptionalApiServedEnum;
  @Field(() => String, {
    nullable: true,
    description:
      'Why NOT_SERVED or UNKNOWN (what discovery answered), or which resources of the group are missing.',
  })
  detail!: string | null;
}

@ObjectType({ description: 'A status condition as the controller wrote it (Gateway API, Kueue).' })
export class ApiCondition {
  @Field()
  type!: string;
  @Field({ description: 'True, False or Unknown.' })
  status!: string;
  @Field({
    description: 'e.g. Accepted, BackendNotFound, NoMatchingParent, NotAllowedByListeners, Programmed.',
  })
  reason!: string;
  @Field()
  message!: string;
  @Field(() => Date, { nullable: true })
  lastTransitionTime!: Date | null;
}

@ObjectType({
  description:
    'Whether a cross-namespace reference (an HTTPRoute backendRef, a Gateway listener certificateRef) is allowed by a ReferenceGrant in the target namespace, by our own check.',
})
export class ReferencePermission {
  @Field({ description: 'The target is in another namespace than the referrer.' })
  crossNamespace!: boolean;
  @Field(() => Boolean, {
    nullable: true,
    description:
      'true: same namespace, or a ReferenceGrant allows it; false: cross-namespace and no grant in the target namespace allows it; null: ReferenceGrants not known (not served, not listed, not in the dump).',
  })
  permitted!: boolean | null;
  @Field(() => String, {
    nullable: true,
    description: 'The grant that allows it, namespace/name; null when none.',
  })
  grant!: string | null;
}

@ObjectType({ description: "A Gateway listener's TLS certificateRef." })
export class GatewayCertificateRef {
  @Field()
  listener!: string;
  @Field({ description: 'Secret unless the ref says otherwise.' })
  kind!: string;
  @Field()
  namespace!: string;
  @Field()
  name!: string;
  @Field(() => ReferencePermission)
  permission!: ReferencePermission;
}

@ObjectType({
  description:
    'A GatewayClass (gateway.networking.k8s.io/v1, cluster-scoped) the Gateways use, and whether its controller Accepted it.',
})
export class GatewayClassStatus {
  @Field()
  name!: string;
  @Field({ description: 'false: Gateways name it but no such GatewayClass exists.' })
  exists!: boolean;
  @Field(() => String, { nullable: true, description: 'spec.controllerName; null when it does not exist.' })
  controllerName!: string | null;
  @Field(() => ApiCondition, {
    nullable: true,
    description:
      'Its Accepted condition (Unknown/Pending while no controller claims it); null when it does not exist or no controller wrote one.',
  })
  accepted!: ApiCondition | null;
  @Field(() => [String], { description: 'Gateways of this class, namespace/name.' })
  gateways!: string[];
  @Field(() => HealthStatusEnum, {
    description: 'DOWN when it is missing or not Accepted and Gateways use it; else HEALTHY.',
  })
  status!: keyof typeof HealthStatusEnum;
  @Field(() => [String], {
    description: 'Ids of the findings about it (gatewayclass.missing, gatewayclass.not-accepted).',
  })
  findingIds!: string[];
}

@ObjectType({ description: 'A Gateway (gateway.networking.k8s.io/v1).' })
export class GatewayStatus {
  @Field()
  namespace!: string;
  @Field()
  name!: string;
  @Field()
  gatewayClassName!: string;
  @Field(() => ApiCondition, { nullable: true })
  accepted!: ApiCondition | null;
  @Field(() => ApiCondition, { nullable: true })
  programmed!: ApiCondition | null;
  @Field(() => Int, { description: 'Routes attached over its listeners, as its status counts them.' })
  attachedRoutes!: number;
  @Field(() => [GatewayCertificateRef], {
    description:
      "Its listeners' TLS certificateRefs, with whether a ReferenceGrant allows those of another namespace.",
  })
  certificateRefs!: GatewayCertificateRef[];
  @Field(() => HealthStatusEnum, {
    description:
      'DOWN when not Programmed or not Accepted, or its GatewayClass is missing or not Accepted; DEGRADED when a certificateRef is not permitted; else HEALTHY.',
  })
  status!: keyof typeof HealthStatusEnum;
  @Field(() => [String], {
    description:
      "Ids of the findings about it (gateway.not-programmed, gateway.ref-not-permitted, or its class's gatewayclass.*).",
  })
  findingIds!: string[];
}

@ObjectType({ description: "An HTTPRoute's attachment to one parent Gateway, in its controller's words." })
export class RouteParent {
  @Field()
  gatewayNamespace!: string;
  @Field()
  gatewayName!: string;
  @Field(() => String, {
    nullable: true,
    description: 'The listener named by the parentRef; null when none.',
  })
  sectionName!: string | null;
  @Field(() => String, { nullable: true, description: 'The controller that reported; null when none did.' })
  controllerName!: string | null;
  @Field(() => ApiCondition, {
    nullable: true,
    description: 'null when no controller reported on this parent.',
  })
  accepted!: ApiCondition | null;
  @Field(() => ApiCondition, { nullable: true })
  resolvedRefs!: ApiCondition | null;
}

@ObjectType({ description: 'A backendRef of an HTTPRoute, joined to the Service and its EndpointSlices.' })
export class RouteBackend {
  @Field()
  kind!: string;
  @Field({ description: '"" for the core group (Services).' })
  group!: string;
  @Field()
  namespace!: string;
  @Field()
  name!: string;
  @Field(() => Int, { nullable: true })
  port!: number | null;
  @Field(() => Boolean, {
    nullable: true,
    description: 'The Service exists; null when the backend is not a Service.',
  })
  exists!: boolean | null;
  @Field(() => Int, {
    nullable: true,
    description:
      'Ready endpoints over its EndpointSlices; null when the Service does not exist or is not a Service.',
  })
  readyEndpoints!: number | null;
  @Field(() => ReferencePermission, {
    description: 'Whether the route may refer to it: same namespace, or a ReferenceGrant in its namespace.',
  })
  permission!: ReferencePermission;
}

@ObjectType({ description: 'An HTTPRoute (gateway.networking.k8s.io/v1) and its verdict.' })
export class HttpRoute {
  @Field()
  namespace!: string;
  @Field()
  name!: string;
  @Field(() => [String])
  hostnames!: string[];
  @Field(() => [RouteParent])
  parents!: RouteParent[];
  @Field(() => [RouteBackend])
  backends!: RouteBackend[];
  @Field(() => HealthStatusEnum, {
    description:
      'The worst status its findings imply (DOWN: no request it carries is served); HEALTHY when none.',
  })
  status!: keyof typeof HealthStatusEnum;
  @Field(() => [String], { description: 'Ids of the findings about it (route.*).' })
  findingIds!: string[];
}

@ObjectType({
  description:
    'The serving path: Gateways and HTTPRoutes joined to Services and their endpoints. NOT_APPLICABLE where the Gateway API is not served.',
})
export class ServingPath {
  @Field(() => HealthStatusEnum, {
    description:
      'NOT_APPLICABLE without gateway.networking.k8s.io/v1; UNKNOWN before discovery or the first list; else the worst its findings imply.',
  })
  status!: keyof typeof HealthStatusEnum;
  @Field()
  summary!: string;
  @Field(() => OptionalApi)
  api!: OptionalApi;
  @Field(() => [GatewayClassStatus], {
    description:
      'The GatewayClasses that exist and those the Gateways name, by name; empty when GatewayClasses are not known.',
  })
  gatewayClasses!: GatewayClassStatus[];
  @Field(() => [GatewayStatus])
  gateways!: GatewayStatus[];
  @Field(() => [HttpRoute], { description: 'By namespace and name.' })
  routes!: HttpRoute[];
}

@ObjectType({
  description: 'A resource of a ClusterQueue flavor: its nominal quota and what is reserved of it.',
})
export class KueueQuota {
  @Field()
  flavor!: string;
  @Field()
  resource!: string;
  @Field(() => Float)
  nominal!: number;
  @Field(() => Float, {
    nullable: true,
    description: 'status.flavorsReservation; null when the status does not say.',
  })
  reserved!: number | null;
}

@ObjectType({ description: 'A Kueue ClusterQueue.' })
export class KueueClusterQueue {
  @Field()
  name!: string;
  @Field(() => String, { nullable: true })
  cohort!: string | null;
  @Field(() => Int, { nullable: true })
  pendingWorkloads!: number | null;
  @Field(() => Int, { nullable: true })
  admittedWorkloads!: number | null;
  @Field(() => Boolean, { nullable: true, description: 'Its Active condition; null when not reported.' })
  active!: boolean | null;
  @Field(() => [KueueQuota])
  quotas!: KueueQuota[];
}

@ObjectType({ description: 'A Kueue Workload waiting for quota or evicted.' })
export class KueueWorkload {
  @Field()
  namespace!: string;
  @Field()
  name!: string;
  @Field(() => String, {
    nullable: true,
    description: '"Job/ns/name" of what it stands for; null without an owner.',
  })
  owner!: string | null;
  @Field()
  localQueue!: string;
  @Field(() => String, { nullable: true })
  clusterQueue!: string | null;
  @Field(() => KueueWorkloadStateEnum)
  state!: keyof typeof KueueWorkloadStateEnum;
  @Field({
    description: "Kueue's reason: QuotaReserved's (Pending …) or Evicted's (Preempted, InactiveWorkload …).",
  })
  reason!: string;
  @Field()
  message!: string;
  @Field(() => Int, {
    nullable: true,
    description:
      'Position in its ClusterQueue (1 = next) from the visibility API; null when not read (see positionsKnown).',
  })
  position!: number | null;
  @Field(() => String, { nullable: true })
  findingId!: string | null;
}

@ObjectType({
  description: "Kueue's queues and the workloads waiting or evicted. NOT_APPLICABLE without Kueue.",
})
export class KueueStatus {
  @Field(() => HealthStatusEnum, {
    description:
      'NOT_APPLICABLE without kueue.x-k8s.io; UNKNOWN before discovery or the first list; DEGRADED with an eviction or a ClusterQueue not Active; waiting for quota alone is HEALTHY.',
  })
  status!: keyof typeof HealthStatusEnum;
  @Field()
  summary!: string;
  @Field(() => OptionalApi)
  api!: OptionalApi;
  @Field({ description: 'Whether positions come from the visibility API; false: every position is null.' })
  positionsKnown!: boolean;
  @Field(() => [KueueClusterQueue])
  clusterQueues!: KueueClusterQueue[];
  @Field(() => [KueueWorkload], { description: 'Pending and evicted workloads, by namespace and name.' })
  workloads!: KueueWorkload[];
}
