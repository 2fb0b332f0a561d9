import { lastValueFrom, toArray } from 'rxjs';
import { ChatBuilder, Messages } from '../../lib';
import type { StreamEvent, ToolProgressEvent, ToolResultEvent } from '../../lib/core/stream-event.types';
import { McpToolSet, type McpProgressEvent } from '../../lib/mcp';
import type { ProviderEmulator } from '../../lib/testing';
import { responsesAt } from '../support/emulated-providers';
import { useEmulator } from '../support/emulator-suite';
import { useEverythingTransports } from '../support/mcp-servers';

jest.setTimeout(60_000);

const { transports } = useEverythingTransports();

/** server-everything's long-running operation, called by a model the emulator scripts, in a chat stream. */
describe.each(transports)('MCP progress notifications as tool-progress events, server-everything over %s', (_label, config) => {
  let emulator: ProviderEmulator;
  useEmulator((e) => (emulator = e));
  let set: McpToolSet;
  const callbacks: McpProgressEvent[] = [];
  beforeAll(async () => {
    set = await McpToolSet.connect({ servers: { everything: config() }, onProgress: (e) => callbacks.push(e), timeoutMs: 20_000 });
  });
  afterAll(async () => {
    await set?.dispose();
  });

  it('streams the operation\'s progress between the call and its result; the set\'s onProgress hears the same', async () => {
    callbacks.length = 0;
    emulator.script([{ toolCalls: [{ id: 'op-1', name: 'trigger-long-running-operation', arguments: { duration: 0.4, steps: 4 } }] }, { text: 'The operation finished.' }], 'mcp-progress');
    const chat = new ChatBuilder().withModel(responsesAt(emulator, 'mcp-progress')).withTools(set).withRetry(false).build();
    const events: StreamEvent[] = await lastValueFrom(chat.stream(Messages.fromUser('run the long operation')).pipe(toArray()));

    const progress = events.filter((e): e is ToolProgressEvent => e.type === 'tool-progress');
    // the SDK drops a progress notification that arrives in the same chunk as the result: the last one may be missing
    expect(progress.length).toBeGreaterThanOrEqual(3);
    expect(progress.map((p) => p.progress)).toEqual([1, 2, 3, 4].slice(0, progress.length));
    for (const p of progress) expect(p).toMatchObject({ type: 'tool-progress', callId: 'op-1', name: 'trigger-long-running-operation', total: 4 });
    expect(callbacks.map((c) => [c.callId, c.progress])).toEqual(progress.map((p) => [p.callId, p.progress]));

    const resultAt = events.findIndex((e) => e.type === 'tool-result');
    expect(events.findIndex((e) => e.type === 'tool-call-end')).toBeLessThan(events.indexOf(progress[0]));
    expect(events.lastIndexOf(progress[progress.length - 1])).toBeLessThan(resultAt);
    expect((events[resultAt] as ToolResultEvent).result).toMatchObject({ callId: 'op-1' });
    expect((events[resultAt] as ToolResultEvent).result.isError).toBeFalsy();
    expect((events[resultAt] as ToolResultEvent).result.content).toMatch(/Steps: 4/);
    expect(events.at(-1)).toMatchObject({ type: 'finish', status: 'completed' });
  });

  it('complete() runs the same tool to its result; the set\'s onProgress still hears the progress', async () => {
    callbacks.length = 0;
    emulator.script([{ toolCalls: [{ id: 'op-2', name: 'trigger-long-running-operation', arguments: { duration: 0.2, steps: 2 } }] }, { text: 'Done.' }], 'mcp-progress');
    const chat = new ChatBuilder().withModel(responsesAt(emulator, 'mcp-progress')).withTools(set).withRetry(false).build();
    const response = await chat.complete(Messages.fromUser('run it'));
    expect(response.text).toBe('Done.');
    const result = response.messages?.flatMap((m) => m.parts).find((p) => p.type === 'tool-result');
    expect(result).toMatchObject({ callId: 'op-2' });
    expect(JSON.stringify(result)).toMatch(/Steps: 2/);
    expect(callbacks.length).toBeGreaterThanOrEqual(1);
    for (const c of callbacks) expect(c).toMatchObject({ callId: 'op-2', tool: 'trigger-long-running-operation', total: 2 });
  });
});
