// A local stand-in for the Anthropic Messages API that replays a scripted exchange, turn by turn,
// and records every request. It answers 500 with a clear message when the planner asks for more
// turns than the script has, so a test can never pass by accident on an unscripted path.
import { createServer, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface ScriptedTurn {
  content: unknown[];
  stop_reason: 'tool_use' | 'end_turn' | 'max_tokens';
  usage?: { input_tokens: number; output_tokens: number; cache_read_input_tokens?: number; cache_creation_input_tokens?: number };
}

export interface FakeAnthropic {
  url: string;
  requests: Record<string, any>[];
  remaining(): number;
  close(): Promise<void>;
}

export async function startFakeAnthropic(script: ScriptedTurn[]): Promise<FakeAnthropic> {
  const queue = [...script];
  const requests: Record<string, any>[] = [];
  const server = createServer(async (req, res) => {
    const body = JSON.parse(await read(req)) as Record<string, any>;
    requests.push(body);
    const turn = queue.shift();
    res.setHeader('content-type', 'application/json');
    if (req.method !== 'POST' || !req.url?.startsWith('/v1/messages')) {
      res.writeHead(404).end(JSON.stringify({ type: 'error', error: { type: 'not_found_error', message: `${req.method} ${req.url}` } }));
      return;
    }
    if (!turn) {
      res.writeHead(500).end(JSON.stringify({ type: 'error', error: { type: 'api_error', message: `script exhausted after ${script.length} turns: the planner asked for more than was scripted` } }));
      return;
    }
    res.writeHead(200).end(
      JSON.stringify({
        id: `msg_${String(requests.length).padStart(24, '0')}`,
        type: 'message',
        role: 'assistant',
        model: body.model,
        content: turn.content,
        stop_reason: turn.stop_reason,
        stop_sequence: null,
        usage: { input_tokens: 0, output_tokens: 0, cache_read_input_tokens: 0, cache_creation_input_tokens: 0, ...turn.usage },
      }),
    );
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    remaining: () => queue.length,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

async function read(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}
