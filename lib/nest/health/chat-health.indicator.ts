import { Injectable } from '@nestjs/common';
import { HealthIndicatorService, type HealthIndicatorResult } from '@nestjs/terminus';
import type { ChatHealthSnapshot } from '../chat-health';
import { ChatRegistry } from '../chat.registry';

/** Options of {@link ChatHealthIndicator.isHealthy}. */
export interface ChatHealthCheckOptions {
  /** Chats to check (default: every configured chat). */
  readonly chats?: readonly string[];
  /**
   * Send each provider a tiny request (`ping`, at most 16 output tokens) instead of judging from
   * the traffic so far. A probe's outcome is recorded like a call's: one that succeeds clears a
   * `down` state for the checks after it. Costs tokens; default false.
   */
  readonly probe?: boolean;
  /** Time limit of a probe, ms (default 10 000). */
  readonly timeoutMs?: number;
}

/** One chat's line in the health report. */
export type ChatHealthDetail = ChatHealthSnapshot & { readonly probe?: 'ok' | 'failed'; readonly probeError?: string };

/**
 * The chats' providers as a `@nestjs/terminus` health indicator. By default it reports what the
 * calls so far say (a provider is down when its last call failed because of the provider: network,
 * 5xx, auth, quota... and none succeeded since); with `probe: true` it asks each provider.
 * Add it to the providers of a module that imports `TerminusModule` (any module: the `ChatModule` root is global unless `isGlobal: false`).
 *
 * @example
 * @Controller('health')
 * export class HealthController {
 *   constructor(private readonly health: HealthCheckService, private readonly chats: ChatHealthIndicator) {}
 *
 *   @Get()
 *   @HealthCheck()
 *   check() {
 *     return this.health.check([() => this.chats.isHealthy('llm')]);
 *   }
 * }
 * @publicApi
 */
@Injectable()
export class ChatHealthIndicator {
  constructor(
    private readonly registry: ChatRegistry,
    private readonly indicator: HealthIndicatorService,
  ) {}

  /** `up` when every checked chat's provider is up (or has not been used yet), else `down`, with a line per chat. */
  async isHealthy<const Key extends string>(key: Key, options: ChatHealthCheckOptions = {}): Promise<HealthIndicatorResult<Key>> {
    const names = options.chats ?? this.registry.names();
    const details = await Promise.all(names.map((name) => this.detail(name, options)));
    const byChat: Record<string, ChatHealthDetail> = Object.fromEntries(details.map((d) => [d.chat, d]));
    const session = this.indicator.check(key);
    return details.some((d) => d.status === 'down') ? session.down(byChat) : session.up(byChat);
  }

  private async detail(name: string, options: ChatHealthCheckOptions): Promise<ChatHealthDetail> {
    const chat = this.registry.get(name);
    if (!options.probe) return chat.healthSnapshot();
    try {
      await chat.probe(options.timeoutMs);
      return { ...chat.healthSnapshot(), probe: 'ok' };
    } catch (error) {
      return { ...chat.healthSnapshot(), status: 'down', probe: 'failed', probeError: (error as Error)?.message ?? String(error) };
    }
  }
}
