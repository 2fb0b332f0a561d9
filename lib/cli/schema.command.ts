import type { CliCommand } from './main';

/** `chat-ts schema`: generates the schema registry at build time. (Filled in by the schema work.) */
export const schemaCommand: CliCommand = {
  name: 'schema',
  summary: 'schema [-p tsconfig.json] [-o file]       generate the JSON Schema registry of @Tool()/@Schema() classes',
  async run(): Promise<number> {
    throw new Error('schema: not built yet');
  },
};
