/**
 * The arguments type of a tool that takes none but wants its `ToolContext`: the model sees an
 * empty object schema.
 *
 * @example
 * @Tool({ description: 'Who is asking' })
 * whoAmI(_args: NoArguments, context: ToolContext<{ user: string }>) {
 *   return context.context.user;
 * }
 */
export class NoArguments {}
