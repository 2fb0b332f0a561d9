#!/usr/bin/env node
/* The `chat-ts` command: `chat-ts <command> [options]`. Each command lives in `<name>.command.ts`. */

/** A CLI command. */
export interface CliCommand {
  readonly name: string;
  readonly summary: string;
  run(args: readonly string[], signal?: AbortSignal): Promise<number>;
}

const COMMANDS: Record<string, () => Promise<CliCommand>> = {
  emulate: async () => (await import('./emulate.command')).emulateCommand,
  schema: async () => (await import('./schema.command')).schemaCommand,
};

async function main(argv: readonly string[]): Promise<number> {
  const [name, ...rest] = argv;
  const load = name ? COMMANDS[name] : undefined;
  if (!load) {
    const lines = await Promise.all(Object.values(COMMANDS).map(async (l) => (await l()).summary));
    const usage = `Usage: chat-ts <command> [options]\n\nCommands:\n${lines.map((l) => `  ${l}`).join('\n')}\n`;
    if (name === '--help' || name === '-h' || name === 'help') {
      process.stdout.write(usage);
      return 0;
    }
    // No command, or an unknown one: a mistake, so usage goes to stderr and the exit code says so.
    process.stderr.write(`${name ? `chat-ts: unknown command "${name}"` : 'chat-ts: no command given'}\n\n${usage}`);
    return 1;
  }
  return (await load()).run(rest);
}

if (require.main === module) {
  main(process.argv.slice(2)).then(
    (code) => {
      process.exitCode = code;
    },
    (error: unknown) => {
      process.stderr.write(`chat-ts: ${(error as Error)?.message ?? String(error)}\n`);
      process.exitCode = 1;
    },
  );
}
