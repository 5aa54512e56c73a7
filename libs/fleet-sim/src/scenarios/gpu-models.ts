import type { GpuModel } from './spec.ts';

/** GPU models the scenarios' pools are built from (GPU Feature Discovery labels follow from them). */
export const H100: GpuModel = {
  product: 'NVIDIA-H100-80GB-HBM3',
  count: 8,
  memoryMiB: 81559,
  family: 'hopper',
  computeMajor: 9,
  computeMinor: 0,
  driver: '570.133.20',
  cuda: '12.8',
};

export const A100: GpuModel = {
  product: 'NVIDIA-A100-SXM4-80GB',
  count: 8,
  memoryMiB: 81920,
  family: 'ampere',
  computeMajor: 8,
  computeMinor: 0,
  driver: '570.133.20',
  cuda: '12.8',
};

export const L4: GpuModel = {
  product: 'NVIDIA-L4',
  count: 1,
  memoryMiB: 23034,
  family: 'ada-lovelace',
  computeMajor: 8,
  computeMinor: 9,
  driver: '550.144.03',
  cuda: '12.4',
};
