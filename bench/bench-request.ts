/** The request every bench client sends: a minimal chat completion for the `bench-model` alias. */

/** Path of the chat-completions route. */
export const CHAT_PATH = '/v1/chat/completions';

/** Non-streaming request body. */
export const COMPLETION_BODY = '{"model":"bench-model","messages":[{"role":"user","content":"hi"}]}';

/** Streaming request body. */
export const STREAM_BODY = '{"model":"bench-model","messages":[{"role":"user","content":"hi"}],"stream":true}';

/** Master key the generated Switchyard config accepts. */
export const MASTER_KEY = 'sk-bench-master';

/** Key the proxies send to the fake upstream (it does not check it). */
export const UPSTREAM_KEY = 'sk-bench';
