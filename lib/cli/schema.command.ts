import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { SCHEMA_REGISTRY_FILE } from '../schema/registry/schema-registry.types';
import type { CliCommand } from './main';

const USAGE = `Usage: chat-ts schema [-p tsconfig.json] [-o ${SCHEMA_REGISTRY_FILE}] [--check]

Generates the JSON Schema registry of @Tool() argument classes and @Schema() classes.
  -p, --project   the project's tsconfig (default: ./tsconfig.json)
  -o, --out       where to write the registry (default: next to the tsconfig)
  --check         write nothing; exit 1 when the registry on disk is missing or out of date
`;

/** Parsed `chat-ts schema` arguments. */
interface SchemaArgs {
  readonly project: string;
  readonly out?: string;
  readonly check: boolean;
  readonly help: boolean;
}

function parseArgs(args: readonly string[]): SchemaArgs | string {
  let project = 'tsconfig.json';
  let out: string | undefined;
  let check = false;
  let help = false;
  for (let i = 0; i < args.length; i++) {
    const arg = args[i];
    const value = (): string | undefined => args[++i];
    if (arg === '-p' || arg === '--project') project = value() ?? '';
    else if (arg === '-o' || arg === '--out') out = value() ?? '';
    else if (arg === '--check') check = true;
    else if (arg === '-h' || arg === '--help') help = true;
    else return `unknown argument ${arg}`;
    if (project === '' || out === '') return `${arg} needs a value`;
  }
  return { project, out, check, help };
}

/** `chat-ts schema`: generates the schema registry at build time (`prebuild`, NestJS CLI). */
export const schemaCommand: CliCommand = {
  name: 'schema',
  summary: 'schema [-p tsconfig.json] [-o file]       generate the JSON Schema registry of @Tool()/@Schema() classes',
  async run(args: readonly string[]): Promise<number> {
    const parsed = parseArgs(args);
    if (typeof parsed === 'string') {
      process.stderr.write(`chat-ts schema: ${parsed}\n\n${USAGE}`);
      return 1;
    }
    if (parsed.help) {
      process.stdout.write(USAGE);
      return 0;
    }
    const tsconfig = resolve(parsed.project);
    if (!existsSync(tsconfig)) {
      process.stderr.write(`chat-ts schema: ${tsconfig} not found (give the project's tsconfig with -p)\n`);
      return 1;
    }
    const out = resolve(parsed.out ?? join(dirname(tsconfig), SCHEMA_REGISTRY_FILE));
    const started = Date.now();
    const { generateSchemaRegistry } = await import('../schema/build/registry.generator');
    const { registry, warnings } = await generateSchemaRegistry({ tsconfig, out });
    for (const warning of warnings) process.stderr.write(`chat-ts schema: warning: ${warning}\n`);
    const text = `${JSON.stringify(registry, null, 2)}\n`;
    const summary = `${Object.keys(registry.schemas).length} schemas, ${Object.keys(registry.tools).length} tools`;
    const shown = relative(process.cwd(), out) || out;
    if (parsed.check) {
      const current = existsSync(out) ? readFileSync(out, 'utf8') : undefined;
      if (current === text) {
        process.stdout.write(`chat-ts schema: ${shown} is up to date (${summary})\n`);
        return 0;
      }
      process.stderr.write(`chat-ts schema: ${shown} is ${current === undefined ? 'missing' : 'out of date'}; run \`npx chat-ts schema\`\n`);
      return 1;
    }
    writeFileSync(out, text);
    process.stdout.write(`chat-ts schema: wrote ${shown} (${summary}) in ${((Date.now() - started) / 1000).toFixed(1)} s\n`);
    return 0;
  },
};
