import { builtinModules } from 'node:module';
import { join } from 'node:path';
import { importsOf, LIB, libPath, reachableFrom } from '../support/import-graph';

/** `chat-ts/ui` encodes the protocol itself: it loads neither the `ai` package nor Nest, only rxjs. */
describe('the chat-ts/ui entry', () => {
  const reached = [...reachableFrom(join(LIB, 'ui', 'index.ts')).keys()];

  it('reaches the encoder and the contract', () => {
    expect(reached.map(libPath)).toEqual(expect.arrayContaining(['ui/ui-message-stream.encoder.ts', 'core/stream-event.types.ts']));
  });

  it('imports no package but rxjs (and Node built-ins)', () => {
    const builtins = new Set(builtinModules.flatMap((name) => [name, `node:${name}`]));
    const packages = new Set(reached.flatMap((file) => importsOf(file).packages).filter((name) => !builtins.has(name)));
    expect([...packages]).toEqual(['rxjs']);
  });

  it('reaches nothing of lib/nest, the engine or a provider', () => {
    expect(reached.map(libPath).filter((path) => /^(nest|chat|providers)\//.test(path))).toEqual([]);
  });
});
