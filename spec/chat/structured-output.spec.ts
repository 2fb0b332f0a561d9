import { lastValueFrom, toArray } from 'rxjs';
import { ChatBuilder, partialOutputs, toResponse } from '../../lib/chat';
import { Messages } from '../../lib/core/messages';
import { OutputValidationError } from '../../lib/errors';
import { ScriptedProvider } from '../support/scripted.provider';
import { makeTool, requireCity, weatherSpec, type Weather } from '../support/test-tools';

describe('structured output', () => {
  it('sends the response format and returns the validated output', async () => {
    const provider = new ScriptedProvider([{ text: '{"city":"Paris","celsius":21}' }]);
    const chat = new ChatBuilder().withModel(provider).withStructuredOutput(weatherSpec).build();
    const reply = await chat.complete('Weather in Paris?');
    const output: Weather = reply.output;
    expect(output).toEqual({ city: 'Paris', celsius: 21 });
    expect(provider.requests[0].responseFormat).toEqual({ name: 'Weather', schema: weatherSpec.schema });
  });

  it('reads JSON inside a ```json fence', async () => {
    const provider = new ScriptedProvider([{ text: 'Here:\n```json\n{"city":"Rome","celsius":30}\n```' }]);
    const reply = await new ChatBuilder().withModel(provider).withStructuredOutput(weatherSpec).build().complete('x');
    expect(reply.output).toEqual({ city: 'Rome', celsius: 30 });
  });

  it('sends the validation errors back and asks again, keeping the repair exchange off the conversation', async () => {
    const provider = new ScriptedProvider([{ text: '{"city":"Paris"}' }, { text: 'not json at all' }, { text: '{"city":"Paris","celsius":19}' }]);
    const messages = Messages.fromUser('Weather?');
    const reply = await new ChatBuilder().withModel(provider).withStructuredOutput(weatherSpec).build().complete(messages);
    expect(reply.output).toEqual({ city: 'Paris', celsius: 19 });
    expect(provider.calls).toHaveLength(3);
    const repair1 = provider.calls[1].messages.at(-1);
    expect(repair1?.role).toBe('user');
    expect(JSON.stringify(repair1?.parts)).toContain('celsius must be a number');
    expect(JSON.stringify(provider.calls[2].messages.at(-1)?.parts)).toContain('not valid JSON');
    expect(provider.calls[2].messages.map((m) => m.role)).toEqual(['user', 'assistant', 'user', 'assistant', 'user']);
    // the conversation holds the question and the valid answer only
    expect(messages.toArray().map((m) => m.role)).toEqual(['user', 'assistant']);
    expect(reply.usage.totalTokens).toBe(45);
  });

  it('gives up after repairAttempts with OutputValidationError carrying the raw text and error tree', async () => {
    const provider = new ScriptedProvider([{ text: '{"city":1}' }]);
    const chat = new ChatBuilder().withModel(provider).withStructuredOutput(weatherSpec).withRepairAttempts(1).build();
    const error = (await chat.complete('x').catch((e: unknown) => e)) as OutputValidationError;
    expect(error).toBeInstanceOf(OutputValidationError);
    expect(provider.calls).toHaveLength(2);
    expect(error.rawText).toBe('{"city":1}');
    expect(error.errors.map((e) => e.property)).toEqual(['city', 'celsius']);
    expect(error.attempts).toBe(2);
    expect(error.usage?.totalTokens).toBe(30);
  });

  it('defaults to two repair attempts', async () => {
    const provider = new ScriptedProvider([{ text: 'nope' }]);
    await expect(new ChatBuilder().withModel(provider).withStructuredOutput(weatherSpec).build().complete('x')).rejects.toBeInstanceOf(OutputValidationError);
    expect(provider.calls).toHaveLength(3);
  });

  it('runs tools first, then returns the typed final answer', async () => {
    const weather = makeTool({ name: 'weather', validate: requireCity, execute: ({ city }) => ({ city, celsius: 12 }) });
    const provider = new ScriptedProvider([{ toolCalls: [{ id: 'w', name: 'weather', arguments: { city: 'Oslo' } }] }, { text: '{"city":"Oslo","celsius":12}' }]);
    const messages = Messages.fromUser('Oslo?');
    const reply = await new ChatBuilder().withModel(provider).withTools([weather]).withStructuredOutput(weatherSpec).build().complete(messages);
    expect(reply.output).toEqual({ city: 'Oslo', celsius: 12 });
    expect(provider.requests.every((r) => r.responseFormat?.name === 'Weather' && r.tools?.length === 1)).toBe(true);
    expect(messages.toArray().map((m) => m.role)).toEqual(['user', 'assistant', 'tool', 'assistant']);
  });

  it('asks for JSON in the system prompt when the provider has no native structured output', async () => {
    const provider = new ScriptedProvider([{ text: '{"city":"Lima","celsius":18}' }], { capabilities: { structuredOutput: false } });
    await new ChatBuilder().withModel(provider).withSystemPrompt('Be brief.').withStructuredOutput(weatherSpec).build().complete('x');
    expect(provider.requests[0].system).toMatch(/^Be brief\.\n\nAnswer with only a JSON value/);
  });

  it('streams partial objects as the JSON forms, then the validated output at finish', async () => {
    const provider = new ScriptedProvider([{ text: '{"city":"Paris","celsius":21}', chunkSize: 5 }]);
    const chat = new ChatBuilder().withModel(provider).withStructuredOutput(weatherSpec).build();
    const partials = await lastValueFrom(chat.stream('x').pipe(partialOutputs(), toArray()));
    expect(partials[0]).toEqual({});
    expect(partials).toEqual([{}, { city: 'P' }, { city: 'Paris' }, { city: 'Paris', celsius: 21 }]);
    expect(partials.at(-1)).toEqual({ city: 'Paris', celsius: 21 });
    const reply = await lastValueFrom(chat.stream('x').pipe(toResponse()));
    const output: Weather = reply.output;
    expect(output).toEqual({ city: 'Paris', celsius: 21 });
  });
});
