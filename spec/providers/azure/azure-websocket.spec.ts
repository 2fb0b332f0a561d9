import { lastValueFrom, toArray } from 'rxjs';
import { AzureOpenAIBuilder } from '../../../lib/providers/azure';
import { ProviderEmulator } from '../../../lib/testing/emulator';
import { WebSocketTransport } from '../../../lib/transport/ws';

describe('Azure OpenAI over a WebSocket (Responses WebSocket mode on the Azure endpoint)', () => {
  let emulator: ProviderEmulator;
  let transport: WebSocketTransport;
  beforeAll(async () => (emulator = await ProviderEmulator.start()));
  afterAll(async () => {
    await transport?.dispose();
    await emulator.close();
  });

  it('streams and completes over one socket at /openai/v1/responses with the api-key on the upgrade', async () => {
    transport = new WebSocketTransport({ poolSize: 1, pingIntervalMs: 0 });
    const provider = new AzureOpenAIBuilder().withBaseUrl(emulator.url('/openai')).withDeployment('gpt-ws').withApiKey('azure-ws-key-0123456789').withTransport(transport).build();
    emulator.script([{ text: 'Over the socket.' }, { text: 'Again.' }]);
    const events = await lastValueFrom(provider.stream({ messages: [{ role: 'user', parts: [{ type: 'text', text: 'hi' }] }] }).pipe(toArray()));
    expect(events.filter((e) => e.type === 'text-delta').map((e) => (e.type === 'text-delta' ? e.delta : '')).join('')).toBe('Over the socket.');
    const whole = await provider.complete({ messages: [{ role: 'user', parts: [{ type: 'text', text: 'again' }] }] });
    expect(whole.parts[0]).toMatchObject({ text: 'Again.' });
    const records = emulator.requests();
    expect(records.map((r) => [r.method, r.path])).toEqual([
      ['WS', '/openai/v1/responses'],
      ['WS', '/openai/v1/responses'],
    ]);
    expect(records[0].headers['api-key']).toBe('azure-ws-key-0123456789');
    expect(records[0].socket).toBe(records[1].socket);
  });
});
