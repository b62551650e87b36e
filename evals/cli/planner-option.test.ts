import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { evalPlanner } from './planner-option.ts';

describe('ariadne eval --planner', () => {
  it('runs the deterministic planner by default, and cassettes only with claude', async () => {
    expect(await evalPlanner({ planner: 'deterministic' }, {})).toBeUndefined();
    await expect(evalPlanner({ planner: 'deterministic', replayCassettes: 'x' }, {})).rejects.toThrow(/need --planner claude/);
  });

  it('needs a key live and when recording, none when replaying', async () => {
    await expect(evalPlanner({ planner: 'claude' }, {})).rejects.toThrow(/needs ANTHROPIC_API_KEY/);
    await expect(evalPlanner({ planner: 'claude', recordCassettes: 'x' }, {})).rejects.toThrow(/--record-cassettes needs ANTHROPIC_API_KEY/);
    await expect(evalPlanner({ planner: 'claude', recordCassettes: 'x', replayCassettes: 'y' }, { ANTHROPIC_API_KEY: 'k' })).rejects.toThrow(/not both/);
    const dir = mkdtempSync(join(tmpdir(), 'replay-'));
    try {
      const replay = await evalPlanner({ planner: 'claude', replayCassettes: dir }, {});
      expect(replay?.planner).toBeTypeOf('function');
      await replay?.close();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
