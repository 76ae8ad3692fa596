/**
 * Error bodies the fake OpenAI / Azure OpenAI upstream answers with, copied from the real
 * services. OpenAI: `{"error":{"message","type","param","code"}}`. Azure (deployment routes):
 * `{"error":{"code","message"}}` with string codes such as `"429"`.
 */

/** An OpenAI-style error body. */
export interface OpenAIErrorBody {
  error: { message: string; type: string; param: string | null; code: string | null };
}

/** An Azure-style error body (deployment routes of Azure OpenAI). */
export interface AzureErrorBody {
  error: { code: string; message: string };
}

function openAIError(
  message: string,
  type: string,
  options: { param?: string | null; code?: string | null } = {},
): OpenAIErrorBody {
  return { error: { message, type, param: options.param ?? null, code: options.code ?? null } };
}

/** Masks a key the way OpenAI does in its 401 message: `sk-ab***wxyz`. */
export function maskApiKey(key: string): string {
  if (key.length <= 8) return '*'.repeat(key.length);
  return `${key.slice(0, 3)}${'*'.repeat(Math.min(key.length - 7, 20))}${key.slice(-4)}`;
}

/** The 401 OpenAI sends for a missing or wrong API key. */
export function invalidApiKeyError(key: string | undefined): OpenAIErrorBody {
  const shown = key === undefined || key === '' ? '<empty>' : maskApiKey(key);
  return openAIError(
    `Incorrect API key provided: ${shown}. You can find your API key at https://platform.openai.com/account/api-keys.`,
    'invalid_request_error',
    { code: 'invalid_api_key' },
  );
}

/** The 401 Azure OpenAI sends for a missing or wrong `api-key` header. */
export function azureInvalidKeyError(): AzureErrorBody {
  return {
    error: {
      code: '401',
      message:
        'Access denied due to invalid subscription key or wrong API endpoint. Make sure to provide a valid key for an active subscription and use a correct regional API endpoint for your resource.',
    },
  };
}

/** The 400 Azure sends when the `api-version` query parameter is missing. */
export function azureMissingApiVersionError(): AzureErrorBody {
  return {
    error: {
      code: 'MissingApiVersionParameter',
      message: 'The api-version query parameter (?api-version=) is required for all requests.',
    },
  };
}

/** The 404 Azure sends for a deployment it does not know. */
export function azureDeploymentNotFoundError(): AzureErrorBody {
  return {
    error: {
      code: 'DeploymentNotFound',
      message: 'The API deployment for this resource does not exist. If you created the deployment within the last 5 minutes, please wait a moment and try again.',
    },
  };
}

/** The 404 OpenAI sends for a path it does not serve. */
export function invalidUrlError(method: string, path: string): OpenAIErrorBody {
  return openAIError(`Invalid URL (${method} ${path})`, 'invalid_request_error');
}

/** The 404 Azure sends for a path it does not serve. */
export function azureResourceNotFoundError(): AzureErrorBody {
  return { error: { code: '404', message: 'Resource not found' } };
}

/** The 400 OpenAI sends when the body is not valid JSON. */
export function malformedJsonError(): OpenAIErrorBody {
  return openAIError(
    "We could not parse the JSON body of your request. (HINT: This likely means you aren't using your HTTP library correctly. The OpenAI API expects a JSON payload, but what was sent was not valid JSON. If you have trouble figuring out how to fix this, please contact us through our help center at help.openai.com.)",
    'invalid_request_error',
  );
}

/** The 400 OpenAI sends when a required body field is missing. */
export function missingParameterError(param: string): OpenAIErrorBody {
  if (param === 'model') return openAIError('you must provide a model parameter', 'invalid_request_error');
  return openAIError(`Missing required parameter: '${param}'.`, 'invalid_request_error', {
    param,
    code: 'missing_required_parameter',
  });
}

/**
 * The default OpenAI error body for a status: 400 is a context-length error, 401 a bad key,
 * 404 an unknown model, 429 a rate limit, 5xx a server error.
 */
export function defaultOpenAIErrorBody(status: number, model: string): OpenAIErrorBody {
  switch (status) {
    case 400:
      return openAIError(
        "This model's maximum context length is 128000 tokens. However, your messages resulted in 130000 tokens. Please reduce the length of the messages.",
        'invalid_request_error',
        { param: 'messages', code: 'context_length_exceeded' },
      );
    case 401:
      return invalidApiKeyError('sk-fake-wrong-key');
    case 403:
      return openAIError('You are not allowed to sample from this model', 'invalid_request_error');
    case 404:
      return openAIError(`The model \`${model}\` does not exist or you do not have access to it.`, 'invalid_request_error', {
        code: 'model_not_found',
      });
    case 429:
      return openAIError(
        `Rate limit reached for ${model} in organization org-fake on tokens per min (TPM): Limit 30000, Used 30000, Requested 100. Please try again in 200ms. Visit https://platform.openai.com/account/rate-limits to learn more.`,
        'tokens',
        { code: 'rate_limit_exceeded' },
      );
    case 503:
      return openAIError('The server is overloaded or not ready yet.', 'server_error');
    default:
      return status >= 500
        ? openAIError('The server had an error while processing your request. Sorry about that!', 'server_error')
        : openAIError(`Request failed with status ${status}.`, 'invalid_request_error');
  }
}

/** The default Azure error body for a status; `code` is the status as a string, as Azure sends it. */
export function defaultAzureErrorBody(status: number): AzureErrorBody {
  switch (status) {
    case 400:
      return {
        error: {
          code: 'context_length_exceeded',
          message:
            "This model's maximum context length is 128000 tokens. However, your messages resulted in 130000 tokens. Please reduce the length of the messages.",
        },
      };
    case 401:
      return azureInvalidKeyError();
    case 404:
      return azureDeploymentNotFoundError();
    case 429:
      return {
        error: {
          code: '429',
          message:
            'Requests to the ChatCompletions_Create Operation under Azure OpenAI API version 2024-10-21 have exceeded token rate limit of your current OpenAI S0 pricing tier. Please retry after 1 second.',
        },
      };
    default:
      return { error: { code: String(status), message: status >= 500 ? 'The service is temporarily unavailable.' : 'Bad request.' } };
  }
}
