import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { relative, resolve } from 'node:path';
import type { CliCommand } from './main';

const USAGE = `Usage: chat-ts schema [project] [-p tsconfig] [-o file] [--check | --watch]

Generates chat-ts.metadata.ts: the build-time JSON Schemas of @Tool() argument classes and
@Schema() classes, bound to the classes themselves. Import it once where the app starts
(\`import './chat-ts.metadata';\`; \`import './chat-ts.metadata.js';\` in an ES module app, as
the generated file's header says), or pass \`chatTsMetadata\` to ChatModule.forRoot({ metadata }).

  project         a Nest monorepo project of nest-cli.json (default: every application)
  -p, --project   the tsconfig the build uses (default: nest-cli.json's tsConfigPath,
                  else tsconfig.build.json when present, else tsconfig.json)
  -o, --out       where to write the module (default: chat-ts.metadata.ts in the build's
                  root directory, e.g. src/)
  --check         write nothing; exit 1 naming each class whose schema would change
  --watch         regenerate on every change (beside nest start --watch or tsc -w)

Needs typescript-json-schema where it runs (npm i -D typescript-json-schema), never at run time.
`;

/** Parsed `chat-ts schema` arguments. */
interface SchemaArgs {
  readonly tsconfig?: string;
  readonly project?: string;
  readonly out?: string;
  readonly check: boolean;
  readonly watch: boolean;
  readonly help: boolean;
}

function parseArgs(args: readonly string[]): SchemaArgs | string {
  let tsconfig: string | undefined;
  let project: string | undefined;
  let out: string | undefined;
  let check = false;
  let watch = false;
  let help = false;
  for (let i = 0; i < args.length; i++) {
    const arg = args[i];
    const value = (): string => args[++i] ?? '';
    if (arg === '-p' || arg === '--project') tsconfig = value();
    else if (arg === '-o' || arg === '--out') out = value();
    else if (arg === '--check') check = true;
    else if (arg === '--watch' || arg === '-w') watch = true;
    else if (arg === '-h' || arg === '--help') help = true;
    else if (!arg.startsWith('-') && project === undefined) project = arg;
    else return `unknown argument ${arg}`;
    if (tsconfig === '' || out === '') return `${arg} needs a value`;
  }
  if (check && watch) return '--check and --watch do not go together';
  return { tsconfig, project, out, check, watch, help };
}

const shown = (path: string): string => relative(process.cwd(), path) || path;

/** `chat-ts schema`: generates the schema metadata module at build time (`prebuild`, `--watch`, `--check` in CI). */
export const schemaCommand: CliCommand = {
  name: 'schema',
  summary: 'schema [project] [-p tsconfig] [-o file] [--check|--watch]  generate chat-ts.metadata.ts (build-time JSON Schemas)',
  async run(args: readonly string[], signal?: AbortSignal): Promise<number> {
    const parsed = parseArgs(args);
    if (typeof parsed === 'string') {
      process.stderr.write(`chat-ts schema: ${parsed}\n\n${USAGE}`);
      return 1;
    }
    if (parsed.help) {
      process.stdout.write(USAGE);
      return 0;
    }
    const { resolveBuildTargets } = await import('../schema/build/build-config.resolver');
    const { generateSchemaMetadata } = await import('../schema/build/metadata.generator');
    let targets;
    try {
      targets = resolveBuildTargets(process.cwd(), parsed.tsconfig, parsed.project);
      if (parsed.out !== undefined && targets.length > 1) throw new Error(`-o names one file, but nest-cli.json lists ${targets.length} applications; name one (chat-ts schema <project>)`);
    } catch (error) {
      process.stderr.write(`chat-ts schema: ${(error as Error).message}\n`);
      return 1;
    }
    const generate = (tsconfig: string) => {
      const started = Date.now();
      const generated = generateSchemaMetadata({ tsconfig, out: parsed.out === undefined ? undefined : resolve(parsed.out) });
      for (const warning of generated.warnings) process.stderr.write(`chat-ts schema: warning: ${warning}\n`);
      return { generated, seconds: ((Date.now() - started) / 1000).toFixed(1) };
    };
    try {
      if (parsed.watch) return await watchMode(targets.map((t) => t.tsconfig), generate, signal);
      let failed = 0;
      for (const target of targets) {
        const { generated, seconds } = generate(target.tsconfig);
        const summary = `${generated.schemaCount} schemas, ${generated.toolCount} tools; from ${shown(target.tsconfig)}`;
        if (parsed.check) {
          const { checkMetadata } = await import('../schema/build/metadata-check');
          const drift = checkMetadata(generated);
          if (!drift.outdated) {
            process.stdout.write(`chat-ts schema: ${shown(generated.out)} is up to date (${summary})\n`);
            continue;
          }
          failed++;
          const lines = [
            drift.missing ? `${shown(generated.out)} is missing` : `${shown(generated.out)} is out of date`,
            ...drift.changed.map((c) => `  ${drift.missing ? 'missing' : 'would change'}: ${c}`),
            ...drift.removed.map((c) => `  would be removed: ${c}`),
          ];
          if (!drift.missing && drift.changed.length === 0 && drift.removed.length === 0) lines.push('  (imports or header differ)');
          process.stderr.write(`chat-ts schema: ${lines.join('\n')}\nRun \`npx chat-ts schema\` to regenerate it.\n`);
          continue;
        }
        write(generated.out, generated.text);
        process.stdout.write(`chat-ts schema: wrote ${shown(generated.out)} (${summary}) in ${seconds} s\n`);
      }
      return failed === 0 ? 0 : 1;
    } catch (error) {
      process.stderr.write(`chat-ts schema: ${(error as Error).message}\n`);
      return 1;
    }
  },
};

/** Writes only when the text changed (a watcher of the build must not see a needless change). */
function write(path: string, text: string): boolean {
  if (existsSync(path) && readFileSync(path, 'utf8') === text) return false;
  writeFileSync(path, text);
  return true;
}

async function watchMode(
  tsconfigs: readonly string[],
  generate: (tsconfig: string) => { generated: { out: string; text: string; schemaCount: number; toolCount: number }; seconds: string },
  signal: AbortSignal | undefined,
): Promise<number> {
  const { watchSources, sourceDirectories } = await import('../schema/build/metadata.watcher');
  const { loadSchemaToolchain } = await import('../schema/build/typescript.loader');
  const { readTsconfig } = await import('../schema/build/metadata.generator');
  const controller = new AbortController();
  signal?.addEventListener('abort', () => controller.abort(), { once: true });
  const stop = (): void => controller.abort();
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
  try {
    await Promise.all(
      tsconfigs.map((tsconfig) => {
        const { ts } = loadSchemaToolchain(resolve(tsconfig, '..'));
        const files = readTsconfig(ts, tsconfig).fileNames;
        let out: string | undefined;
        return watchSources({
          directories: sourceDirectories(files),
          ignore: (file) => file === out,
          signal: controller.signal,
          regenerate: () => {
            const { generated, seconds } = generate(tsconfig);
            out = generated.out;
            if (write(generated.out, generated.text)) {
              process.stdout.write(`chat-ts schema: wrote ${shown(generated.out)} (${generated.schemaCount} schemas, ${generated.toolCount} tools) in ${seconds} s\n`);
            }
            return undefined;
          },
        }).then(() => out);
      }),
    );
  } finally {
    process.removeListener('SIGINT', stop);
    process.removeListener('SIGTERM', stop);
  }
  return 0;
}
