// Argument parsers shared by the simulator commands: each rejects a bad value with a message that
// names the option, which commander prints before the CLI exits 2.
import { InvalidArgumentError } from 'commander';

export function integerOption(name: string, min: number, max = Number.MAX_SAFE_INTEGER) {
  return (value: string): number => {
    const n = Number(value);
    if (!/^-?\d+$/.test(value.trim()) || !Number.isSafeInteger(n) || n < min || n > max) {
      throw new InvalidArgumentError(`${name} must be a whole number from ${min}${max === Number.MAX_SAFE_INTEGER ? ' up' : ` to ${max}`}, got ${JSON.stringify(value)}`);
    }
    return n;
  };
}
