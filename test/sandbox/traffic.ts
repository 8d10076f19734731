/**
 * What the network side of the sandbox saw, for benchmarks: how many TCP connections each listener accepted (few,
 * when a client's keep-alive works) and the most requests each service was answering at once (what a client's
 * concurrency really reached, after its connection pool and any lock of its own). The request log cannot tell
 * either: it has no connections, and no times at which requests overlapped.
 *
 * One more figure answers "does a token renewal hold everything up?": the controller requests that arrived while
 * Keycloak was answering a token grant. A client that makes every request wait for its renewal sends none then.
 *
 * Counted from the sandbox's start, or from the last `clearRequests()`/`reset()`, like the request log.
 */
import type { ServiceName } from "./types";

export interface TrafficCounts {
  /** TCP connections each listener accepted (the controller's include those of the admin API, if it is used). */
  connections: Record<ServiceName, number>;
  /** The most requests a service was handling at the same moment (body read, answered, latency included). */
  peakInFlight: Record<ServiceName, number>;
  /** Controller requests (not the admin API) that arrived while Keycloak was answering a `POST …/token`. */
  controllerRequestsDuringTokenGrants: number;
}

const TOKEN_ENDPOINT = /\/protocol\/openid-connect\/token(\?|$)/;

export class Traffic {
  private connections = perService();
  private peak = perService();
  private readonly inFlight = perService();
  private tokenGrantsInFlight = 0;
  private duringGrants = 0;

  connectionAccepted(service: ServiceName): void {
    this.connections[service]++;
  }

  /** A request is being handled; call the returned function once it is answered (or dropped). */
  requestStarted(service: ServiceName, method: string, path: string): () => void {
    const tokenGrant = service === "keycloak" && method === "POST" && TOKEN_ENDPOINT.test(path);
    if (service === "controller" && this.tokenGrantsInFlight > 0) this.duringGrants++;
    if (tokenGrant) this.tokenGrantsInFlight++;
    this.inFlight[service]++;
    this.peak[service] = Math.max(this.peak[service], this.inFlight[service]);
    let finished = false;
    return () => {
      if (finished) return;
      finished = true;
      this.inFlight[service]--;
      if (tokenGrant) this.tokenGrantsInFlight--;
    };
  }

  counts(): TrafficCounts {
    return { connections: { ...this.connections }, peakInFlight: { ...this.peak }, controllerRequestsDuringTokenGrants: this.duringGrants };
  }

  /** Starts counting afresh; requests still being answered count towards the new peak. */
  clear(): void {
    this.connections = perService();
    this.peak = { ...this.inFlight };
    this.duringGrants = 0;
  }
}

function perService(): Record<ServiceName, number> {
  return { controller: 0, keycloak: 0, frontend: 0 };
}
