import { NetworkError } from '../../errors/network.error';
import type { Transport, TransportRequest, TransportResponse, TransportStream } from '../../transport/transport.types';
import { geminiErrorFromResponse } from './gemini-error.reader';

/**
 * Wraps a transport so that every HTTP error status of the Gemini API becomes its typed error
 * here, with Google's details (`ErrorInfo`, `QuotaFailure`, `RetryInfo`) taken into account,
 * before the shared JSON/stream helpers see the response.
 */
export class GeminiErrorTransport implements Transport {
  constructor(private readonly inner: Transport) {}

  async request(request: TransportRequest): Promise<TransportResponse> {
    const res = await this.inner.request(request);
    if (res.status >= 400) throw geminiErrorFromResponse(res);
    return res;
  }

  async stream(request: TransportRequest): Promise<TransportStream> {
    const res = await this.inner.stream(request);
    if (res.status < 400) return res;
    const chunks: Buffer[] = [];
    try {
      for await (const chunk of res.body) chunks.push(Buffer.from(chunk as Buffer));
    } catch (error) {
      const code = (error as { code?: string })?.code;
      throw new NetworkError(`gemini error response was cut (HTTP ${res.status})`, { provider: 'gemini', status: res.status, code });
    }
    throw geminiErrorFromResponse({ status: res.status, headers: res.headers, body: Buffer.concat(chunks).toString('utf8') });
  }
}
