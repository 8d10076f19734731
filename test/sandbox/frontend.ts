/** The OpenTalk web frontend, reduced to the one document clients read: where the controller is. */
import { emptyResponse, Handler, jsonResponse } from "./http-server";

export function createFrontendApp(controllerUrl: () => string): Handler {
  return (req) => {
    if (req.method === "GET" && req.url.pathname === "/.well-known/opentalk/client") {
      return jsonResponse(200, { opentalk_controller: { base_url: controllerUrl() } });
    }
    return emptyResponse(404);
  };
}
