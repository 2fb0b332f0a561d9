import { ClaudeBuilder } from '../../lib/providers/claude';
import { GeminiBuilder } from '../../lib/providers/gemini';
import { MistralBuilder } from '../../lib/providers/mistral';
import { OllamaBuilder } from '../../lib/providers/ollama';
import { VertexClaudeBuilder, VertexGeminiBuilder } from '../../lib/providers/vertex';
import type { ProviderEmulator } from '../../lib/testing';
import { useEmulator } from '../support/emulator-suite';
import { describeWithSpecs, type OfficialSpecs } from '../support/official-specs';
import { expectConforming } from '../support/request-conformance';
import { captureBodies } from '../support/request-scenarios';

/**
 * Request bodies of the providers with their own wire, and of the Mistral preset, against their
 * official specs: `anthropic-openapi.json` (CreateMessageParams), `gemini-native.openapi.json`
 * (GenerateContentRequest), `gemini-v1beta-openapi3.json` (EmbedContentRequest, BatchEmbedContentsRequest), `mistral-openapi.yaml`
 * (ChatCompletionRequest, EmbeddingRequest: closed objects), `ollama-openapi.yaml` (EmbedRequest).
 */
describeWithSpecs('request bodies against the Anthropic, Gemini, Mistral and Ollama specs', (specs: OfficialSpecs) => {
  let emulator: ProviderEmulator;
  useEmulator((e) => (emulator = e));
  const key = 'spec-check-key';

  it('Mistral: chat and embeddings bodies fit its closed schema (seed, stream_options, reasoning_effort)', async () => {
    const chat = specs.schema('mistral-openapi.yaml', 'ChatCompletionRequest');
    const embeddings = specs.schema('mistral-openapi.yaml', 'EmbeddingRequest');
    const provider = new MistralBuilder().withBaseUrl(emulator.url('/v1')).withApiKey(key).withModel('mistral-small-latest').withEmbeddings('mistral-embed').build();
    const { bodies } = await captureBodies(provider, emulator, { reasoning: { effort: 'medium' }, seed: 3 });
    expectConforming('MistralBuilder', bodies, (b) => (b.path.endsWith('/embeddings') ? embeddings : chat));
    expect(bodies.find((b) => b.scenario === 'plain')?.body).toMatchObject({ random_seed: 7 });
    expect(bodies.find((b) => b.scenario === 'files')?.body).toMatchObject({
      messages: [{ content: [{ type: 'text' }, { type: 'document_url', document_url: expect.stringMatching(/^data:application\/pdf;base64,/), document_name: 'a.pdf' }] }],
    });
  }, 120_000);

  it.each([
    ['ClaudeBuilder', () => new ClaudeBuilder().withBaseUrl(emulator.url()).withApiKey(key).withModel('claude-sonnet-4-5').build(), undefined],
    [
      'ClaudeBuilder (thinking, tool structured output)',
      () => new ClaudeBuilder().withBaseUrl(emulator.url()).withApiKey(key).withModel('claude-3-7-sonnet').withThinking(2048).withStructuredOutput('tool').build(),
      { reasoning: { budgetTokens: 2048 } },
    ],
  ] as const)('%s sends conforming Messages bodies', async (name, make, reasoning) => {
    const messages = specs.schema('anthropic-openapi.json', 'CreateMessageParams');
    const { bodies } = await captureBodies(make(), emulator, reasoning);
    expectConforming(name, bodies, () => messages);
  }, 120_000);

  it.each([
    ['GeminiBuilder', () => new GeminiBuilder().withBaseUrl(emulator.url('/v1beta')).withApiKey(key).withModel('gemini-2.5-flash').withEmbeddings('gemini-embedding-001').build()],
    ['GeminiBuilder (thinking)', () => new GeminiBuilder().withBaseUrl(emulator.url('/v1beta')).withApiKey(key).withModel('gemini-2.5-pro').withThinking({ budgetTokens: 1024, includeThoughts: true }).build()],
  ] as const)('%s sends conforming generateContent and embedding bodies', async (name, make) => {
    const generate = specs.schema('gemini-native.openapi.json', 'GenerateContentRequest');
    // Embeddings against Google's own discovery document: it declares `model` on each request
    // (required in a batch), which the generated gemini-native document leaves out.
    const embed = specs.schema('gemini-v1beta-openapi3.json', 'EmbedContentRequest');
    const batch = specs.schema('gemini-v1beta-openapi3.json', 'BatchEmbedContentsRequest');
    const { bodies } = await captureBodies(make(), emulator, { reasoning: { effort: 'high', budgetTokens: 1024 } });
    expectConforming(name, bodies, (b) => (b.path.endsWith(':batchEmbedContents') ? batch : b.path.endsWith(':embedContent') ? embed : generate));
  }, 120_000);

  // Vertex AI publishes no OpenAPI document (none is in ../shared/specs): its Gemini bodies come from
  // the Gemini mapper and are checked against the Gemini API's schema; its Claude bodies against
  // Anthropic's, where Anthropic's Vertex shape differs exactly as documented (docs/request-conformance.md).
  it('VertexGeminiBuilder: generateContent bodies fit the Gemini API GenerateContentRequest (embeddings use Vertex :predict, no schema)', async () => {
    const generate = specs.schema('gemini-native.openapi.json', 'GenerateContentRequest');
    const provider = new VertexGeminiBuilder().withBaseUrl(emulator.url()).withApiKey(key).withModel('gemini-2.5-flash').withEmbeddings('text-embedding-005').build();
    const { bodies } = await captureBodies(provider, emulator, { reasoning: { effort: 'high', budgetTokens: 1024 } });
    expect(bodies.filter((b) => b.path.endsWith(':predict')).length).toBeGreaterThan(0);
    expectConforming('VertexGeminiBuilder', bodies.filter((b) => !b.path.endsWith(':predict')), () => generate);
  }, 120_000);

  it("VertexClaudeBuilder: rawPredict bodies fit CreateMessageParams but for Anthropic's Vertex shape (anthropic_version in the body, the model in the URL)", async () => {
    const messages = specs.schema('anthropic-openapi.json', 'CreateMessageParams');
    const provider = new VertexClaudeBuilder().withBaseUrl(emulator.url()).withProject('p').withLocation('us-east5').withTokenProvider(() => 'ya29.token').withModel('claude-sonnet-4-5@20250929').build();
    const { bodies } = await captureBodies(provider, emulator);
    expect(bodies.length).toBeGreaterThanOrEqual(10);
    for (const b of bodies) {
      expect([b.scenario, b.path]).toEqual([b.scenario, expect.stringMatching(/\/publishers\/anthropic\/models\/claude-sonnet-4-5%4020250929:(raw|streamRaw)Predict$/)]);
      expect([b.scenario, messages(b.body)]).toEqual([b.scenario, ['CreateMessageParams must have required property \'model\' {"missingProperty":"model"}', 'CreateMessageParams.anthropic_version: not a property the spec declares']]);
    }
  }, 120_000);

  it('Ollama: native /api/embed bodies fit EmbedRequest', async () => {
    const embed = specs.schema('ollama-openapi.yaml', 'EmbedRequest');
    const provider = new OllamaBuilder().withBaseUrl(emulator.url('/v1')).withModel('llama3.2').withEmbeddings('nomic-embed-text').build();
    await provider.embed({ texts: ['alpha', 'beta'] });
    await provider.embed({ texts: ['gamma'], dimensions: 4 });
    const bodies = emulator.requests().map((r) => ({ scenario: 'embeddings', path: r.path, body: r.body }));
    expect(bodies.map((b) => b.path)).toEqual(['/api/embed', '/api/embed']);
    expectConforming('OllamaBuilder', bodies, () => embed);
  });
});
