import { IsInt, Max, Min } from 'class-validator';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import type { Progress } from '@modelcontextprotocol/sdk/types.js';
import type { ToolContext } from '../../lib/core/tool.types';
import { Tool } from '../../lib/decorators';
import { serveMcpOverHttp, type ServedMcp } from '../../lib/mcp';
import { configureSchemas, resetSchemaSettings } from '../../lib/schema';
import { collectTools } from '../../lib/tools';

jest.setTimeout(60_000);

class CountArgs {
  @IsInt() @Min(1) @Max(10) steps!: number;
}

class CountingTools {
  readonly hadReporter: boolean[] = [];

  @Tool({ description: 'Counts, reporting each step.' })
  async count(args: CountArgs, context: ToolContext): Promise<string> {
    this.hadReporter.push(context.reportProgress !== undefined);
    for (let i = 1; i <= args.steps; i++) {
      context.reportProgress?.({ progress: i, total: args.steps, message: `step ${i}` });
      await new Promise((resolve) => setImmediate(resolve)); // lets each notification go out before the result
    }
    return `counted to ${args.steps}`;
  }
}

type Texts = { content: Array<{ type: string; text?: string }> };

/** A served @Tool()'s reportProgress becomes notifications/progress for an SDK client that asked for them. */
describe('chat-ts tools served over MCP report progress to the client', () => {
  const tools = new CountingTools();
  let served: ServedMcp;
  let client: Client;
  beforeAll(async () => {
    configureSchemas({ runtimeSchemaWarnings: false });
    served = await serveMcpOverHttp(collectTools(tools), { name: 'counting' });
    client = new Client({ name: 'spec', version: '1' });
    await client.connect(new StreamableHTTPClientTransport(new URL(served.url)));
  });
  afterAll(async () => {
    resetSchemaSettings();
    await client?.close();
    await served?.close();
  });

  it('sends each report as notifications/progress when the client gives a progress token', async () => {
    const seen: Progress[] = [];
    const result = (await client.callTool({ name: 'count', arguments: { steps: 3 } }, undefined, { onprogress: (p) => seen.push(p) })) as Texts;
    expect(result.content[0].text).toBe('counted to 3');
    // the SDK may drop a notification that arrives with the result in one chunk: the last one may be missing
    expect(seen.length).toBeGreaterThanOrEqual(2);
    expect(seen).toEqual([1, 2, 3].slice(0, seen.length).map((n) => ({ progress: n, total: 3, message: `step ${n}` })));
  });

  it('gives the tool no reporter when the client asked for no progress', async () => {
    tools.hadReporter.length = 0;
    const result = (await client.callTool({ name: 'count', arguments: { steps: 2 } })) as Texts;
    expect(result.content[0].text).toBe('counted to 2');
    expect(tools.hadReporter).toEqual([false]);
  });
});
