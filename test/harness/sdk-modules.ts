// The gRPC and protobuf modules exactly as the SDK's generated stubs load them. A second copy of
// google-protobuf or grpc-js would make `instanceof` checks inside the stubs fail, so everything is
// resolved relative to @pulumi/pulumi rather than from this file.
import * as path from "path";
import { createRequire } from "module";

export const sdkPackageJson = require.resolve("@pulumi/pulumi/package.json");
export const sdkDir = path.dirname(sdkPackageJson);
export const sdkRequire = createRequire(sdkPackageJson);

export const grpc = sdkRequire("@grpc/grpc-js") as typeof import("@grpc/grpc-js");
export const { Struct } = sdkRequire("google-protobuf/google/protobuf/struct_pb") as
    typeof import("google-protobuf/google/protobuf/struct_pb");
export const providerPb = sdkRequire("./proto/provider_pb") as typeof import("@pulumi/pulumi/proto/provider_pb");
export const providerGrpcPb = sdkRequire("./proto/provider_grpc_pb") as
    typeof import("@pulumi/pulumi/proto/provider_grpc_pb");
export const statusPb = sdkRequire("./proto/status_pb") as typeof import("@pulumi/pulumi/proto/status_pb");
export const analyzerPb = sdkRequire("./proto/analyzer_pb") as typeof import("@pulumi/pulumi/proto/analyzer_pb");
export const analyzerGrpcPb = sdkRequire("./proto/analyzer_grpc_pb") as
    typeof import("@pulumi/pulumi/proto/analyzer_grpc_pb");
export const { Empty } = sdkRequire("google-protobuf/google/protobuf/empty_pb") as
    typeof import("google-protobuf/google/protobuf/empty_pb");
