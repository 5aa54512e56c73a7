export * from './combine.ts';
export * from './fold.ts';
export * from './prices.ts';
export * from './queries.ts';
export * from './range.ts';
