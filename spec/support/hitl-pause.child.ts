/**
 * Child process of the two-process HITL spec: runs one turn against the emulator URL given as
 * argv[2] until it pauses on the gated `transfer` call, saves the conversation as JSON to argv[3],
 * and exits. The approval secret, if any, comes from `CHAT_TS_APPROVAL_SECRET` (as in production).
 */
import { writeFileSync } from 'node:fs';
import { ChatBuilder } from '../../lib/chat';
import { Messages } from '../../lib/core/messages';
import { ChatCompletionsBuilder } from '../../lib/providers/completions';
import { makeTool } from './test-tools';

/** The gated tool both processes offer (the child never runs it). */
export const transferTool = (runs: unknown[] = []) =>
  makeTool({ name: 'transfer', metadata: { requiresApproval: true }, description: 'Send money.', execute: (args) => (runs.push(args), 'sent') });

async function main(): Promise<void> {
  const [baseUrl, file] = process.argv.slice(2);
  const provider = new ChatCompletionsBuilder().withBaseUrl(baseUrl).withModel('m').build();
  const chat = new ChatBuilder().withModel(provider).withTools([transferTool()]).build();
  const messages = Messages.fromUser('Send 5 to Bob');
  const reply = await chat.complete(messages);
  writeFileSync(file, JSON.stringify(messages));
  process.stdout.write(`${reply.status} ${reply.pendingToolCalls.map((c) => c.id).join(',')}\n`);
}

if (require.main === module) {
  main().catch((error: unknown) => {
    process.stderr.write(`${(error as Error)?.stack ?? String(error)}\n`);
    process.exit(1);
  });
}
