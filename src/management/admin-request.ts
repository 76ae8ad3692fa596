import type { FastifyRequest } from 'fastify';
import { isAdmin } from '../access/caller.ts';
import { GatewayError } from '../spec/gateway-error.ts';

/** A management request body: a JSON object, or `{}` for anything else. */
export type ManagementBody = Record<string, unknown>;

/** The request's body as an object (curl's form-typed JSON is parsed as JSON already). */
export function bodyOf(request: FastifyRequest): ManagementBody {
  const body = request.body;
  return typeof body === 'object' && body !== null && !Array.isArray(body) ? (body as ManagementBody) : {};
}

/** Refuses callers that are not admins (403); returns the body for the route to read. */
export function requireAdmin(request: FastifyRequest): ManagementBody {
  if (!isAdmin(request.caller)) throw new GatewayError('forbidden', 'Only the master key (or a proxy_admin) may call this route.');
  return bodyOf(request);
}

/** A required non-empty string from the body, else the query string; 400 naming it otherwise. */
export function requiredText(body: ManagementBody, query: unknown, field: string): string {
  const value = body[field] ?? (query as Record<string, unknown>)[field];
  if (typeof value !== 'string' || value === '') throw new GatewayError('bad_request', `${field} is required`, { param: field });
  return value;
}

/** A required non-empty list of strings from the body; 400 naming it otherwise. */
export function requiredStrings(body: ManagementBody, field: string): string[] {
  const value = body[field];
  if (!Array.isArray(value) || value.length === 0 || !value.every((v) => typeof v === 'string')) throw new GatewayError('bad_request', `${field} must be a non-empty list of strings`, { param: field });
  return value as string[];
}

/** A `YYYY-MM-DD` query parameter, or undefined when absent; 400 naming it when malformed. */
export function dateParam(value: string | undefined, name: string): string | undefined {
  if (value === undefined || value === '') return undefined;
  if (!/^\d{4}-\d{2}-\d{2}$/.test(value)) throw new GatewayError('bad_request', `${name} must be a date like 2026-11-24`, { param: name });
  return value;
}
