// Every "random" choice in the world comes from here: a hash of the things that identify the choice
// (seed, service, metric, slot, timestamp). Nothing depends on call order, so responses are
// byte-identical whatever order requests arrive in. Never use Math.random or Date.now in the world.

export type HashPart = string | number;

/** A 32-bit hash of the parts (FNV-1a over the joined text, then the murmur3 finalizer for avalanche). */
export function hash32(...parts: HashPart[]): number {
  let h = 0x811c9dc5;
  const text = parts.join('\u001f');
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

/** A number in [0, 1) determined by the parts. */
export function unitInterval(...parts: HashPart[]): number {
  return hash32(...parts) / 0x1_0000_0000;
}

/** A number in [-1, 1) determined by the parts: symmetric noise. */
export function signedNoise(...parts: HashPart[]): number {
  return unitInterval(...parts) * 2 - 1;
}

/** An integer in [min, max] determined by the parts. */
export function intBetween(min: number, max: number, ...parts: HashPart[]): number {
  return min + (hash32(...parts) % (max - min + 1));
}

export function pickOne<T>(items: readonly T[], ...parts: HashPart[]): T {
  if (items.length === 0) throw new Error('pickOne needs at least one item');
  return items[hash32(...parts) % items.length] as T;
}

/** Lower-case hex of the given length, built from as many hashes as needed. */
export function hexString(length: number, ...parts: HashPart[]): string {
  let out = '';
  for (let block = 0; out.length < length; block++) {
    out += hash32(...parts, block).toString(16).padStart(8, '0');
  }
  return out.slice(0, length);
}

/** Characters Kubernetes uses for generated name suffixes (no vowels, no look-alikes). */
const KUBE_ALPHABET = 'bcdfghjklmnpqrstvwxz2456789';

/** A Kubernetes-style random suffix (pod-template-hash, pod name suffix). */
export function kubeSuffix(length: number, ...parts: HashPart[]): string {
  let out = '';
  for (let i = 0; i < length; i++) out += KUBE_ALPHABET[hash32(...parts, 'k', i) % KUBE_ALPHABET.length];
  return out;
}

/** A UUID-shaped (version 4 layout) identifier from the parts. */
export function uuidFrom(...parts: HashPart[]): string {
  const hex = hexString(32, ...parts);
  const variant = ((parseInt(hex[16] ?? '0', 16) & 0x3) | 0x8).toString(16);
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-${variant}${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}

const UPPER_ALNUM = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789';

/** Upper-case alphanumerics, e.g. PagerDuty object ids (`P` + 6 chars) or Slack channel ids. */
export function upperAlnum(length: number, ...parts: HashPart[]): string {
  let out = '';
  for (let i = 0; i < length; i++) out += UPPER_ALNUM[hash32(...parts, 'u', i) % UPPER_ALNUM.length];
  return out;
}
