import { describe, expect, it } from 'vitest';
import { familyOf, namesService } from './clues.ts';

// Real-world client error lines, several runtimes per family: the family must not depend on wording.
const LINES: [string, string][] = [
  ['tls', 'Get "https://api.acme.com/v1/x": tls: failed to verify certificate: x509: certificate has expired or is not yet valid'],
  ['tls', 'javax.net.ssl.SSLHandshakeException: PKIX path validation failed: java.security.cert.CertificateExpiredException'],
  ['tls', 'request to https://api.acme.com failed, reason: certificate has expired (CERT_HAS_EXPIRED)'],
  ['dns', 'dial tcp: lookup ledger.prod.svc.cluster.local on 10.0.0.10:53: no such host'],
  ['dns', 'getaddrinfo ENOTFOUND ledger.prod.svc.cluster.local'],
  ['dns', 'java.net.UnknownHostException: ledger: Name or service not known'],
  ['rate_limited', 'requests.exceptions.HTTPError: 429 Client Error: Too Many Requests for url: https://api.acme.com/v1'],
  ['rate_limited', 'Request failed with status code 429'],
  ['unauthorized', 'org.springframework.web.client.HttpClientErrorException$Unauthorized: 401 Unauthorized'],
  ['unauthorized', 'upstream rejected credentials: invalid_token'],
  ['db_saturated', 'pq: sorry, too many clients already'],
  ['db_saturated', 'HikariPool-1 - Connection is not available, request timed out after 30000ms.'],
  ['db_timeout', 'psycopg2.errors.QueryCanceled: canceling statement due to statement timeout'],
  ['cache_timeout', 'redis.exceptions.TimeoutError: Timeout reading from socket (redis command timed out)'],
  ['cache_miss', 'cache miss for session:48213, loading from users-db'],
  ['cache_miss', 'session-store miss on session:48213; falling back to users-db'],
  ['queue_full', 'org.apache.kafka.common.errors.TimeoutException: Expiring 12 record(s) for order-events-3:120000 ms has passed since batch creation'],
  ['queue_full', 'kafka: Failed to deliver 1 messages to order-events: request timed out'],
  ['queue_full', 'confluent_kafka.KafkaException: KafkaError{code=_MSG_TIMED_OUT,val=-192,str="Local: Message timed out"} (order-events)'],
  ['queue_full', 'KafkaJSRequestTimeoutError: Request Produce timed out (order-events)'],
  ['queue_full', 'publish to listing-events blocked: connection.blocked (low on memory)'],
  ['queue_full', 'AMQP connection blocked by broker: resource alarm (memory) on listing-events.prod.svc.cluster.local'],
  ['disk_full', 'OSError: [Errno 28] No space left on device'],
  ['bad_payload', 'com.fasterxml.jackson.databind.exc.InvalidFormatException: Cannot deserialize value of type `java.math.BigDecimal` from String "N/A"'],
  ['bad_payload', "ValueError: could not convert string to float: 'N/A' (response from http://pricing/v1/quote)"],
  ['bad_payload', "TypeError: Cannot read properties of null (reading 'amount') handling response from http://pricing/v1/quote"],
  ['refused', 'dial tcp 10.96.1.2:8080: connect: connection refused'],
  ['refused', 'connect ECONNREFUSED 10.96.1.2:8080'],
  ['reset', 'read tcp 10.42.0.5:41234->10.96.1.2:8080: read: connection reset by peer'],
  ['reset', 'socket hang up (ECONNRESET)'],
  ['timeout', 'context deadline exceeded (Client.Timeout exceeded while awaiting headers)'],
  ['timeout', 'java.net.SocketTimeoutException: Read timed out'],
  ['resource_exhausted', 'java.util.concurrent.RejectedExecutionException: Task rejected from ThreadPoolExecutor'],
  ['unavailable', 'upstream checkout-api responded 503 Service Unavailable'],
  ['server_error', 'org.springframework.web.client.HttpServerErrorException$InternalServerError: 500 Internal Server Error'],
  ['exception', "KeyError: 'warehouse_id'"],
];

describe('familyOf', () => {
  it.each(LINES)('reads %s in "%s"', (family, line) => {
    expect(familyOf(line)).toBe(family);
  });

  it('does not read a status family into a bare number in an id or a path', () => {
    expect(familyOf('GET /v1/stock/SKU-429 served in 12ms')).toBeUndefined();
    expect(familyOf('order 401 created')).toBeUndefined();
  });
});

describe('namesService', () => {
  it('finds a service by its name or cluster host', () => {
    expect(namesService('POST http://inventory-service.prod.svc.cluster.local:8080/v1', 'inventory-service')).toBe(true);
    expect(namesService('POST http://inventory-service.prod.svc.cluster.local:8080/v1', 'cart-service')).toBe(false);
  });

  it('finds an external provider by its brand in a host, but not inside another word', () => {
    expect(namesService('request to https://api.stripe.com/v1/charges failed', 'stripe-api')).toBe(true);
    expect(namesService('stripeless checkout failed', 'stripe-api')).toBe(false);
  });
});
