/**
 * Telling "unset" from "not known yet". During `pulumi preview` a computed input reads as an
 * unknown value; a policy that treats it as unset would report a violation the deployment may
 * never have.
 */
import { UnknownValueError } from "@pulumi/policy";

/**
 * Whether reading `path` from `props` touches a value that is unknown during preview (the value
 * itself or an object on the way to it). Missing properties are not unknown.
 */
export function isUnknown(props: unknown, ...path: (string | number)[]): boolean {
  try {
    let v: unknown = props;
    for (const key of path) {
      if (v === null || typeof v !== "object") return false;
      v = (v as Record<string | number, unknown>)[key];
    }
    return false;
  } catch (e) {
    if (e instanceof UnknownValueError) return true;
    throw e;
  }
}
