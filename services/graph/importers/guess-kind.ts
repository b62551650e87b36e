// Importers from live systems see names and images, not a declared kind; well-known datastore and
// broker names are enough to tell a database from a service most of the time.
import type { ServiceKind } from '../service-graph.ts';

const PRODUCTS: Record<string, ServiceKind> = {};
for (const token of ['postgres', 'postgresql', 'mysql', 'mariadb', 'mongo', 'mongodb', 'cassandra', 'cockroachdb', 'dynamodb', 'elasticsearch', 'opensearch', 'clickhouse', 'mssql'])
  PRODUCTS[token] = 'database';
for (const token of ['redis', 'memcached', 'valkey', 'keydb', 'dragonfly']) PRODUCTS[token] = 'cache';
for (const token of ['kafka', 'rabbitmq', 'nats', 'activemq', 'pulsar', 'sqs', 'kinesis']) PRODUCTS[token] = 'queue';
/** Generic words say what a thing is only as the last word: `orders-db` is a database, `cache-warmer` is not. */
const SUFFIXES: Record<string, ServiceKind> = { db: 'database', database: 'database', cache: 'cache', queue: 'queue', broker: 'queue' };

/** 'database' | 'cache' | 'queue' when the name (split on - _ . / : @) says so, else undefined. */
export function guessKind(name: string): ServiceKind | undefined {
  const tokens = name.toLowerCase().split(/[-_./:@]+/).filter(Boolean);
  const product = tokens.map((token) => PRODUCTS[token]).find((kind) => kind !== undefined);
  return product ?? SUFFIXES[tokens[tokens.length - 1] ?? ''];
}

/** The kind an image suggests, from its repository name without registry or tag (`bitnami/postgresql:16` -> database). */
export function guessKindFromImage(image: string): ServiceKind | undefined {
  const withoutDigest = image.split('@')[0]!;
  const repository = withoutDigest.replace(/:[^/:]+$/, '');
  const last = repository.split('/').pop() ?? repository;
  return guessKind(last);
}
