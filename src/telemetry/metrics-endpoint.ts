import cluster from 'node:cluster';
import type { FastifyInstance } from 'fastify';
import type { Registry } from 'prom-client';
import { GatewayError } from '../spec/gateway-error.ts';
import { requestClusterMetrics } from './cluster-metrics.ts';

/** The paths LiteLLM answers metrics on (its docs scrape `/metrics/`). */
export const METRICS_PATHS: readonly string[] = ['/metrics', '/metrics/'];

/** How long a worker waits for the primary's cluster-wide metrics. */
const CLUSTER_TIMEOUT_MS = 10_000;

/**
 * GET /metrics in the Prometheus text format. In a cluster worker the answer is the whole
 * cluster's (asked from the primary), so any worker that takes the scrape answers the same.
 */
export function registerMetricsEndpoint(app: FastifyInstance, registry: Registry): void {
  for (const path of METRICS_PATHS) {
    app.get(path, async (_request, reply) => {
      let text: string;
      try {
        text = cluster.isWorker ? await requestClusterMetrics(CLUSTER_TIMEOUT_MS) : await registry.metrics();
      } catch (error) {
        throw new GatewayError('service_unavailable', `Metrics are unavailable: ${(error as Error).message}`);
      }
      return reply.type(registry.contentType).send(pythonBucketBounds(text));
    });
  }
}

/**
 * Writes whole-number bucket bounds as Python's prometheus_client does (`le="1.0"`, not
 * `le="1"`), so queries that match a bucket by its label keep working.
 */
export function pythonBucketBounds(text: string): string {
  return text.replace(/le="(\d+)"/g, 'le="$1.0"');
}
