/** A short, safe description of an unexpected body (an HTML error page, a truncated JSON). */
export function summariseBody(body: string, max = 200): string {
  if (body.trim() === '') return 'an empty body';
  const html = /^\s*<(!doctype|html|head|body)/i.test(body);
  const text = html
    ? (body.match(/<title[^>]*>([^<]*)<\/title>/i)?.[1] ?? body.replace(/<[^>]+>/g, ' ')).replace(/\s+/g, ' ').trim()
    : body.replace(/\s+/g, ' ').trim();
  const cut = text.length > max ? `${text.slice(0, max)}…` : text;
  return html ? `an HTML page (${cut})` : `"${cut}"`;
}
