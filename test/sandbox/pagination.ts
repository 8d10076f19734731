/**
 * Page-based pagination of `GET /v1/rooms` and `GET /v1/rooms/{id}/invites`: `per_page` 1..100 (default 30),
 * `page` ≥ 1, and only a `Link` header — no totals, no envelope. Bad query values are rejected by actix's `Query`
 * extractor, hence plain text (release-029-030-auth.md §5).
 *
 * The header (core/api/v1/response/ok.rs 33–114, 190–263 @ v0.29.0/v0.30.1; types @ e0a336a6
 * `pagination/page_pagination.rs`, `paging_link_header.rs`; AW `api_response.rs`, read_file id 68452063646):
 * - `first` and `prev` only when page > 1, `prev` = page − 1 even past the end;
 * - `next` and `last` only when page < last page: no `next` means no more results;
 * - each URL is the request's own URL with `page` moved to the end (`per_page` only if the client sent it);
 * - always sent, with an empty value when there is no link at all.
 */
import { PlainTextError } from "./api-error";
import type { SandboxRequest } from "./http-server";
import type { ControllerProfile } from "./profiles";

export interface PageRequest {
  perPage: number;
  page: number;
}

export function readPageRequest(req: SandboxRequest, profile: ControllerProfile): PageRequest {
  const errors = profile.pageQueryErrors;
  const perPage = readInteger(req, "per_page", 30);
  if (perPage > 100) throw queryError(errors.perPageTooLarge);
  if (perPage < 1) throw queryError(errors.perPageTooSmall);
  const page = readInteger(req, "page", 1);
  if (page < 1) throw queryError(errors.pageTooSmall);
  return { perPage, page };
}

function readInteger(req: SandboxRequest, name: string, fallback: number): number {
  const raw = req.url.searchParams.get(name);
  if (raw === null) return fallback;
  if (!/^-?\d+$/.test(raw)) throw queryError("invalid digit found in string");
  return Number(raw);
}

function queryError(detail: string): PlainTextError {
  return new PlainTextError(400, `Query deserialize error: ${detail}`);
}

export interface Page<T> {
  items: T[];
  linkHeader: string;
}

/** `<…?page=1>; rel="first",<…?page=2>; rel="prev",<…?page=4>; rel="next",<…?page=9>; rel="last"`. */
export function paginate<T>(all: T[], request: PageRequest, req: SandboxRequest, controllerUrl: string): Page<T> {
  const { perPage, page } = request;
  const lastPage = Math.max(1, Math.ceil(all.length / perPage));
  const kept = [...req.url.searchParams].filter(([name]) => name !== "page").sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  const link = (target: number, rel: string): string => {
    const query = new URLSearchParams([...kept, ["page", String(target)]]);
    return `<${controllerUrl}${req.url.pathname}?${query.toString()}>; rel="${rel}"`;
  };
  const links: string[] = [];
  if (page > 1) links.push(link(1, "first"), link(page - 1, "prev"));
  if (page < lastPage) links.push(link(page + 1, "next"), link(lastPage, "last"));
  return { items: all.slice((page - 1) * perPage, page * perPage), linkHeader: links.join(",") };
}
