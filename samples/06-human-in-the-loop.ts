/**
 * Human in the loop: a sensitive tool pauses the turn; a person approves or rejects the call; the next
 * `stream()` resumes the same turn. Interactive at a terminal; with `--yes` (or without a TTY, as in
 * `npm run demo`) every call is approved automatically.
 */
import 'reflect-metadata';
import './support/run-time-schemas'; // single-file sample: run-time schemas on purpose (an app imports chat-ts.metadata)
import { createInterface } from 'node:readline/promises';
import { IsEmail, IsString, Length } from 'class-validator';
import { lastValueFrom, tap } from 'rxjs';
import { ChatBuilder, Messages, Tool, collectTools, type ToolCallPart } from '../lib';
import { completionsSample } from './support/completions-sample';
import { unattended } from './support/real-or-emulated';

class EmailArgs {
  /** Recipient address. */
  @IsEmail() to!: string;
  /** Subject line. */
  @IsString() @Length(1, 120) subject!: string;
}

class MailTools {
  readonly sent: EmailArgs[] = [];

  /** Send an email. Needs a person's approval. */
  @Tool({ description: 'Send an email.', requiresApproval: true })
  sendEmail(args: EmailArgs): string {
    this.sent.push(args);
    return `sent to ${args.to}`;
  }
}

async function decide(call: ToolCallPart): Promise<boolean> {
  if (unattended()) {
    console.log(`  approving ${call.name}(${JSON.stringify(call.arguments)}) automatically (--yes / no TTY)`);
    return true;
  }
  const rl = createInterface({ input: process.stdin, output: process.stdout });
  const answer = await rl.question(`  Approve ${call.name}(${JSON.stringify(call.arguments)})? [y/N] `);
  rl.close();
  return /^y(es)?$/i.test(answer.trim());
}

async function main(): Promise<void> {
  const sample = await completionsSample([
    { toolCalls: [{ name: 'sendEmail', arguments: { to: 'ana@example.com', subject: 'Lunch on Friday?' } }] },
    { text: 'Done: I emailed Ana about lunch on Friday.' },
  ]);
  const tools = new MailTools();
  try {
    const chat = new ChatBuilder().withModel(sample.provider).withTools(collectTools(tools)).build();
    const messages = Messages.fromUser('Email ana@example.com to ask about lunch on Friday.');
    let finish = await lastValueFrom(chat.stream(messages));
    while (finish.type === 'finish' && finish.status === 'paused') {
      console.log(`Paused: ${messages.pendingToolCalls().length} call(s) wait for a person. Nothing was sent yet (${tools.sent.length} emails).`);
      for (const call of messages.pendingToolCalls()) {
        if (await decide(call)) messages.approve(call.id);
        else messages.reject(call.id, 'The user declined.');
      }
      finish = await lastValueFrom(chat.stream(messages).pipe(tap((e) => e.type === 'tool-result' && console.log(`  tool result: ${e.result.content}`))));
    }
    if (finish.type !== 'finish') throw new Error(`the stream ended with ${finish.type}`);
    const text = finish.message.parts.map((p) => (p.type === 'text' ? p.text : '')).join('');
    console.log(`Answer: ${text}`);
    console.log(`Emails sent: ${tools.sent.length}. The saved conversation (${JSON.stringify(messages).length} bytes) can be resumed in another process.`);
    console.log('Resuming in another process needs the same approval secret there: withApprovalSecret() or CHAT_TS_APPROVAL_SECRET (else approvals are asked again).');
  } finally {
    await sample.close();
  }
}

main().catch((error) => {
  console.error(error);
  process.exitCode = 1;
});
