import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { NativeSteeringHook } from '../../lib/chat';
import type { SteerableProvider } from '../../lib/providers/responses';
import { importsOf, LIB, libPath, reachableFrom } from '../support/import-graph';

/** Compile-time: the Responses provider's steering type plugs into the engine's hook as it is. */
const responsesPlugsIn: (provider: SteerableProvider) => NativeSteeringHook = (provider) => provider;

function sourcesUnder(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return sourcesUnder(path);
    return entry.name.endsWith('.ts') ? [path] : [];
  });
}

/** Subpaths the root entry must never load: optional peers, child processes, sockets, native code. */
const OPTIONAL_SUBPATHS = ['python/', 'nest/', 'transport/ws/', 'providers/llama-cpp/', 'otel/', 'mcp/', 'redis/', 'bullmq/'];

describe('layering of lib/', () => {
  it('finds the modules it checks', () => {
    expect(sourcesUnder(join(LIB, 'core')).length).toBeGreaterThan(10);
    expect(reachableFrom(join(LIB, 'index.ts')).size).toBeGreaterThan(50);
  });

  it('lib/core (the contract) imports nothing else in lib/', () => {
    const outside = sourcesUnder(join(LIB, 'core')).flatMap((file) =>
      importsOf(file)
        .files.filter((target) => !libPath(target).startsWith('core/'))
        .map((target) => `${libPath(file)} -> ${libPath(target)}`),
    );
    expect(outside).toEqual([]);
  });

  it('lib/core imports no package but the types of rxjs and class-validator', () => {
    const packages = new Set(sourcesUnder(join(LIB, 'core')).flatMap((file) => importsOf(file).packages));
    expect([...packages].filter((name) => name !== 'rxjs' && name !== 'class-validator')).toEqual([]);
  });

  it.each(OPTIONAL_SUBPATHS)('the root entry never reaches lib/%s', (subpath) => {
    const reached = [...reachableFrom(join(LIB, 'index.ts')).entries()]
      .filter(([file]) => libPath(file).startsWith(subpath))
      .map(([, chain]) => chain.join(' -> '));
    expect(reached).toEqual([]);
  });

  it('chat-ts/nest never reaches the MCP parts (chat-ts/mcp, chat-ts/nest/mcp) nor the MCP SDK', () => {
    const reached = [...reachableFrom(join(LIB, 'nest', 'index.ts')).keys()];
    expect(reached.map(libPath).filter((file) => file.startsWith('mcp/') || file.startsWith('nest/mcp/'))).toEqual([]);
    expect(reached.flatMap((file) => importsOf(file).packages).filter((name) => name.startsWith('@modelcontextprotocol/'))).toEqual([]);
  });

  it('the engine (lib/chat) knows no provider and no steering type of the contract', () => {
    const providers = sourcesUnder(join(LIB, 'chat')).flatMap((file) =>
      importsOf(file)
        .files.filter((target) => libPath(target).startsWith('providers/'))
        .map((target) => `${libPath(file)} -> ${libPath(target)}`),
    );
    expect(providers).toEqual([]);
    expect(sourcesUnder(join(LIB, 'core')).filter((file) => /steer/i.test(readFileSync(file, 'utf8'))).map(libPath)).toEqual([]);
    expect(typeof responsesPlugsIn).toBe('function');
  });
});
