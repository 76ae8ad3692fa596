import type { FastifyBaseLogger, FastifyInstance } from 'fastify';
import type { SwitchyardConfig } from '../config/config-types.ts';
import { onCallComplete } from '../server/call-events.ts';
import type { Deployment } from '../spec/deployment.ts';
import { callbackEnabled, callbackWants, messageLoggingOff, type CallbackWhen } from './callback-settings.ts';
import { createLangfuseSink, type CallSink } from './langfuse-telemetry.ts';
import { readLangfuseSettings } from './langfuse-settings.ts';
import { createOtelSink } from './otel-telemetry.ts';
import { createGenericApiSink } from './generic-api-logger.ts';
import { readGenericApiSettings } from './generic-api-settings.ts';
import { readOtelSettings } from './otel-settings.ts';
import { ownCallFilter } from './trace-call-fields.ts';

/** What `registerTracingCallbacks` needs. */
export interface TracingCallbackOptions {
  config: SwitchyardConfig;
  /** This app's deployments: calls of other apps in the process are not traced here. */
  deployments: readonly Deployment[];
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

/**
 * Turns on the tracing callbacks named in `litellm_settings` (langfuse, otel, generic_api):
 * every finished call of this app is handed to each, off the hot path (they batch and export
 * in the background); the app's close flushes them. Returns the callbacks' names.
 */
export function registerTracingCallbacks(app: FastifyInstance, options: TracingCallbackOptions): string[] {
  const sinks = createSinks(options);
  if (sinks.length === 0) return [];
  const own = ownCallFilter(options.deployments);
  const unsubscribe = onCallComplete((event) => {
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
  app.addHook('onClose', async () => {
    unsubscribe();
    await Promise.all(sinks.map(({ name, sink }) => sink.close().catch((error: unknown) => options.log.warn({ err: error, callback: name }, 'tracing callback flush failed'))));
  });
  return sinks.map(({ name }) => name);
}

function createSinks(options: TracingCallbackOptions): ActiveSink[] {
  const { config, log } = options;
  const env = options.env ?? process.env;
  const logMessages = !messageLoggingOff(config);
  const sinks: ActiveSink[] = [];
  const langfuse = callbackEnabled(config, 'langfuse');
  if (langfuse !== undefined) {
    const settings = readLangfuseSettings(env);
    if (typeof settings === 'string') log.warn(settings);
    else sinks.push({ name: 'langfuse', when: langfuse, sink: createLangfuseSink({ settings, logMessages }) });
  }
  const otel = callbackEnabled(config, 'otel');
  if (otel !== undefined) {
    const settings = readOtelSettings(env);
    if (typeof settings === 'string') log.warn(settings);
    else sinks.push({ name: 'otel', when: otel, sink: createOtelSink(settings) });
  }
  const genericApi = callbackEnabled(config, 'generic_api');
  if (genericApi !== undefined) {
    const settings = readGenericApiSettings(env);
    if (typeof settings === 'string') log.warn(settings);
    else sinks.push({ name: 'generic_api', when: genericApi, sink: createGenericApiSink({ settings, logMessages, onError: (error) => log.warn({ err: error }, 'generic_api callback: batch not delivered') }) });
  }
  return sinks;
}
