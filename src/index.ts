/**
 * Switchyard as a library: the router in-process (`new Router({ model_list, … })`, like
 * `litellm.Router`), the canonical types and the error class its calls throw.
 */
export { SwitchyardRouter as Router, type SwitchyardRouterOptions as RouterOptions, type CallOptions } from './library/switchyard-router.ts';
export { GatewayError } from './spec/gateway-error.ts';
export { RedisCooldownStore } from './router/redis-cooldown-store.ts';
export type * from './spec/chat.ts';
export type * from './spec/embedding.ts';
export type * from './spec/image.ts';
