// The repo resolves modules the `node` (node10) way, which ignores package `exports`; this maps the
// `incubating` subpath of @opentelemetry/semantic-conventions (where the GenAI names live) to its types.
declare module '@opentelemetry/semantic-conventions/incubating' {
  export * from '@opentelemetry/semantic-conventions/dist/index-incubating.cjs';
}
