import { errorFromHttp } from '../../errors/http-error.mapper';
import { InvalidResponseError } from '../../errors/invalid-response.error';
import { summariseBody } from '../shared/body.summary';
import type { WireStreamMapper } from '../shared/event-stream';
import type { OllamaPullProgress } from './ollama-config.types';

function numberOrUndefined(value: unknown): number | undefined {
  return typeof value === 'number' && Number.isFinite(value) ? value : undefined;
}

/**
 * Maps the NDJSON lines of `POST /api/pull` to progress values. An `{"error": "..."}` line is a typed
 * error (a model absent from the registry is an `InvalidRequestError`); a stream that ends before
 * `success` is an `InvalidResponseError`.
 */
export class OllamaPullMapper implements WireStreamMapper<string, OllamaPullProgress> {
  private succeeded = false;

  constructor(
    private readonly provider: string,
    private readonly model: string,
  ) {}

  onEvent(line: string, next: (value: OllamaPullProgress) => void): void {
    let value: unknown;
    try {
      value = JSON.parse(line);
    } catch {
      throw new InvalidResponseError(`${this.provider} sent a malformed pull progress line: ${summariseBody(line, 120)}`, {
        provider: this.provider,
      });
    }
    const o = (typeof value === 'object' && value !== null ? value : {}) as Record<string, unknown>;
    if (o.error !== undefined) {
      const message = typeof o.error === 'string' ? o.error : JSON.stringify(o.error);
      const missing = /does not exist|not found|manifest unknown|invalid model name/i.test(message);
      throw errorFromHttp({ provider: this.provider, status: missing ? 404 : 500, message: `pulling ${this.model}: ${message}` });
    }
    if (typeof o.status !== 'string') return;
    if (o.status === 'success') this.succeeded = true;
    const digest = typeof o.digest === 'string' ? o.digest : undefined;
    const total = numberOrUndefined(o.total);
    const completed = numberOrUndefined(o.completed);
    next({ status: o.status, ...(digest ? { digest } : {}), ...(total !== undefined ? { total } : {}), ...(completed !== undefined ? { completed } : {}) });
  }

  onEnd(): void {
    if (!this.succeeded) {
      throw new InvalidResponseError(`${this.provider} pull of ${this.model} ended before it reported success`, {
        provider: this.provider,
        retryable: true,
      });
    }
  }
}
