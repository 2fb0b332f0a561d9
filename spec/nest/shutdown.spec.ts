import { join } from 'node:path';
import type { ChatProvider } from '../../lib/core/provider.types';
import { ChatModule, NestChat } from '../../lib/nest';
import { ProviderEmulator } from '../../lib/testing';
import { emulatedProvider, RecordingLogger, startContext } from './nest-test.helpers';

const PYTHON_TOOLS = join(__dirname, 'fixtures', 'python');

function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ESRCH') return false;
    throw error;
  }
}

/** The provider, with `dispose()` recording that it ran. */
function recordingDisposal(provider: ChatProvider, released: string[]): ChatProvider {
  return new Proxy(provider, {
    get: (target, key, receiver) => (key === 'dispose' ? async () => void released.push(`provider ${target.id}`) : Reflect.get(target, key, receiver)),
  });
}

describe('ChatModule releases what has a lifetime on application shutdown', () => {
  it('stops the Python host, disposes providers, then the resources in reverse order', async () => {
    const emulator = await ProviderEmulator.start();
    const endpoint = emulator.url('/v1/responses');
    const released: string[] = [];
    const moduleRef = await startContext({
      imports: [
        ChatModule.forRoot({
          provider: () => recordingDisposal(emulatedProvider(emulator), released),
          python: PYTHON_TOOLS,
          resources: [() => void released.push('first resource'), { dispose: async () => void released.push('second resource') }, emulator],
        }),
      ],
    });
    const chat = moduleRef.get(NestChat);
    expect(chat.tools.map((t) => t.name)).toEqual(['host_pid']);
    emulator.script([{ toolCalls: [{ id: 'p1', name: 'host_pid', arguments: {} }] }, { text: 'Got it.' }]);
    const reply = await chat.complete('Which pid?');
    const pid = Number(reply.toolResults[0].content);
    expect(pid).toBeGreaterThan(0);
    expect(pid).not.toBe(process.pid);
    expect(isRunning(pid)).toBe(true);

    await moduleRef.close();

    expect(isRunning(pid)).toBe(false);
    expect(released).toEqual(['provider responses', 'second resource', 'first resource']);
    await expect(fetch(endpoint, { method: 'POST', body: '{}' })).rejects.toThrow();
    expect(chat.isReady).toBe(false);
    await expect(chat.complete('Hello?')).rejects.toThrow(/not ready/);
  });

  it('a failing bootstrap releases what it had started and the resources given to it', async () => {
    const emulator = await ProviderEmulator.start();
    const endpoint = emulator.url('/v1/responses');
    const released: string[] = [];
    const logger = new RecordingLogger();
    const attempt = startContext(
      {
        imports: [
          ChatModule.forRoot({
            provider: () => recordingDisposal(emulatedProvider(emulator), released),
            chats: { broken: { provider: emulatedProvider(emulator), python: join(PYTHON_TOOLS, 'missing') } },
            resources: [emulator, () => void released.push('resource')],
          }),
        ],
      },
      logger,
    );
    await expect(attempt).rejects.toThrow(/Python tools directory not found/);
    expect(released).toEqual(['provider responses', 'resource']);
    await expect(fetch(endpoint, { method: 'POST', body: '{}' })).rejects.toThrow();
  });

  it('logs a failing release and goes on with the others', async () => {
    const released: string[] = [];
    const logger = new RecordingLogger();
    const emulator = await ProviderEmulator.start();
    const endpoint = emulator.url('/v1/responses');
    const moduleRef = await startContext(
      {
        imports: [
          ChatModule.forRoot({
            provider: emulatedProvider(emulator),
            resources: [emulator, { close: () => void released.push('closed') }, { dispose: () => Promise.reject(new Error('socket stuck')) }],
          }),
        ],
      },
      logger,
    );
    await moduleRef.close();
    expect(released).toEqual(['closed']);
    expect(logger.of('error')).toEqual(['ChatModule: Releasing a resource failed: socket stuck']);
    await expect(fetch(endpoint, { method: 'POST', body: '{}' })).rejects.toThrow();
  });
});
