import { join } from 'node:path';
import { importsOf, LIB, libPath, reachableFrom } from '../support/import-graph';

describe('without OpenTelemetry installed, the root entry loads nothing of it', () => {
  it('no module the root entry reaches imports an @opentelemetry package; lib/otel does, and only @opentelemetry/api', () => {
    const reached = [...reachableFrom(join(LIB, 'index.ts')).keys()];
    expect(reached.length).toBeGreaterThan(50);
    const otelImports = reached.filter((file) => importsOf(file).packages.some((p) => p.startsWith('@opentelemetry/'))).map(libPath);
    expect(otelImports).toEqual([]);
    const fromOtel = new Set([...reachableFrom(join(LIB, 'otel', 'index.ts')).keys()].flatMap((file) => importsOf(file).packages.filter((p) => p.startsWith('@opentelemetry/'))));
    expect([...fromOtel]).toEqual(['@opentelemetry/api']);
  });

  it.each(['python', 'nest', 'budget', 'cost'])('lib/%s reaches no @opentelemetry import either (Python tools get the trace through a seam openTelemetry() fills)', (entry) => {
    const reached = [...reachableFrom(join(LIB, entry, 'index.ts')).keys()];
    expect(reached.length).toBeGreaterThan(3);
    expect(reached.filter((file) => importsOf(file).packages.some((p) => p.startsWith('@opentelemetry/'))).map(libPath)).toEqual([]);
  });
});
