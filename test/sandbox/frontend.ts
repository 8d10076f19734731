/**
 * The OpenTalk web frontend as its nginx container serves it (frontend-web-web-app `ci/nginx-default.conf.template`
 * @ 962fd9ea, L34–48, tested with nginx in web-app.md §1):
 * - `location /`: `try_files $uri /index.html` with `Cache-Control: no-cache`, so any GET/HEAD of an unknown path
 *   answers 200 `text/html` with the app's index.html — `/v1/rooms` and `/.well-known/opentalk/api` included;
 * - `location /.well-known/opentalk/client`: the file `ci/entrypoint.sh` writes at start (L140–157, a heredoc with
 *   two-space indent), `application/json`, the inherited `no-cache`; a prefix match without `try_files`, so
 *   `/.well-known/opentalk/client/x` is nginx's 404 page; likewise anything under `/static` that is not a file;
 * - `/config.js`: the runtime configuration the entrypoint writes (L73–138), `controller` without a scheme;
 * - any other method: 405, nginx's HTML page.
 */
import type { Handler, SandboxResponse } from "./http-server";
import { NGINX_SERVER, nginxErrorPage } from "./proxy-pages";

const CLIENT_DOCUMENT = "/.well-known/opentalk/client";
const NO_CACHE = { Server: NGINX_SERVER, "Cache-Control": "no-cache" };

/** A realistic skeleton of the built `app/index.html` (web-app.md §1): SPDX comment, title, config.js, root div. */
const INDEX_HTML = `<!--
SPDX-FileCopyrightText: OpenTalk GmbH <mail@opentalk.eu>

SPDX-License-Identifier: EUPL-1.2
-->
<!doctype html>
<html lang="en">
  <head>
    <meta charset="utf-8" />
    <link rel="icon" type="image/png" href="/favicon.png" />
    <meta name="viewport" content="width=device-width, initial-scale=1" />
    <meta name="theme-color" content="#000000" />
    <meta name="description" content="OpenTalk, a friendly video chat" />
    <script src="/config.js"></script>
    <link rel="manifest" href="/manifest.json" />
    <title>OpenTalk</title>
    <script type="module" crossorigin src="/assets/index-sandbox.js"></script>
  </head>
  <body>
    <noscript>OpenTalk uses JavaScript. Please enable it in your browser.</noscript>
    <div id="root"><div class="loading-container"><div class="lds-ring"><div></div><div></div><div></div><div></div></div></div></div>
  </body>
</html>
`;

/** Where the frontend's configuration points: known only once the other listeners are bound. */
export interface FrontendSite {
  controllerUrl(): string;
  oidcUrl(): string;
  clientId: string;
}

export function createFrontendApp(site: FrontendSite): Handler {
  return (req): SandboxResponse => {
    if (req.method !== "GET" && req.method !== "HEAD") return nginxErrorPage(405);
    const path = req.url.pathname;
    if (path === CLIENT_DOCUMENT) {
      const document = `{\n  "opentalk_controller": {\n    "base_url": "${site.controllerUrl()}"\n  }\n}\n`;
      return { status: 200, headers: { ...NO_CACHE, "Content-Type": "application/json" }, body: document };
    }
    if (path.startsWith(CLIENT_DOCUMENT) || path === "/static" || path.startsWith("/static/")) return nginxErrorPage(404);
    if (path === "/config.js") return { status: 200, headers: { ...NO_CACHE, "Content-Type": "application/javascript" }, body: configJs(site) };
    return { status: 200, headers: { ...NO_CACHE, "Content-Type": "text/html" }, body: INDEX_HTML };
  };
}

function configJs(site: FrontendSite): string {
  const controller = new URL(site.controllerUrl());
  return `window.config = {
  controller: "${controller.host}",
  insecure: ${controller.protocol === "http:"},
  baseUrl: location.origin,
  oidcConfig: {
    authority: "${site.oidcUrl()}",
    clientId: "${site.clientId}",
    scope: "openid profile email",
    redirectPath: "/auth/callback",
    signOutRedirectUri: "/dashboard",
    popupRedirectPath: "/auth/popup_callback",
  },
};
`;
}
