import { describe, expect, it } from 'vitest';
import {
  type AdmissionFailure,
  cniPluginOf,
  parseAdmissionFailure,
} from '../../src/pods/admission-failure.ts';

// Wordings as the API server returns them to controllers (ReplicaFailure messages, FailedCreate
// events) and to kubectl; shapes from kubernetes/kubernetes#55924, #67662, the ValidatingAdmissionPolicy
// documentation, Kyverno and Gatekeeper denials.
describe('parseAdmissionFailure', () => {
  it.each<{ name: string; text: string; expected: Partial<AdmissionFailure> | null }>([
    {
      name: 'a webhook denial with a reason, as a FailedCreate event words it',
      text: 'Error creating: admission webhook "image-signature.hightowerlabs.com" denied the request: image is not signed',
      expected: {
        outcome: 'DENIED',
        engine: 'webhook',
        name: 'image-signature.hightowerlabs.com',
        policies: [],
        detail: 'image is not signed',
      },
    },
    {
      name: 'a webhook denial without explanation',
      text: 'admission webhook "image-signature.hightowerlabs.com" denied the request without explanation',
      expected: {
        outcome: 'DENIED',
        name: 'image-signature.hightowerlabs.com',
        detail: 'without explanation',
      },
    },
    {
      name: 'Kyverno names the policies that blocked the pod',
      text: "admission webhook \"validate.kyverno.svc-fail\" denied the request: \n\nresource Pod/ml/trainer-x was blocked due to the following policies\n\nrequire-team-label:\n  check-team: 'validation error: label team is required. rule check-team failed at path /metadata/labels/team/'\ndisallow-latest-tag:\n  validate-image-tag: 'validation error: using a mutable image tag e.g. latest is not allowed.'",
      expected: {
        outcome: 'DENIED',
        engine: 'Kyverno',
        name: 'validate.kyverno.svc-fail',
        policies: ['disallow-latest-tag', 'require-team-label'],
      },
    },
    {
      name: 'Gatekeeper prefixes each violation with its constraint',
      text: 'admission webhook "validation.gatekeeper.sh" denied the request: [must-have-owner] you must provide labels: {"owner"}\n[no-privileged] Privileged container is not allowed: app',
      expected: {
        outcome: 'DENIED',
        engine: 'Gatekeeper',
        name: 'validation.gatekeeper.sh',
        policies: ['must-have-owner', 'no-privileged'],
      },
    },
    {
      name: 'a webhook that times out (fails closed)',
      text: 'Error creating: Internal error occurred: failed calling webhook "webhook-server.webhook-demo.svc": failed to call webhook: Post "https://webhook-server.webhook-demo.svc:443/mutate?timeout=10s": context deadline exceeded',
      expected: { outcome: 'UNREACHABLE', engine: 'webhook', name: 'webhook-server.webhook-demo.svc' },
    },
    {
      name: 'the older wording of an unreachable webhook',
      text: 'Internal error occurred: failed calling admission webhook "pods.vault-secrets-webhook.admission.banzaicloud.com": the server could not find the requested resource',
      expected: {
        outcome: 'UNREACHABLE',
        name: 'pods.vault-secrets-webhook.admission.banzaicloud.com',
        detail: 'the server could not find the requested resource',
      },
    },
    {
      name: 'a ValidatingAdmissionPolicy with its binding',
      text: `deployments.apps "invalid" is forbidden: ValidatingAdmissionPolicy 'image-matches-namespace-environment.policy.example.com' with binding 'demo-binding-test.example.com' denied request: only prod images are allowed in namespace default`,
      expected: {
        outcome: 'DENIED',
        engine: 'ValidatingAdmissionPolicy',
        name: 'image-matches-namespace-environment.policy.example.com',
        policies: ['demo-binding-test.example.com'],
        detail: 'only prod images are allowed in namespace default',
      },
    },
    {
      name: 'a quota refusal is not admission',
      text: 'pods "api-x" is forbidden: exceeded quota: gpu-quota, requested: requests.nvidia.com/gpu=1',
      expected: null,
    },
    {
      name: 'a timeout that names no webhook cannot be attributed',
      text: 'Error creating: Timeout: request did not complete within requested timeout 30s',
      expected: null,
    },
  ])('$name', ({ text, expected }) => {
    const parsed = parseAdmissionFailure(text);
    if (expected === null) expect(parsed).toBeNull();
    else expect(parsed).toMatchObject(expected);
  });
});

describe('cniPluginOf', () => {
  it.each<[string, string | null]>([
    [
      'Failed to create pod sandbox: rpc error: code = Unknown desc = failed to setup network for sandbox "3c1f": plugin type="calico" failed (add): error getting ClusterInformation: connection is unauthorized',
      'calico',
    ],
    [
      'Failed to create pod sandbox: rpc error: code = Unknown desc = failed to setup network for sandbox "11ce": plugin type="multus-shim" name="multus-cni-network" failed (add): CmdAdd (shim): CNI request failed with status 400',
      'multus-shim',
    ],
    [
      'Failed to create pod sandbox: rpc error: code = Unknown desc = failed to setup network for sandbox "": plugin type="flannel" failed (add): open /run/flannel/subnet.env: no such file or directory',
      'flannel',
    ],
    [
      'Failed create pod sandbox: rpc error: code = Unknown desc = NetworkPlugin cni failed to set up pod "kafka-0_default" network: netplugin failed with no error message',
      'cni',
    ],
    [
      'network is not ready: container runtime network not ready: NetworkReady=false reason:NetworkPluginNotReady message:Network plugin returns error: cni plugin not initialized',
      'cni',
    ],
    ['MountVolume.SetUp failed for volume "data" : secret "x" not found', null],
  ])('%s', (text, expected) => {
    expect(cniPluginOf(text)).toBe(expected);
  });
});
