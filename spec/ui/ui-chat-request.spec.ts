import { Messages } from '../../lib/core';
import { UIChatRequestError } from '../../lib/errors';
import { applyUIChatRequest, readUIChatRequest } from '../../lib/ui';

const user = (text: string) => ({ id: 'u', role: 'user', parts: [{ type: 'text', text }] });
const responded = (toolCallId: string, approval: Record<string, unknown>) => ({ type: 'tool-refund', toolCallId, state: 'approval-responded', input: {}, approval: { id: toolCallId, ...approval } });

function paused(): Messages {
  const messages = Messages.fromUser('Refund both');
  messages.add({
    role: 'assistant',
    parts: [
      { type: 'tool-call', id: 'a', name: 'refund', arguments: { amount: 1 }, status: 'pending' },
      { type: 'tool-call', id: 'b', name: 'refund', arguments: { amount: 2 }, status: 'pending' },
    ],
  });
  return messages;
}

describe('readUIChatRequest / applyUIChatRequest', () => {
  it('reads the chat id and the user text of a submitted message', () => {
    const request = readUIChatRequest({ id: 'c1', trigger: 'submit-message', messages: [user('Hello '), { id: 'x', role: 'user', parts: [{ type: 'text', text: 'there' }, { type: 'file', url: 'u' }] }] });
    expect(request).toEqual({ chatId: 'c1', trigger: 'submit-message', userText: 'there', approvals: [] });
    expect(applyUIChatRequest(new Messages(), request).last()).toMatchObject({ role: 'user' });
  });

  it('reads approval decisions of the last assistant message and applies them to the pending calls', () => {
    const request = readUIChatRequest({
      id: 'c1',
      messages: [user('Refund both'), { id: 'm', role: 'assistant', parts: [{ type: 'step-start' }, responded('a', { approved: true }), responded('b', { approved: false, reason: 'Too much' })] }],
    });
    expect(request.approvals).toEqual([{ toolCallId: 'a', approved: true }, { toolCallId: 'b', approved: false, reason: 'Too much' }]);
    const messages = applyUIChatRequest(paused(), request, { decidedBy: 'carol' });
    expect(messages.findToolCall('a')).toMatchObject({ status: 'approved', approval: { decidedBy: 'carol' } });
    expect(messages.findToolCall('b')).toMatchObject({ status: 'rejected', approval: { reason: 'Too much' } });
  });

  it.each([
    ['a body that is not an object', 'hello', 'The chat request body is not a JSON object'],
    ['no chat id', { messages: [user('x')] }, 'The chat request has no chat "id"'],
    ['no messages', { id: 'c', messages: [] }, 'The chat request has no "messages"'],
    ['a last message without parts', { id: 'c', messages: [{ role: 'user' }] }, 'The last message of the chat request has no "parts"'],
    ['a system message last', { id: 'c', messages: [{ role: 'system', parts: [] }] }, 'has role "system", not user or assistant'],
    ['an approval without a boolean', { id: 'c', messages: [{ role: 'assistant', parts: [responded('a', { approved: 'yes' })] }] }, 'has no boolean "approved"'],
  ])('rejects %s with a UIChatRequestError', (_name, body, message) => {
    expect(() => readUIChatRequest(body)).toThrow(UIChatRequestError);
    expect(() => readUIChatRequest(body)).toThrow(message);
  });

  it('refuses a request that adds nothing: empty text, or decisions for calls no longer pending', () => {
    expect(() => applyUIChatRequest(new Messages(), readUIChatRequest({ id: 'c', messages: [user('  ')] }))).toThrow(UIChatRequestError);
    const stale = readUIChatRequest({ id: 'c', messages: [{ role: 'assistant', parts: [responded('zz', { approved: true })] }] });
    expect(() => applyUIChatRequest(paused(), stale)).toThrow('decides no tool call that waits for approval');
  });
});
