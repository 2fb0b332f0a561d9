/**
 * `npm run demo`: runs every numbered sample in order, unattended. Each sample uses the real provider
 * when its API key is set and the built-in provider emulator otherwise, so this runs offline.
 */
import { spawnSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';

const only = process.argv.slice(2);
const samples = readdirSync(__dirname)
  .filter((f) => /^\d\d-.*\.ts$/.test(f))
  .filter((f) => only.length === 0 || only.some((o) => f.startsWith(o)))
  .sort();
// The NestJS sample app: started, asked one question over HTTP, stopped (`--once`).
if (only.length === 0 || only.includes('nest')) samples.push('nest/main.ts');

let failed = 0;
const tsNode = require.resolve('ts-node/dist/bin');
for (const file of samples) {
  if (file === 'nest/main.ts') {
    // The Nest sample's build step: regenerate its chat-ts.metadata.ts (`chat-ts schema`), as `prebuild` would.
    process.stdout.write('\n━━ chat-ts schema -p samples/nest/tsconfig.json ━━\n');
    const cli = join(__dirname, '..', 'lib', 'cli', 'main.ts');
    const schema = spawnSync(process.execPath, [tsNode, '--transpile-only', cli, 'schema', '-p', join(__dirname, 'nest', 'tsconfig.json')], { stdio: ['ignore', 'inherit', 'inherit'], timeout: 300_000 });
    if (schema.status !== 0) failed++;
  }
  process.stdout.write(`\n━━ ${file} ━━\n`);
  const started = Date.now();
  const result = spawnSync(process.execPath, [tsNode, '--transpile-only', join(__dirname, file), '--yes', '--once'], {
    stdio: ['ignore', 'inherit', 'inherit'],
    env: { ...process.env, NODE_LLAMA_CPP_SKIP_DOWNLOAD: 'true' },
    timeout: 120_000,
  });
  const ok = result.status === 0;
  if (!ok) failed++;
  process.stdout.write(`${ok ? '✔' : '✘'} ${file} (${Date.now() - started} ms)${ok ? '' : ` exit ${result.status ?? result.signal}`}\n`);
}
process.stdout.write(`\n${samples.length - failed} of ${samples.length} samples passed\n`);
process.exitCode = failed === 0 ? 0 : 1;
