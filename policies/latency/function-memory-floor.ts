/**
 * `function-memory-floor`: latency-critical functions get at least one full vCPU, because every
 * platform here sizes CPU by memory and a fractional CPU stretches cold starts and tail latency.
 * Lambda grants one vCPU at 1,769 MB; Azure Flex Consumption instances come in 512, 2,048 and
 * 4,096 MB (2,048 is the default and the smallest with a full core); Cloud Run sets CPU directly,
 * and Cloud Functions (gen2) derives it from memory unless `availableCpu` is set (1 vCPU at 2 GiB).
 */
import type { ResourceValidationPolicy } from "@pulumi/policy";
import { configOf } from "../lib/config";
import { isLatencyCritical } from "../lib/latency-class";
import { forTypes } from "../lib/policy";
import { asArray, asNumber, asString, pathOf } from "../lib/resource";
import { AWS, AZURE, GCP } from "../lib/resource-types";

/** Config of `function-memory-floor`. */
export interface MemoryFloorConfig {
  /** Minimum Lambda `memorySize` in MB. */
  lambdaMinMemoryMb: number;
  /** Minimum Azure Flex Consumption `instanceMemoryMB`. */
  azureMinInstanceMemoryMb: number;
  /** Minimum vCPUs of a Cloud Run container or Cloud Function. */
  gcpMinCpu: number;
  /** Minimum memory of a Cloud Run container or Cloud Function, in MiB. */
  gcpMinMemoryMb: number;
}

const DEFAULTS: MemoryFloorConfig = {
  lambdaMinMemoryMb: 1769,
  azureMinInstanceMemoryMb: 2048,
  gcpMinCpu: 1,
  gcpMinMemoryMb: 512,
};

/** vCPUs in a Kubernetes-style quantity: `"1"`, `"2"`, `"1000m"`, `"0.5"`. */
export function parseCpu(value: string): number | undefined {
  const m = /^(\d+(?:\.\d+)?)(m?)$/.exec(value.trim());
  return m ? Number(m[1]) / (m[2] ? 1000 : 1) : undefined;
}

/** MiB in a memory quantity: `"512Mi"`, `"1Gi"`, `"256M"`, `"2G"` (decimal and binary alike). */
export function parseMemoryMb(value: string): number | undefined {
  const m = /^(\d+(?:\.\d+)?)\s*(K|Ki|M|Mi|G|Gi)?$/i.exec(value.trim());
  if (!m) return undefined;
  const unit = (m[2] ?? "").toLowerCase().replace("i", "");
  const n = Number(m[1]);
  return unit === "g" ? n * 1024 : unit === "k" ? n / 1024 : unit === "m" ? n : n / (1024 * 1024);
}

/** The vCPUs Cloud Functions (gen2) gives a memory size when `availableCpu` is unset. */
export function cloudFunctionsDefaultCpu(memoryMb: number): number {
  const tiers: [number, number][] = [
    [128, 0.083],
    [256, 0.167],
    [512, 0.333],
    [1024, 0.583],
    [2048, 1],
    [8192, 2],
    [16384, 4],
    [32768, 8],
  ];
  return tiers.find(([mb]) => memoryMb <= mb)?.[1] ?? 8;
}

function problems(type: string, p: Record<string, unknown>, c: MemoryFloorConfig): string[] {
  switch (type) {
    case AWS.lambdaFunction: {
      const mb = asNumber(pathOf(p, "memorySize")) ?? 128;
      return mb >= c.lambdaMinMemoryMb
        ? []
        : [
            `Lambda function must set memorySize to at least ${c.lambdaMinMemoryMb} MB; found ${mb} MB.`,
          ];
    }
    case AZURE.webApp: {
      const scale = pathOf(p, "functionAppConfig", "scaleAndConcurrency");
      if (scale === undefined) return [];
      const mb = asNumber(pathOf(scale, "instanceMemoryMB")) ?? 2048;
      return mb >= c.azureMinInstanceMemoryMb
        ? []
        : [
            `Flex Consumption function app must set instanceMemoryMB to at least ${c.azureMinInstanceMemoryMb}; found ${mb}.`,
          ];
    }
    case GCP.cloudRunService:
      return asArray(pathOf(p, "template", "containers")).flatMap((container, i) => {
        const limits = pathOf(container, "resources", "limits");
        const cpuText = asString(pathOf(limits, "cpu")) ?? "1";
        const memText = asString(pathOf(limits, "memory")) ?? "512Mi";
        const out: string[] = [];
        if ((parseCpu(cpuText) ?? 0) < c.gcpMinCpu) {
          out.push(
            `Cloud Run container ${i} must have a cpu limit of at least ${c.gcpMinCpu}; found "${cpuText}".`,
          );
        }
        if ((parseMemoryMb(memText) ?? 0) < c.gcpMinMemoryMb) {
          out.push(
            `Cloud Run container ${i} must have a memory limit of at least ${c.gcpMinMemoryMb}Mi; found "${memText}".`,
          );
        }
        return out;
      });
    default: {
      const memText = asString(pathOf(p, "serviceConfig", "availableMemory")) ?? "256M";
      const memMb = parseMemoryMb(memText) ?? 0;
      const cpuText = asString(pathOf(p, "serviceConfig", "availableCpu"));
      const cpu =
        cpuText === undefined ? cloudFunctionsDefaultCpu(memMb) : (parseCpu(cpuText) ?? 0);
      const out: string[] = [];
      if (cpu < c.gcpMinCpu) {
        out.push(
          `Cloud Function must have at least ${c.gcpMinCpu} vCPU (serviceConfig.availableCpu, or availableMemory of 2Gi); found ${cpu} vCPU.`,
        );
      }
      if (memMb < c.gcpMinMemoryMb) {
        out.push(
          `Cloud Function must set serviceConfig.availableMemory to at least ${c.gcpMinMemoryMb}Mi; found "${memText}".`,
        );
      }
      return out;
    }
  }
}

/** The policy. */
export const functionMemoryFloor: ResourceValidationPolicy = {
  name: "function-memory-floor",
  description:
    "Latency-critical functions are sized for at least one full vCPU (Lambda memory, Flex instance memory, Cloud Run / Cloud Functions CPU and memory).",
  enforcementLevel: "mandatory",
  severity: "medium",
  configSchema: {
    properties: {
      lambdaMinMemoryMb: {
        type: "integer",
        minimum: 128,
        maximum: 10240,
        default: 1769,
        description: "Minimum Lambda memorySize in MB (1769 = one vCPU).",
      },
      azureMinInstanceMemoryMb: {
        type: "integer",
        enum: [512, 2048, 4096],
        default: 2048,
        description: "Minimum Flex Consumption instanceMemoryMB.",
      },
      gcpMinCpu: {
        type: "number",
        minimum: 0.08,
        default: 1,
        description: "Minimum vCPUs of a Cloud Run container or Cloud Function.",
      },
      gcpMinMemoryMb: {
        type: "integer",
        minimum: 128,
        default: 512,
        description: "Minimum memory of a Cloud Run container or Cloud Function in MiB.",
      },
    },
  },
  validateResource: forTypes(
    [AWS.lambdaFunction, AZURE.webApp, GCP.cloudRunService, GCP.cloudFunction],
    (args, reportViolation) => {
      if (!isLatencyCritical(args)) return;
      for (const problem of problems(args.type, args.props, configOf(args, DEFAULTS)))
        reportViolation(problem);
    },
  ),
};
