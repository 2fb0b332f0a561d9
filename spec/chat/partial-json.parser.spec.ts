import { parsePartialJson, stripJsonFence } from '../../lib/chat/partial-json.parser';

describe('parsePartialJson', () => {
  it('closes what is open at any cut point and agrees with JSON.parse at the end', () => {
    const full = '{"city":"Paris","tags":["a","b"],"n":-12.5e1,"ok":true,"none":null,"nested":{"x":[1,{"y":"z"}]}}';
    let previous = '';
    for (let i = 1; i <= full.length; i++) {
      const { value, complete } = parsePartialJson(full.slice(0, i));
      expect(complete).toBe(i === full.length);
      // every prefix parses to an object (or nothing yet), never throws
      expect(value === undefined || (typeof value === 'object' && value !== null)).toBe(true);
      previous = JSON.stringify(value);
    }
    expect(JSON.parse(previous)).toEqual(JSON.parse(full));
  });

  it('keeps partial strings, drops keys without values and half-written literals', () => {
    expect(parsePartialJson('{"city":"Par').value).toEqual({ city: 'Par' });
    expect(parsePartialJson('{"city":"Paris","ce').value).toEqual({ city: 'Paris' });
    expect(parsePartialJson('{"city":"Paris","celsius":').value).toEqual({ city: 'Paris' });
    expect(parsePartialJson('{"ok":tr').value).toEqual({});
    expect(parsePartialJson('{"n":-').value).toEqual({});
    expect(parsePartialJson('{"n":1.').value).toEqual({ n: 1 });
    expect(parsePartialJson('[1,2,{"a":"\\u00e9\\n').value).toEqual([1, 2, { a: 'é\n' }]);
    expect(parsePartialJson('{"s":"a\\').value).toEqual({ s: 'a' });
  });

  it('tolerates a ```json fence, open or closed', () => {
    expect(parsePartialJson('```json\n{"a":1').value).toEqual({ a: 1 });
    expect(parsePartialJson('```json\n{"a":1}\n```').value).toEqual({ a: 1 });
    expect(stripJsonFence('text ```json\n[1]\n``` after')).toBe('[1]\n');
  });

  it('gives nothing for text that cannot become JSON', () => {
    expect(parsePartialJson('Let me check the weather').value).toBeUndefined();
    expect(parsePartialJson('{"a" 1}').value).toBeUndefined();
    expect(parsePartialJson('').value).toBeUndefined();
    expect(parsePartialJson('   ').complete).toBe(false);
  });
});
