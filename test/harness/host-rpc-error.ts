import type * as grpcTypes from "@grpc/grpc-js";
import { grpc, providerPb, statusPb } from "./sdk-modules";

/**
 * What a `create`/`update` that threw an error carrying `id` sends back: the resource exists but did not
 * initialize. The engine records it with this id and these properties instead of leaking it.
 */
export interface InitFailure {
    id: string;
    properties: Record<string, unknown>;
    reasons: string[];
}

const INIT_FAILED_TYPE = "pulumirpc.ErrorResourceInitFailed";

/** An RPC to the dynamic-provider host failed; carries the gRPC status as the engine would see it. */
export class HostRpcError extends Error {
    override readonly name = "HostRpcError";

    constructor(
        readonly method: string,
        /** gRPC status code; the host maps every thrown provider error to UNKNOWN (2). */
        readonly code: number,
        /** The provider's error message as the host forwarded it (`e.message`). */
        readonly details: string,
        readonly initFailure?: InitFailure,
    ) {
        super(`${method} failed with gRPC ${grpc.status[code] ?? code}: ${details}`);
    }

    static fromServiceError(method: string, error: grpcTypes.ServiceError): HostRpcError {
        return new HostRpcError(method, error.code, error.details, initFailureFrom(error.metadata));
    }
}

export function isHostRpcError(error: unknown): error is HostRpcError {
    return error instanceof HostRpcError;
}

/**
 * grpc-js leaves `grpc-status-details-bin` undecoded in the trailers; the host packs the init failure
 * there as a google.rpc.Status whose details hold an Any (cmd/dynamic-provider/index.ts grpcResponseFromError).
 */
function initFailureFrom(metadata: grpcTypes.Metadata | undefined): InitFailure | undefined {
    const [raw] = metadata?.get("grpc-status-details-bin") ?? [];
    if (raw === undefined) {
        return undefined;
    }
    const status = statusPb.Status.deserializeBinary(typeof raw === "string" ? Buffer.from(raw, "binary") : raw);
    for (const any of status.getDetailsList()) {
        if (any.getTypeName() !== INIT_FAILED_TYPE) {
            continue;
        }
        const detail = any.unpack(providerPb.ErrorResourceInitFailed.deserializeBinary, INIT_FAILED_TYPE);
        if (detail) {
            return {
                id: detail.getId(),
                properties: (detail.getProperties()?.toJavaScript() ?? {}) as Record<string, unknown>,
                reasons: detail.getReasonsList(),
            };
        }
    }
    return undefined;
}
