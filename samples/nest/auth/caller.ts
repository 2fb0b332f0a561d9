import { createParamDecorator, type ExecutionContext } from '@nestjs/common';

/** Who is asking. A real app gets this from its authentication (JWT, session...). */
export interface Caller {
  readonly id: string;
  readonly roles: readonly string[];
}

/** The per-call `context` the sample gives its chat: tools and their guards read the caller from it. */
export interface ChatCallContext {
  readonly caller: Caller;
}

/** The sample's users: a customer, a support agent, a support manager. */
const USERS: Readonly<Record<string, Caller>> = {
  alice: { id: 'alice', roles: ['customer'] },
  bob: { id: 'bob', roles: ['support'] },
  carol: { id: 'carol', roles: ['support', 'manager'] },
};

const ANONYMOUS: Caller = { id: 'anonymous', roles: [] };

/** The caller named by the `x-user` header (stands for real authentication). */
export function callerFrom(request: { readonly headers: Readonly<Record<string, string | string[] | undefined>> }): Caller {
  const header = request.headers['x-user'];
  const id = Array.isArray(header) ? header[0] : header;
  return (id && USERS[id]) || ANONYMOUS;
}

/** Route parameter: the caller of the HTTP request. */
export const CurrentCaller = createParamDecorator((_data: unknown, ctx: ExecutionContext): Caller => callerFrom(ctx.switchToHttp().getRequest()));
