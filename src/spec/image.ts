/** Canonical image-generation shapes (POST /v1/images/generations), OpenAI wire format. */

export interface ImageGenerationRequest {
  model: string;
  prompt: string;
  n?: number;
  size?: string;
  quality?: string;
  style?: string;
  response_format?: 'url' | 'b64_json';
  background?: string;
  output_format?: string;
  user?: string;
  [extra: string]: unknown;
}

export interface ImageData {
  url?: string;
  b64_json?: string;
  revised_prompt?: string;
  [extra: string]: unknown;
}

export interface ImageGenerationResponse {
  created: number;
  data: ImageData[];
  usage?: Record<string, unknown>;
  [extra: string]: unknown;
}
