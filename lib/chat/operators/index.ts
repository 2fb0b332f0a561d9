export * from './text-deltas.operator';
export * from './reasoning-deltas.operator';
export * from './tool-calls.operator';
export * from './tool-results.operator';
export * from './partial-outputs.operator';
export * from './to-response.operator';
export * from './final-output.operator';
