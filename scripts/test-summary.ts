// Prints vitest's totals as one plain closing line ("N passed, N failed"), which CI reads.
import { readFileSync } from 'node:fs';

const path = process.argv[2] ?? '.data/vitest-results.json';
try {
  const results = JSON.parse(readFileSync(path, 'utf8')) as { numPassedTests: number; numFailedTests: number; numPendingTests: number };
  console.log(`${results.numPassedTests} passed, ${results.numFailedTests} failed, ${results.numPendingTests} skipped`);
} catch (error) {
  console.log(`test summary unavailable: ${(error as Error).message}`);
  process.exitCode = 1;
}
