/**
 * Per-image prices of image models the genai-prices dataset does not price per image
 * (OpenAI's published DALL·E prices, Google's published Imagen prices), USD per image.
 * Token-priced image models (gpt-image-1) are priced from the usage in their answer instead.
 */
const PER_IMAGE: Readonly<Record<string, Readonly<Record<string, number>>>> = {
  'dall-e-2': { '256x256': 0.016, '512x512': 0.018, '1024x1024': 0.02 },
  'dall-e-3': { 'standard/1024x1024': 0.04, 'standard/1024x1792': 0.08, 'standard/1792x1024': 0.08, 'hd/1024x1024': 0.08, 'hd/1024x1792': 0.12, 'hd/1792x1024': 0.12 },
  'imagen-3.0-generate-001': { any: 0.04 },
  'imagen-3.0-generate-002': { any: 0.04 },
  'imagen-3.0-fast-generate-001': { any: 0.02 },
  'imagen-4.0-generate-001': { any: 0.04 },
  'imagen-4.0-fast-generate-001': { any: 0.02 },
  'imagen-4.0-ultra-generate-001': { any: 0.06 },
};

/**
 * USD per generated image for a model, size and quality (OpenAI's defaults: 1024x1024,
 * standard; `hd` is DALL·E 3's high quality), or undefined when not in the table.
 */
export function pricePerImage(args: { model: string; size?: string | undefined; quality?: string | undefined }): number | undefined {
  const table = PER_IMAGE[args.model];
  if (table === undefined) return undefined;
  const size = args.size === undefined || args.size === 'auto' ? '1024x1024' : args.size;
  const quality = args.quality === 'hd' || args.quality === 'high' ? 'hd' : 'standard';
  return table['any'] ?? table[`${quality}/${size}`] ?? table[size];
}
