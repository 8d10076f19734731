/**
 * What something in front of the service answers: nginx's built-in error pages (the web frontend's container is
 * nginx, frontend-web-web-app ci/Dockerfile @ 962fd9ea; reverse proxies in front of the controller often are too)
 * and a plain-text variant. The page layout is nginx's `ngx_http_error_pages` (web-app.md §1: "nginx's default
 * pages … `<hr><center>nginx/x.y.z</center>`").
 */
import { STATUS_CODES } from "node:http";
import type { SandboxResponse } from "./http-server";

export const NGINX_SERVER = "nginx/1.27.5";

/** nginx's own reason phrases where they differ from the standard ones (ngx_http_special_response.c). */
const NGINX_STATUS_TEXT: Record<number, string> = {
  405: "Not Allowed",
  408: "Request Time-out",
  413: "Request Entity Too Large",
  503: "Service Temporarily Unavailable",
  504: "Gateway Time-out",
};

function statusLine(status: number, phrases: Record<number, string | undefined>): string {
  return `${status} ${phrases[status] ?? STATUS_CODES[status] ?? "Error"}`;
}

export function nginxErrorPage(status: number, headers: Record<string, string> = {}): SandboxResponse {
  const line = statusLine(status, NGINX_STATUS_TEXT);
  const body = `<html>\r\n<head><title>${line}</title></head>\r\n<body>\r\n<center><h1>${line}</h1></center>\r\n<hr><center>${NGINX_SERVER}</center>\r\n</body>\r\n</html>\r\n`;
  return { status, headers: { Server: NGINX_SERVER, "Content-Type": "text/html", ...headers }, body };
}

export function plainTextPage(status: number): SandboxResponse {
  return { status, headers: { "Content-Type": "text/plain; charset=utf-8" }, body: `${statusLine(status, {})}\n` };
}

/** A literal body: JSON-looking text as JSON, markup as HTML, the rest as plain text, unless `contentType` says. */
export function literalPage(status: number, body: string, contentType?: string): SandboxResponse {
  const first = body.trimStart()[0];
  const guessed = first === "{" || first === "[" ? "application/json" : first === "<" ? "text/html" : "text/plain; charset=utf-8";
  return { status, headers: { "Content-Type": contentType ?? guessed }, body };
}
