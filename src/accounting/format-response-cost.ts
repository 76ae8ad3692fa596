/**
 * A cost as LiteLLM writes it in `x-litellm-response-cost`: Python's `str(float)` — the
 * shortest digits that round-trip (as JavaScript's), but with an exponent below 1e-4 or from
 * 1e16 (`2.5e-05`, two-digit signed exponent) and a trailing `.0` on whole numbers (`0.0`).
 */
export function formatResponseCost(cost: number): string {
  if (!Number.isFinite(cost)) return String(cost);
  if (cost === 0) return Object.is(cost, -0) ? '-0.0' : '0.0';
  const [digits = '', exponentText = '0'] = cost.toExponential().split('e');
  const exponent = Number(exponentText);
  if (exponent < -4 || exponent >= 16) {
    const sign = exponent < 0 ? '-' : '+';
    return `${digits}e${sign}${String(Math.abs(exponent)).padStart(2, '0')}`;
  }
  // JavaScript writes 1e-7 ≤ |x| < 1e21 positionally, which covers this range.
  const plain = String(cost);
  return plain.includes('.') ? plain : `${plain}.0`;
}
