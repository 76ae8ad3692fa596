import cluster from 'node:cluster';
import type { FastifyBaseLogger, FastifyInstance } from 'fastify';
import { Registry } from 'prom-client';
import type { CallerIdentity } from '../access/identify-caller.ts';
import type { SwitchyardConfig } from '../config/config-types.ts';
import type { RouteEvents, RouterEvents } from '../router/router-events.ts';
import { onCallComplete } from '../server/call-events.ts';
import type { Deployment } from '../spec/deployment.ts';
import { shareRegistryWithCluster } from './cluster-metrics.ts';
import type { ModelCatalog } from '../models/model-catalog.ts';
import { createLitellmMetrics } from './litellm-metrics.ts';
import { METRICS_PATHS, registerMetricsEndpoint } from './metrics-endpoint.ts';
import { metricsNeedAuth, prometheusEnabled } from './prometheus-settings.ts';
import { PrometheusRecorder } from './prometheus-recorder.ts';
import { sharedStateRegistry } from './shared-state-health.ts';

/** What the app wires in when the `prometheus` callback is on. */
export interface PrometheusTelemetry {
  readonly registry: Registry;
  /** For `new Router({ events })`: cooldowns. */
  readonly routerEvents: RouterEvents;
  /** For each routed request: attempt failures and fallbacks, labelled with its caller. */
  routeEvents(caller: () => CallerIdentity): RouteEvents;
  /** For `health.subscribe`: each round of /health checks sets `litellm_deployment_state`. */
  healthListener(results: readonly { deployment: Deployment; healthy: boolean }[]): void;
  /** Routes that skip authentication (`/metrics` unless `require_auth_for_metrics_endpoint`). */
  readonly publicRoutes: readonly string[];
  /** Adds GET /metrics and stops listening to calls when the app closes. */
  register(app: FastifyInstance): void;
}

/**
 * LiteLLM's Prometheus integration: one registry per app (several apps in one process stay
 * apart), fed by finished calls and router events. Undefined when the callback is off.
 */
export function createPrometheusTelemetry(args: { config: SwitchyardConfig; models: ModelCatalog; log: FastifyBaseLogger }): PrometheusTelemetry | undefined {
  if (!prometheusEnabled(args.config)) return undefined;
  // The shared-state health metrics are process-wide; every app's /metrics shows them.
  const registry = Registry.merge([new Registry(), sharedStateRegistry]);
  const recorder = new PrometheusRecorder(createLitellmMetrics(registry), (error) => args.log.warn({ err: error }, 'prometheus metric update failed'));
  recorder.recordDeployments(args.models.deployments);
  // Models added later (stored models, config reload) start healthy; the others keep their state.
  const recorded = new Set(args.models.deployments.map((d) => d.id));
  args.models.onChange((models) => {
    const added = models.deployments.filter((d) => !recorded.has(d.id));
    for (const d of added) recorded.add(d.id);
    recorder.recordDeployments(added);
  });
  if (cluster.isWorker) shareRegistryWithCluster(registry);
  return {
    registry,
    routerEvents: recorder.routerEvents(),
    routeEvents: (caller) => recorder.routeEvents(caller),
    healthListener: (results) => recorder.recordHealth(results),
    publicRoutes: metricsNeedAuth(args.config) ? [] : METRICS_PATHS,
    register(app) {
      // The call-event bus is per process: count only this app's deployments (and calls that reached none).
      const unsubscribe = onCallComplete((event) => {
        if (event.deployment === undefined || args.models.owns(event.deployment)) recorder.recordCall(event);
      });
      app.addHook('onClose', async () => unsubscribe());
      registerMetricsEndpoint(app, registry);
    },
  };
}
