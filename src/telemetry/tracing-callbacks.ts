import type { FastifyBaseLogger, FastifyInstance } from 'fastify';
import type { SwitchyardConfig } from '../config/config-types.ts';
import { onCallComplete } from '../server/call-events.ts';
import type { Deployment } from '../spec/deployment.ts';
import { callbackEnabled, callbackWants, messageLoggingOff, type CallbackWhen } from './callback-settings.ts';
import type { CallSink } from './langfuse-telemetry.ts';
import { readLangfuseSettings } from './langfuse-settings.ts';
import { createGenericApiSink } from './generic-api-logger.ts';
import { readGenericApiSettings } from './generic-api-settings.ts';
import { readOtelSettings } from './otel-settings.ts';
import { ownCallFilter } from './trace-call-fields.ts';

/** What `registerTracingCallbacks` needs. */
export interface TracingCallbackOptions {
  config: SwitchyardConfig;
  /** Whether a deployment is (or was) this app's: calls of other apps in the process are not traced here. */
  ownsDeployment: (deployment: object) => boolean;
  log: FastifyBaseLogger;
  /** Where LANGFUSE_* / OTEL_* / GENERIC_LOGGER_* are read (default: process.env). */
  env?: Readonly<Record<string, string | undefined>>;
}

/** A configured callback: the sink and when it runs. */
interface ActiveSink {
  readonly name: string;
  readonly when: CallbackWhen;
  readonly sink: CallSink;
}

/** A callback that is configured, and how to build its sink (its SDK is loaded only then). */
interface PlannedSink {
  readonly name: string;
  readonly when: CallbackWhen;
  create(): Promise<CallSink>;
}

/**
 * Turns on the tracing callbacks named in `litellm_settings` (langfuse, otel, generic_api):
 * every finished call of this app is handed to each, off the hot path (they batch and export
 * in the background); the app's close flushes them. Their SDKs (OpenTelemetry, Langfuse) are
 * loaded when the app starts and only if configured, so an unused callback costs no memory.
 * Returns the callbacks' names.
 */
export function registerTracingCallbacks(app: FastifyInstance, options: TracingCallbackOptions): string[] {
  const planned = planSinks(options);
  if (planned.length === 0) return [];
  let sinks: ActiveSink[] = [];
  let unsubscribe = (): void => {};
  app.addHook('onReady', async () => {
    sinks = await Promise.all(planned.map(async ({ name, when, create }) => ({ name, when, sink: await create() })));
    const own = ownCallFilter(options.ownsDeployment);
    unsubscribe = onCallComplete((event) => {
      if (!own(event)) return;
      for (const { name, when, sink } of sinks) {
        if (!callbackWants(when, event)) continue;
        try {
          sink.record(event);
        } catch (error) {
          options.log.warn({ err: error, callback: name }, 'tracing callback failed');
        }
      }
    });
  });
  app.addHook('onClose', async () => {
    unsubscribe();
    await Promise.all(sinks.map(({ name, sink }) => sink.close().catch((error: unknown) => options.log.warn({ err: error, callback: name }, 'tracing callback flush failed'))));
  });
  return planned.map(({ name }) => name);
}

function planSinks(options: TracingCallbackOptions): PlannedSink[] {
  const { config, log } = options;
  const env = options.env ?? process.env;
  const logMessages = !messageLoggingOff(config);
  const planned: PlannedSink[] = [];
  const langfuse = callbackEnabled(config, 'langfuse');
  if (langfuse !== undefined) {
    const settings = readLangfuseSettings(env);
    if (typeof settings === 'string') log.warn(settings);
    else planned.push({ name: 'langfuse', when: langfuse, create: async () => (await import('./langfuse-telemetry.ts')).createLangfuseSink({ settings, logMessages }) });
  }
  const otel = callbackEnabled(config, 'otel');
  if (otel !== undefined) {
    const settings = readOtelSettings(env);
    if (typeof settings === 'string') log.warn(settings);
    else planned.push({ name: 'otel', when: otel, create: async () => (await import('./otel-telemetry.ts')).createOtelSink(settings) });
  }
  const genericApi = callbackEnabled(config, 'generic_api');
  if (genericApi !== undefined) {
    const settings = readGenericApiSettings(env);
    if (typeof settings === 'string') log.warn(settings);
    else planned.push({ name: 'generic_api', when: genericApi, create: async () => createGenericApiSink({ settings, logMessages, onError: (error) => log.warn({ err: error }, 'generic_api callback: batch not delivered') }) });
  }
  return planned;
}
