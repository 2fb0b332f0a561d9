import { ConfigurationError } from '../../errors/configuration.error';

/** The `ws` module's type (the package is an optional peer dependency, loaded on first use). */
export type WsModule = typeof import('ws');

let cached: WsModule | undefined;

/**
 * Loads the optional peer dependency `ws`; a `ConfigurationError` saying how to install it when
 * it is missing. Loaded lazily, so importing `chat-ts/ws` never fails by itself.
 */
export function loadWs(): WsModule {
  if (cached) return cached;
  try {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    cached = require('ws') as WsModule;
    return cached;
  } catch {
    throw new ConfigurationError('WebSocketTransport needs the optional peer dependency `ws`: npm install ws');
  }
}
