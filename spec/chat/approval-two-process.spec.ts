import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { lastValueFrom, toArray } from 'rxjs';
import { ChatBuilder } from '../../lib/chat';
import { APPROVAL_SECRET_ENV } from '../../lib/chat/approval-seal';
import { Messages } from '../../lib/core/messages';
import { ChatCompletionsBuilder } from '../../lib/providers/completions';
import { ProviderEmulator } from '../../lib/testing/emulator';
import { transferTool } from '../support/hitl-pause.child';

const run = promisify(execFile);
const CHILD = join(__dirname, '..', 'support', 'hitl-pause.child.ts');
const ROOT = join(__dirname, '..', '..');
const SHARED_SECRET = 'two-process-approval-secret-0123456789';

/** Pauses a turn in a real child process; returns the saved conversation's JSON. */
async function pauseInChild(emulator: ProviderEmulator, session: string, dir: string, secret: string | undefined): Promise<string> {
  const file = join(dir, `${session}.json`);
  const env: NodeJS.ProcessEnv = { ...process.env, TS_NODE_TRANSPILE_ONLY: 'true' };
  delete env[APPROVAL_SECRET_ENV];
  if (secret) env[APPROVAL_SECRET_ENV] = secret;
  const { stdout } = await run(process.execPath, ['-r', 'ts-node/register/transpile-only', CHILD, emulator.url('/v1', session), file], { cwd: ROOT, env });
  expect(stdout.trim()).toBe('paused call_t');
  return readFileSync(file, 'utf8');
}

/** Builds the parent's chat with `CHAT_TS_APPROVAL_SECRET` set to `secret` (or unset), as a new process would. */
function parentChat(emulator: ProviderEmulator, session: string, secret: string | undefined, runs: unknown[]) {
  const saved = process.env[APPROVAL_SECRET_ENV];
  if (secret) process.env[APPROVAL_SECRET_ENV] = secret;
  else delete process.env[APPROVAL_SECRET_ENV];
  try {
    const provider = new ChatCompletionsBuilder().withBaseUrl(emulator.url('/v1', session)).withModel('m').build();
    return new ChatBuilder().withModel(provider).withTools([transferTool(runs)]).build();
  } finally {
    if (saved === undefined) delete process.env[APPROVAL_SECRET_ENV];
    else process.env[APPROVAL_SECRET_ENV] = saved;
  }
}

describe('human in the loop across two real processes', () => {
  jest.setTimeout(120_000);
  let emulator: ProviderEmulator;
  let dir: string;
  beforeAll(async () => {
    emulator = await ProviderEmulator.start();
    dir = mkdtempSync(join(tmpdir(), 'chat-ts-hitl-'));
  });
  afterAll(async () => {
    await emulator.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it(`with the same ${APPROVAL_SECRET_ENV}: a child pauses and saves, the parent loads, approves and resumes the same turn`, async () => {
    emulator.script([{ toolCalls: [{ id: 'call_t', name: 'transfer', arguments: { amount: 5 } }] }, { text: 'Sent 5 to Bob.' }], 'same');
    const saved = await pauseInChild(emulator, 'same', dir, SHARED_SECRET);
    const runs: unknown[] = [];
    const messages = Messages.fromJSON(saved).approve('call_t');
    const reply = await parentChat(emulator, 'same', SHARED_SECRET, runs).complete(messages);
    expect(reply.status).toBe('completed');
    expect(reply.text).toBe('Sent 5 to Bob.');
    expect(reply.warnings).toBeUndefined();
    expect(runs).toEqual([{ amount: 5 }]);
    expect(emulator.requests('same')).toHaveLength(2);
    expect((emulator.requests('same')[1].body as { messages: unknown[] }).messages.at(-1)).toEqual({ role: 'tool', tool_call_id: 'call_t', content: 'sent' });
  });

  it('without a shared secret: the approval does not verify, the call waits again and a warning says what to set', async () => {
    emulator.script([{ toolCalls: [{ id: 'call_t', name: 'transfer', arguments: { amount: 5 } }] }], 'none');
    const saved = await pauseInChild(emulator, 'none', dir, undefined);
    const runs: unknown[] = [];
    const chat = parentChat(emulator, 'none', undefined, runs);

    const reply = await chat.complete(Messages.fromJSON(saved).approve('call_t'));
    expect(reply.status).toBe('paused');
    expect(reply.pendingToolCalls.map((c) => c.id)).toEqual(['call_t']);
    expect(reply.warnings).toHaveLength(1);
    expect(reply.warnings?.[0]).toContain('Tool call "transfer" (call_t) is approved, but its approval seal does not verify in this process');
    expect(reply.warnings?.[0]).toContain(`withApprovalSecret() or the ${APPROVAL_SECRET_ENV} environment variable`);

    const events = await lastValueFrom(chat.stream(Messages.fromJSON(saved).approve('call_t')).pipe(toArray()));
    const types = events.map((e) => e.type);
    expect(types).toEqual(['warning', 'paused', 'finish']);
    expect(events[0]).toEqual({ type: 'warning', message: reply.warnings?.[0] });
    expect(runs).toEqual([]);
    expect(emulator.requests('none')).toHaveLength(1);
  });
});
