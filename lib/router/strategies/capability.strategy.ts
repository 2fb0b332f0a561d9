import type { ProviderCapabilities } from '../../core/provider.types';
import type { RoutedProvider, RoutingRequest, RoutingStrategy } from '../routing-strategy.types';

/** The capabilities a request needs. */
export function requiredCapabilities(request: RoutingRequest): Array<keyof Omit<ProviderCapabilities, 'nativeTools'>> {
  if (request.kind === 'embed') return ['embeddings'];
  const r = request.request;
  const needs: Array<keyof Omit<ProviderCapabilities, 'nativeTools'>> = [];
  if (request.kind === 'stream') needs.push('streaming');
  if (r?.tools && r.tools.length > 0) needs.push('tools');
  if (r?.responseFormat) needs.push('structuredOutput');
  if (r?.messages.some((m) => m.parts.some((p) => p.type === 'image'))) needs.push('vision');
  return needs;
}

/** Keeps only providers whose capability descriptor fits the request (tools, structured output, images, native tools, embeddings). */
export class CapabilityStrategy implements RoutingStrategy {
  route(providers: readonly RoutedProvider[], request: RoutingRequest): readonly RoutedProvider[] {
    const needs = requiredCapabilities(request);
    const native = request.request?.nativeTools?.map((t) => t.kind) ?? [];
    return providers.filter(
      (p) => needs.every((n) => p.provider.capabilities[n]) && native.every((k) => p.provider.capabilities.nativeTools.includes(k)),
    );
  }
}
