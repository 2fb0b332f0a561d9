/**
 * Model Context Protocol, both ways: chat-ts `@Tool()` methods served as an MCP server (Streamable
 * HTTP), and a chat using the tools of two MCP servers at once: that one, and the reference
 * `server-everything` started over stdio. Runs offline (the servers are local; the model is the
 * emulator unless OPENAI_API_KEY is set).
 */
import 'reflect-metadata';
import './support/run-time-schemas'; // single-file sample: run-time schemas on purpose (an app imports chat-ts.metadata)
import { IsString, Length } from 'class-validator';
import { ChatBuilder, Messages, Tool, collectTools, type ToolContext } from '../lib';
import { McpToolSet, serveMcpOverHttp } from '../lib/mcp';
import { completionsSample } from './support/completions-sample';

class NoteArgs {
  /** The note's text. */
  @IsString() @Length(1, 200) text!: string;
}

class NoteTools {
  readonly notes: string[] = [];

  @Tool({ description: 'Save a note for the current user.' })
  saveNote(args: NoteArgs, context: ToolContext<{ user: string }>): string {
    this.notes.push(`${context.context.user}: ${args.text}`);
    return `Saved note #${this.notes.length} for ${context.context.user}`;
  }
}

async function main(): Promise<void> {
  // 1. Serve chat-ts tools over MCP; the caller's identity comes from each HTTP request.
  const notes = new NoteTools();
  const served = await serveMcpOverHttp(collectTools(notes), { name: 'notes', context: (req) => ({ user: String(req.headers['x-user'] ?? 'anonymous') }) });
  console.log(`Serving ${served.url}`);

  // 2. Use the tools of two MCP servers in one chat: the one above, and server-everything over stdio.
  const mcp = await McpToolSet.connect({
    servers: {
      notes: { url: served.url, headers: { 'x-user': 'ana' } },
      everything: { command: process.execPath, args: [require.resolve('@modelcontextprotocol/server-everything/dist/index.js'), 'stdio'], include: ['get-sum', 'echo'] },
    },
  });
  console.log(`MCP tools: ${mcp.tools.map((t) => `${t.name} (${t.server})`).join(', ')}`);

  const sample = await completionsSample([
    { toolCalls: [{ name: 'get-sum', arguments: { a: 19, b: 23 } }] },
    { toolCalls: [{ name: 'saveNote', arguments: { text: '19 + 23 = 42' } }] },
    { text: '19 + 23 is 42; I saved it as a note.' },
  ]);
  try {
    const chat = new ChatBuilder().withModel(sample.provider).withSystemPrompt('Use the tools. Be brief.').withTools(mcp).build();
    const reply = await chat.complete(Messages.fromUser('Add 19 and 23 with the tool, then save the result as a note.'));
    console.log(`Tool results: ${reply.toolResults.map((r) => `${r.name} → ${r.content}`).join('; ')}`);
    console.log(`Answer: ${reply.text}`);
    console.log(`Notes kept by the served tools: ${JSON.stringify(notes.notes)}`);
  } finally {
    await sample.close();
    await mcp.dispose(); // stops server-everything and closes the HTTP session
    await served.close();
  }
}

main().catch((error) => {
  console.error(error);
  process.exitCode = 1;
});
