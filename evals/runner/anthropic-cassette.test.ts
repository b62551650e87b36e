import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { cassetteFile, createRecorder, encodeExchange, requestBodies, requestMismatch, startCassetteServer, type Cassette, type Fetch } from './anthropic-cassette.ts';

const tools = [{ name: 'datadog__query_service_metrics', input_schema: {} }, { name: 'submit_findings', input_schema: {} }];
const turn1 = { model: 'claude-x', max_tokens: 100, system: [{ type: 'text', text: 'sys' }], tools, tool_choice: { type: 'auto' }, messages: [{ role: 'user', content: [{ type: 'text', text: 'alert' }] }] };
const result = (content: unknown) => ({ type: 'tool_result', tool_use_id: 'toolu_1', content: JSON.stringify(content) });
const turn2 = (content: unknown = { service: 'a', took: 5, points: [1, 2] }) => ({
  ...turn1,
  messages: [...turn1.messages, { role: 'assistant', content: [{ type: 'tool_use', id: 'toolu_1', name: 'datadog__query_service_metrics', input: {} }] }, { role: 'user', content: [result(content)] }],
});
const ok = (id: string) => ({ status: 200, body: { id, type: 'message', content: [], usage: { input_tokens: 1, output_tokens: 1 } } });

describe('requestMismatch', () => {
  it('accepts a request whose tool results differ only in measured timings', () => {
    expect(requestMismatch(turn2(), turn2({ points: [1, 2], took: 17, service: 'a' }))).toBeUndefined();
  });
  it('names the first difference: model, tool names, answered ids, then the JSON path inside a tool result', () => {
    expect(requestMismatch(turn1, { ...turn1, model: 'claude-y' })).toBe('model: recorded "claude-x", got "claude-y"');
    expect(requestMismatch(turn1, { ...turn1, tools: [tools[1]] })).toBe('tool names: missing [datadog__query_service_metrics], new []');
    const other = turn2();
    (other.messages[2]!.content[0] as { tool_use_id: string }).tool_use_id = 'toolu_9';
    expect(requestMismatch(turn2(), other)).toBe('tool results answer [toolu_9], the recording answered [toolu_1]');
    expect(requestMismatch(turn2(), turn2({ service: 'a', took: 5, points: [1, 3] }))).toBe('messages[2].content[0].content (JSON).points[1]: recorded 2, got 3');
  });
});

describe('the cassette file format', () => {
  it('stores later turns as deltas and rebuilds the full bodies', () => {
    const cassette: Cassette = { format: 'ariadne/anthropic-messages-cassette', version: 1, name: 'x', model: 'claude-x', recordedAt: '', exchanges: [encodeExchange(1, turn1, undefined, ok('m1')), encodeExchange(2, turn2(), turn1, ok('m2'))] };
    const second = cassette.exchanges[1]!.request;
    expect(second.sameAsPreviousTurn).toEqual(['system', 'tools']);
    expect(second.messagesFromPreviousTurn).toBe(1);
    expect(second.body.messages).toHaveLength(2);
    expect(requestBodies(JSON.parse(JSON.stringify(cassette)) as Cassette)).toEqual([turn1, turn2()]);
  });
});

describe('the recorder and the replay server', () => {
  const dirs: string[] = [];
  const tmp = () => {
    const dir = mkdtempSync(join(tmpdir(), 'cassette-'));
    dirs.push(dir);
    return dir;
  };
  afterEach(() => dirs.splice(0).forEach((d) => rmSync(d, { recursive: true, force: true })));

  it('records what the planner saw (not retried failures), and never a header or the key', async () => {
    const file = join(tmp(), 'c.json');
    const answers = [new Response('{"type":"error"}', { status: 429 }), new Response(JSON.stringify(ok('m1').body), { status: 200 })];
    const upstream: Fetch = async () => answers.shift()!;
    const recorder = createRecorder({ file, name: 'c', secrets: ['sk-secret-value'], fetch: upstream });
    const init = { method: 'POST', headers: { 'x-api-key': 'sk-secret-value' }, body: JSON.stringify({ ...turn1, metadata: { note: 'sk-secret-value' } }) };
    expect((await recorder.fetch('http://upstream.test/v1/messages', init)).status).toBe(429);
    expect((await recorder.fetch('http://upstream.test/v1/messages', init)).status).toBe(200);
    const text = readFileSync(file, 'utf8');
    expect(text).not.toContain('sk-secret-value');
    expect(text).not.toContain('x-api-key');
    expect((JSON.parse(text) as Cassette).exchanges).toHaveLength(1);
  });

  it('serves turns in order, then refuses an extra turn, an unknown cassette, and everything after a mismatch', async () => {
    const dir = tmp();
    const cassette: Cassette = { format: 'ariadne/anthropic-messages-cassette', version: 1, name: 'c', model: 'claude-x', recordedAt: '', exchanges: [encodeExchange(1, turn1, undefined, ok('m1'))] };
    writeFileSync(cassetteFile(dir, 'c'), JSON.stringify(cassette));
    const server = await startCassetteServer(dir);
    try {
      const post = async (name: string, body: unknown) => {
        const res = await fetch(`${server.urlFor(name)}/v1/messages`, { method: 'POST', body: JSON.stringify(body) });
        return { status: res.status, body: (await res.json()) as { id?: string; error?: { message: string } } };
      };
      expect(await post('c', turn1)).toMatchObject({ status: 200, body: { id: 'm1' } });
      expect(server.state('c')).toMatchObject({ turns: 1, served: 1 });
      expect((await post('c', turn2())).body.error?.message).toBe('cassette c, turn 2: the recording has 1 turns and the planner asked for another');
      expect((await post('c', turn1)).status).toBe(400);
      expect((await post('missing', turn1)).status).toBe(404);
    } finally {
      await server.close();
    }
  });
});
