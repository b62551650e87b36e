import { describe, expect, it } from 'vitest';
import { csvField, parseCsvLine } from './csv.ts';

describe('csv', () => {
  it('splits plain and quoted fields, keeping empty ones', () => {
    expect(parseCsvLine('a,,"b,c","say ""hi"""')).toEqual(['a', '', 'b,c', 'say "hi"']);
  });

  it('reports an unterminated quote', () => {
    expect(parseCsvLine('a,"b')).toEqual({ error: 'unterminated quoted field' });
  });

  it('quotes only fields that need it, and parses back what it wrote', () => {
    const values = ['plain', 'with,comma', 'with "quote"', ''];
    const line = values.map(csvField).join(',');
    expect(line).toBe('plain,"with,comma","with ""quote""",');
    expect(parseCsvLine(line)).toEqual(values);
  });
});
