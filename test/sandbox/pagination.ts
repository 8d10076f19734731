/**
 * Page-based pagination of `GET /v1/rooms` and `GET /v1/rooms/{id}/invites`: `per_page` 1..100
 * (default 30), `page` ≥ 1, and only a `Link` header — no totals, no envelope (API-NOTES §4). Bad
 * query values are rejected by actix's `Query` extractor, hence plain text.
 */
import { PlainTextError } from "./api-error";
import type { SandboxRequest } from "./http-server";

export interface PageRequest {
  perPage: number;
  page: number;
}

export function readPageRequest(req: SandboxRequest): PageRequest {
  return {
    perPage: readInteger(req, "per_page", 30, 1, 100),
    page: readInteger(req, "page", 1, 1, Number.MAX_SAFE_INTEGER),
  };
}

function readInteger(req: SandboxRequest, name: string, fallback: number, min: number, max: number): number {
  const raw = req.url.searchParams.get(name);
  if (raw === null) return fallback;
  if (!/^\d+$/.test(raw)) throw new PlainTextError(400, `Query deserialize error: invalid digit found in string`);
  const value = Number(raw);
  if (value < min || value > max) {
    const range = max === Number.MAX_SAFE_INTEGER ? `at least ${min}` : `between ${min} and ${max}`;
    throw new PlainTextError(400, `Query deserialize error: ${name} must be ${range}, got ${raw}`);
  }
  return value;
}

export interface Page<T> {
  items: T[];
  linkHeader: string;
}

/** `<…?per_page=30&page=1>; rel="first",<…page=1>; rel="prev",<…page=3>; rel="next",<…page=5>; rel="last"`. */
export function paginate<T>(all: T[], request: PageRequest, baseUrl: string): Page<T> {
  const { perPage, page } = request;
  const lastPage = Math.max(1, Math.ceil(all.length / perPage));
  const link = (target: number, rel: string): string => `<${baseUrl}?per_page=${perPage}&page=${target}>; rel="${rel}"`;
  const links: string[] = [];
  if (page > 1) links.push(link(1, "first"), link(Math.min(page - 1, lastPage), "prev"));
  if (page < lastPage) links.push(link(page + 1, "next"));
  links.push(link(lastPage, "last"));
  return { items: all.slice((page - 1) * perPage, page * perPage), linkHeader: links.join(",") };
}
