import { ConfigurationError } from '../../errors/configuration.error';
import { InvalidResponseError } from '../../errors/invalid-response.error';
import type { FrameParser } from '../shared/event-stream';

/** One decoded frame of a Bedrock event stream. */
export interface BedrockFrame {
  /** `:message-type`: `event` or `exception`. */
  readonly messageType: string;
  /** `:event-type` (events) or `:exception-type` (exceptions), e.g. `contentBlockDelta`, `throttlingException`. */
  readonly type: string;
  /** The JSON payload. */
  readonly payload: { readonly [key: string]: unknown };
}

interface Codec {
  decode(message: ArrayBufferView): { headers: Record<string, { type: string; value: unknown }>; body: Uint8Array };
}

let codec: Codec | undefined;

/** The AWS SDK's event-stream codec (`@smithy/eventstream-codec`, an optional peer dependency). */
function awsCodec(provider: string): Codec {
  if (codec) return codec;
  try {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const { EventStreamCodec } = require('@smithy/eventstream-codec') as { EventStreamCodec: new (toUtf8: (b: Uint8Array) => string, fromUtf8: (s: string) => Uint8Array) => Codec };
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const { toUtf8, fromUtf8 } = require('@smithy/util-utf8') as { toUtf8: (b: Uint8Array) => string; fromUtf8: (s: string) => Uint8Array };
    codec = new EventStreamCodec(toUtf8, fromUtf8);
    return codec;
  } catch {
    throw new ConfigurationError(`${provider}: ConverseStream needs the AWS event-stream codec: npm install @smithy/eventstream-codec @smithy/util-utf8`, { provider });
  }
}

/** Whether the AWS event-stream codec can be loaded. */
export function hasEventStreamCodec(): boolean {
  try {
    require.resolve('@smithy/eventstream-codec');
    require.resolve('@smithy/util-utf8');
    return true;
  } catch {
    return false;
  }
}

/**
 * Splits a `application/vnd.amazon.eventstream` body into frames (each starts with its 4-byte
 * big-endian total length; HTTP chunks do not line up with frames) and decodes each with the AWS
 * SDK's `EventStreamCodec`, which checks both CRCs and reads the headers.
 */
export function bedrockFrameParser(provider: string): (onEvent: (event: unknown) => void) => FrameParser {
  const decoder = awsCodec(provider);
  return (onEvent) => {
    let buffered: Buffer = Buffer.alloc(0);
    return {
      push(chunk: Buffer): void {
        buffered = buffered.length === 0 ? chunk : Buffer.concat([buffered, chunk]);
        while (buffered.length >= 4) {
          const total = buffered.readUInt32BE(0);
          if (total < 16) throw new InvalidResponseError(`${provider} sent an event-stream frame of impossible length ${total}`, { provider });
          if (buffered.length < total) return;
          const frame = buffered.subarray(0, total);
          buffered = buffered.subarray(total);
          let message: ReturnType<Codec['decode']>;
          try {
            message = decoder.decode(frame);
          } catch (error) {
            throw new InvalidResponseError(`${provider} sent a corrupt event-stream frame: ${(error as Error).message}`, { provider, cause: error });
          }
          const header = (name: string): string => String(message.headers[name]?.value ?? '');
          const messageType = header(':message-type');
          const type = messageType === 'exception' ? header(':exception-type') : messageType === 'error' ? header(':error-code') : header(':event-type');
          const text = Buffer.from(message.body).toString('utf8');
          const payload = text.trim() === '' ? {} : (JSON.parse(text) as { [key: string]: unknown });
          onEvent({ messageType, type, payload: messageType === 'error' ? { message: header(':error-message') } : payload } satisfies BedrockFrame);
        }
      },
      end(): void {
        if (buffered.length > 0) throw new InvalidResponseError(`${provider} stream ended in the middle of an event-stream frame (${buffered.length} bytes left)`, { provider });
      },
    };
  };
}
